"""The shopping UI driven in Debian's headless Chromium: cards, buttons, chips, reloads, two shoppers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from convrec.tools.facts import format_price

from convrec.cli_catalog import ingest_file
from convrec.compose import build_agent
from convrec.settings import Settings
from tests.catalog_fixture import write_jsonl

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting"),  # inside gradio's queue, not ours
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]
OUT = Path(__file__).resolve().parents[1] / "test-output" / "ui"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory):
    """The fixture catalog in its own home (button presses write logs), served on a free port."""
    from convrec.ui.app import build_app, serve
    from convrec.ui.screenshot import free_port

    home = tmp_path_factory.mktemp("ui-home")
    settings = Settings(home=home, catalog="shop")
    ingest_file(settings, write_jsonl(home / "shop.jsonl"), "shop", None, show_progress=False)
    agent = build_agent(settings, "shop")
    app = build_app(lambda name: agent, settings, stream_delay_s=0.002)  # catalogs listed from home
    url = serve(app, "127.0.0.1", free_port(), block=False)
    yield url, agent
    app.close()


@pytest.fixture(scope="module")
def browser():
    from convrec.ui.screenshot import CHROMIUM, launch_chromium
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `apt-get install chromium` (scripts/test does it as root)")
    with sync_playwright() as pw:
        chromium = launch_chromium(pw)
        yield chromium
        chromium.close()


def cards(page) -> list[tuple[str, str]]:
    return page.eval_on_selector_all(
        "#cr-cards .cr-card", "els => els.map(e => [e.dataset.id, e.querySelector('.cr-price').textContent])"
    )


def user_messages(page) -> list[str]:
    return [t.strip() for t in page.locator("#cr-chat [data-testid=user]").all_inner_texts()]


def session_of(page) -> str:
    return page.evaluate("sessionStorage.getItem('convrec-session')")


def test_shopping_in_a_real_browser(shop, browser) -> None:
    from convrec.ui.screenshot import open_shop, say, wait_for_turn

    url, agent = shop
    catalog = agent.context.world.catalog
    OUT.mkdir(parents=True, exist_ok=True)
    requested: list[str] = []
    page = open_shop(browser, url, requests=requested)
    sid = session_of(page)
    assert re.fullmatch(r"[0-9a-f]{32}", sid)

    # Shift+Enter is a newline, not a send
    page.fill("#cr-input textarea", "a desk")
    page.press("#cr-input textarea", "Shift+Enter")
    assert page.input_value("#cr-input textarea") == "a desk\n" and user_messages(page) == []

    # a request shows cards whose prices are the catalog's
    say(page, "a desk under 500")
    wait_for_turn(page, 1)
    shown = cards(page)
    assert shown, "no product cards appeared"
    for product_id, price_text in shown:
        product = catalog.get(product_id)
        assert product is not None and product.price is not None and product.price < 500
        assert price_text == format_price(product.price, product.currency)
    page.screenshot(path=str(OUT / "1-recommendations.png"), full_page=True)

    # "not for me" is a turn of the conversation, and the item does not come back
    first_id = shown[0][0]
    page.click(f'#cr-cards .cr-card[data-id="{first_id}"] button[data-action=reject]')
    wait_for_turn(page, 2)
    assert user_messages(page)[-1].startswith("Not for me: ")
    assert cards(page) and first_id not in [i for i, _ in cards(page)]
    assert first_id in agent.belief(sid).rejected

    # removing the price chip removes the constraint from the belief
    assert any(c.field == "price" for c in agent.belief(sid).constraints)
    page.locator("#cr-knows .cr-chip", has_text="price").locator("button").click()
    page.wait_for_function("() => !document.querySelector('#cr-knows').textContent.includes('price under')")
    assert not any(c.field == "price" for c in agent.belief(sid).constraints)

    # add to cart and like: the cart panel totals catalog prices, the liked item is listed
    kept = [i for i, _ in cards(page)]
    page.click(f'#cr-cards .cr-card[data-id="{kept[0]}"] button[data-action=cart]')
    wait_for_turn(page, 3)
    page.click(f'#cr-cards .cr-card[data-id="{kept[-1]}"] button[data-action=like]')
    wait_for_turn(page, 4)
    bought, liked = catalog.get(kept[0]), catalog.get(kept[-1])
    assert bought is not None and liked is not None and bought.price is not None
    assert page.inner_text("#cr-cart .cr-total strong") == format_price(bought.price, bought.currency)
    assert liked.title in page.inner_text("#cr-knows .cr-list")
    assert agent.belief(sid).cart == [kept[0]] and [i for i, _ in cards(page)] == kept
    page.screenshot(path=str(OUT / "2-after-reject-chip-cart-like.png"), full_page=True)

    # a reload resumes the same conversation and cards
    before = cards(page)
    page.reload()
    page.wait_for_selector("#cr-chat [data-testid=user]", timeout=30_000)
    assert session_of(page) == sid
    assert user_messages(page)[0] == "a desk under 500" and len(user_messages(page)) == 4
    assert [i for i, _ in cards(page)] == [i for i, _ in before]

    # a second shopper (another browser context) at the same time sees only their own conversation
    other = open_shop(browser, url, 390, 844, requests=requested)
    assert session_of(other) != sid and user_messages(other) == []
    say(other, "a phone")
    wait_for_turn(other, 1)
    assert user_messages(other) == ["a phone"]
    other.screenshot(path=str(OUT / "3-second-shopper-phone.png"), full_page=True)
    other.click("#cr-retry")  # re-sends the last message
    wait_for_turn(other, 2)
    assert user_messages(other) == ["a phone", "a phone"]
    page.reload()
    page.wait_for_selector("#cr-chat [data-testid=user]", timeout=30_000)
    assert "a phone" not in user_messages(page) and len(user_messages(page)) == 4
    old = session_of(other)
    other.click("#cr-reset")  # a new conversation: a new session, an empty chat
    other.wait_for_function("(old) => sessionStorage.getItem('convrec-session') !== old", arg=old)
    assert user_messages(other) == [] and agent.transcript(session_of(other)) == []
    off_site = [u for u in requested if not u.startswith((url, "data:", "blob:"))]
    assert len(requested) > 5 and off_site == [], f"the page fetched something beyond the app: {off_site[:3]}"
    page.context.close()
    other.context.close()


def test_empty_home_says_how_to_ingest(tmp_path: Path) -> None:
    from convrec.ui.app import build_app

    def no_agent(name: str):
        raise AssertionError(f"nothing to open, yet asked for {name}")

    app = build_app(no_agent, Settings(home=tmp_path))
    assert "convrec ingest products.jsonl --catalog shop" in json.dumps(app.config)


def test_cards_escape_catalog_text() -> None:
    from convrec.agent.draft import ProductPoint
    from convrec.ui.cards import product_cards

    evil = ProductPoint(
        id='x"1',
        title="<img src=x onerror=alert(1)>",
        price=1.0,
        currency="USD",
        price_text="$1.00",
        image="javascript:alert(1)",
        facts={"<b>": "<i>"},
    )
    html = product_cards([evil], {})
    assert "<img src=x" not in html and "javascript:" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and 'data-id="x&quot;1"' in html


def test_demo_files_ship_with_the_package() -> None:
    from convrec.demo import demo_file

    assert demo_file("catalog.jsonl").stat().st_size > 0 and demo_file("interactions.jsonl").exists()
