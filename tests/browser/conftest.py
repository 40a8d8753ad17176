"""A live Vigil for real-browser tests: the local OIDC provider, the app, and Debian's chromium.

The live app and the sign-in are `vigil.live_browser`'s, shared with the page benchmarks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from vigil.db import Database
from vigil.live_browser import CHROMIUM, LiveVigil, launch_chromium, running_vigil, sign_in

__all__ = ["LiveVigil", "sign_in"]

# CI machines have two cores and run solvers beside the app: give pages time to render.
expect.set_options(timeout=20_000)


@pytest.fixture(scope="session")
def live_vigil(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveVigil]:
    """Vigil and its sign-in provider on free loopback ports, with the demo people seeded."""
    root = tmp_path_factory.mktemp("live-vigil")
    with running_vigil(root, Database(f"sqlite:///{root / 'vigil.db'}")) as live:
        yield live


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()
