"""Drive the shop in Debian's headless Chromium: the README screenshot, and the helpers the UI test uses.

    python -m convrec.ui.screenshot docs/screenshot.png   # ingests the demo shop first if needed

Never downloads a browser: it runs /usr/bin/chromium (`apt-get install chromium`).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TURN_DONE_JS = """(n) => !document.querySelector('#cr-status-line .cr-busy')
  && document.querySelectorAll('#cr-chat [data-testid=bot]').length === n"""
CONVERSATION = ["I need a desk for a small home office, under 300", "not black"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def launch_chromium(playwright: Any) -> Any:
    if not CHROMIUM.exists():
        raise FileNotFoundError(
            f"{CHROMIUM} is missing: install Debian's Chromium with `apt-get install chromium` "
            "(scripts/test does this as root); never let playwright download a browser"
        )
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


def open_shop(
    browser: Any, url: str, width: int = 1280, height: int = 900, requests: list[str] | None = None
) -> Any:
    """A new browser context (its own storage, so its own shopper) with the page loaded."""
    context = browser.new_context(viewport={"width": width, "height": height})
    if requests is not None:  # every URL the page asks for, to prove nothing leaves the machine
        context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#cr-knows .cr-panel", timeout=60_000)  # the session is restored
    return page


def say(page: Any, text: str) -> None:
    page.fill("#cr-input textarea", text)
    page.press("#cr-input textarea", "Enter")


def wait_for_turn(page: Any, bot_messages: int, timeout_ms: int = 30_000) -> None:
    page.wait_for_function(TURN_DONE_JS, arg=bot_messages, timeout=timeout_ms)


def take(out: Path) -> None:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from convrec.ui.app import build_app, serve
    from playwright.sync_api import sync_playwright

    from convrec.compose import build_agent
    from convrec.demo import ensure_demo
    from convrec.settings import Settings

    settings = Settings()
    settings = settings.model_copy(update={"catalog": ensure_demo(settings)})
    agent = build_agent(settings, settings.catalog)
    app = build_app({settings.catalog: agent}, settings)
    url = serve(app, "127.0.0.1", free_port(), block=False)
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            page = open_shop(browser, url, 1280, 900)
            for turn, text in enumerate(CONVERSATION, start=1):
                say(page, text)
                wait_for_turn(page, turn)
            page.locator("#cr-cards .cr-card button[data-action=cart]").first.click()
            wait_for_turn(page, len(CONVERSATION) + 1)
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out), full_page=True)
            browser.close()
    finally:
        app.close()
    print(f"wrote {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs/screenshot.png"))
    take(parser.parse_args(argv).out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
