"""Units of measure: every numeric attribute is stored in its dimension's base unit.

Stored values use one base unit per dimension (cm, GB, kg, mAh, W, h, Hz, L) so that a constraint
in any unit the shopper types compares exactly with any unit the catalog used.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    symbol: str
    dimension: str
    factor: float  # multiply by this to get the dimension's base unit


BASE_UNIT = {
    "length": "cm",
    "storage": "GB",
    "mass": "kg",
    "charge": "mAh",
    "power": "W",
    "time": "h",
    "frequency": "Hz",
    "volume": "L",
}

_UNITS: dict[str, Unit] = {}


def _add(dimension: str, factor: float, *names: str) -> None:
    for name in names:
        _UNITS[name] = Unit(names[0], dimension, factor)


_add("length", 1.0, "cm", "cms", "centimeter", "centimeters", "centimetre", "centimetres")
_add("length", 0.1, "mm", "millimeter", "millimeters", "millimetre", "millimetres")
_add("length", 100.0, "m", "meter", "meters", "metre", "metres")
_add("length", 2.54, "in", "inch", "inches", '"', "″")
_add("length", 30.48, "ft", "foot", "feet")
_add("storage", 1.0, "GB", "gb", "gig", "gigs", "gigabyte", "gigabytes")
_add("storage", 1024.0, "TB", "tb", "terabyte", "terabytes")
_add("storage", 1 / 1024, "MB", "mb", "megabyte", "megabytes")
_add("mass", 1.0, "kg", "kgs", "kilo", "kilos", "kilogram", "kilograms")
_add("mass", 0.001, "g", "gram", "grams")
_add("mass", 0.45359237, "lb", "lbs", "pound", "pounds")
_add("charge", 1.0, "mAh", "mah")
_add("power", 1.0, "W", "w", "watt", "watts")
_add("time", 1.0, "h", "hr", "hrs", "hour", "hours")
_add("frequency", 1.0, "Hz", "hz", "hertz")
_add("volume", 1.0, "L", "l", "liter", "liters", "litre", "litres")
_add("volume", 0.001, "ml", "milliliter", "milliliters", "millilitre", "millilitres")


def lookup(name: str) -> Unit | None:
    """Find a unit by any of its spellings (case-sensitive first, then folded)."""
    return _UNITS.get(name) or _UNITS.get(name.lower())


def to_base(value: float, unit: str) -> tuple[float, str]:
    """Convert a value to its dimension's base unit; unknown units pass through unchanged."""
    found = lookup(unit)
    if found is None:
        return value, unit
    return round(value * found.factor, 6), BASE_UNIT[found.dimension]


def dimension_of(unit: str | None) -> str | None:
    found = lookup(unit) if unit else None
    return found.dimension if found else None


def unit_names() -> list[str]:
    """All spellings, longest first, for building regular expressions."""
    return sorted(_UNITS, key=len, reverse=True)


def display(value: float, unit: str | None) -> str:
    """Render a stored value the way the reply and the grounding checker both write it."""
    number = f"{value:g}" if abs(value) < 1e6 else f"{value:.0f}"
    return f"{number} {unit}" if unit else number
