"""Function words the parsers read structure from: stop words, "for"-like markers, possessives."""

from __future__ import annotations

STOP = set(
    "a an the for my me i want need looking show find something some any with of in on to and or is are "
    "it that this please".split()
)
MARKERS = {"for", "with", "fits", "fit", "match", "matches", "matching", "compatible"}
# "charge my phone", "a grip for the back of your phone": what the shopper owns is what the product fits
POSSESSIVES = {"my", "your", "his", "her", "our", "their"}
REFERENCE_WORDS = {
    "the",
    "that",
    "this",
    "those",
    "these",
    "it",
    "them",
    "one",
    "ones",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "last",
    "more",
    "too",
    "so",
    "as",
    "expensive",
    "cheap",
    "longer",
}
