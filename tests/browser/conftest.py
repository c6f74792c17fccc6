"""Browser fixtures: the seeded service behind a real uvicorn server, and Debian's Chromium.

One server per module (its database is a clone of the seeded template); one browser per
module; a fresh browser context (no cookies) per test. Every page records console errors and
uncaught exceptions so a test can assert there were none (a CSP violation is one).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from reconcile.app import create_app
from reconcile.embedding.embed import Embedder
from reconcile.startup import Service
from tests.browser.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    live_server,
    seeded_service,
    seeded_template,
    settings_for,
)
from tests.conftest import drop_database

TOKEN = "browser-test-token"


@dataclass
class Live:
    url: str
    service: Service
    token: str


@dataclass
class Watched:
    """A page and what went wrong on it."""

    page: Page
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def seeded(pg_url: str, template_url: str, embedder: Embedder,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    name = seeded_template(pg_url, embedder, tmp_path_factory.mktemp("seed"))
    yield name
    drop_database(pg_url, name)


@pytest.fixture(scope="module")
def live(pg_url: str, seeded: str, embedder: Embedder,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    settings = settings_for(tmp_path_factory.mktemp("live"), token=TOKEN)
    with seeded_service(pg_url, seeded, settings, embedder) as service, \
            live_server(create_app(settings, service.db, service.ingestor)) as url:
        yield Live(url=url, service=service, token=TOKEN)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def watched(browser: Browser, live: Live) -> Iterator[Watched]:
    # A laptop screen: the queue should show 20 conflicts at this size.
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=live.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    seen = Watched(page=page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            seen.errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: seen.errors.append(str(exc)))
    yield seen
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
