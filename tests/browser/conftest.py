"""Browser tests: Debian's Chromium, driven by Playwright, against the app under gunicorn.

Every test here carries the `browser` marker (`make test` leaves them out, `make test-browser` and
CI run them). `check_page(page, name)` saves a screenshot, runs axe-core (WCAG 2.1 AA) and keeps
the page's HTML as served; at the end of the session the Nu Html Checker validates every page kept.
A missing tool (chromium, java, node_modules) skips on a workstation and fails under CI=true.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.browser.checks import ARTIFACTS, AXE_SCRIPT, VNU_JAR, PageChecks, validate_html
from tests.live_server import production_env, start_gunicorn

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):  # type: ignore[no-untyped-def]
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


def require(found: object, what: str, how: str) -> None:
    """A missing tool is a skip on a workstation and a failure in CI."""
    if found:
        return
    message = f"{what} is missing ({how})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}: under CI=true a missing tool is a failure, not a skip", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def live_server(app, database_url):  # type: ignore[no-untyped-def]
    """The app as in production (gunicorn.conf.py, two workers) on the test database, already migrated by `app`."""
    log_dir = ARTIFACTS / "browser"
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"gunicorn-{os.getpid()}.log"  # one per test session: two sessions may run at once
    server = start_gunicorn(production_env(database_url), workers=2, log_path=log)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium; Playwright never downloads a browser of its own here."""
    executable = shutil.which("chromium")
    require(executable, "chromium", "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def page_checks(tmp_path_factory):  # type: ignore[no-untyped-def]
    """Collects every checked page; at the end of the session vnu validates them all."""
    require(AXE_SCRIPT.exists(), "axe-core", "run npm ci")
    require(VNU_JAR.exists(), "vnu-jar", "run npm ci")
    require(shutil.which("java"), "java", "apt-get install default-jre-headless")
    checks = PageChecks(tmp_path_factory.mktemp("html"))
    yield checks
    if not checks.html_files:
        return
    errors = validate_html(checks.html_files)
    if errors:
        report = "\n".join(errors)
        pytest.fail(f"The Nu Html Checker found {len(errors)} error(s) (pages in {checks.html_dir}):\n{report}", pytrace=False)


@pytest.fixture
def open_page(browser, live_server, page_checks):  # type: ignore[no-untyped-def]
    """`open_page()`: a tab in a fresh browser context (no cookies: another visitor, or the same one
    on another day) on the live server. CSP is bypassed only so that axe can be injected."""
    contexts = []

    def open_() -> object:
        context = browser.new_context(
            base_url=live_server.url,
            bypass_csp=True,
            locale="en-GB",
            accept_downloads=True,
            viewport={"width": 1024, "height": 768},
        )
        contexts.append(context)
        tab = context.new_page()
        page_checks.watch(tab)
        return tab

    yield open_
    for context in contexts:
        for tab in context.pages:
            page_checks.forget(tab)
        context.close()


@pytest.fixture
def page(open_page):  # type: ignore[no-untyped-def]
    return open_page()


@pytest.fixture
def check_page(page_checks):  # type: ignore[no-untyped-def]
    """`check_page(page, name)`: screenshot, axe (zero WCAG 2.1 AA violations), HTML kept for vnu."""
    return page_checks.check


@pytest.fixture
def downloads():  # type: ignore[no-untyped-def]
    """`downloads(download)`: saves a Playwright download under artifacts/downloads, returns its path."""
    target = ARTIFACTS / "downloads"
    target.mkdir(parents=True, exist_ok=True)

    def save(download) -> Path:  # type: ignore[no-untyped-def]
        path = target / download.suggested_filename
        download.save_as(path)
        return path

    return save
