"""A respondent's PDF through the job queue in a real browser: the waiting page (checked by axe and
vnu) says the document is being prepared; once a worker has built it, its script says so and the
link downloads it. Needs Redis (a skip on a workstation without it, a failure under CI=true)."""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest

from tests.live_server import ROOT, production_env, start_gunicorn
from tests.webapp.operations.conftest import REDIS_TEST_URL, redis_answers
from tests.webapp.operations.test_several_servers import AlternatingClient
from tests.webapp.questionnaire.support import MINI, Respondent


@pytest.fixture(scope="module")
def queued_server(app, database_url, tmp_path_factory):  # type: ignore[no-untyped-def]
    from tests.browser.conftest import require

    require(redis_answers(REDIS_TEST_URL), "Redis", f"a Redis server on {REDIS_TEST_URL}")
    env = production_env(database_url, INSTRUMENTS=MINI, REDIS_URL=REDIS_TEST_URL, JOB_QUEUE_NAME=f"browser-{uuid.uuid4().hex[:8]}",
                         CACHE_BACKEND="database", RATE_LIMITS_ENABLED="false")
    with start_gunicorn(env, workers=1, log_path=tmp_path_factory.mktemp("queued") / "gunicorn.log") as server:
        yield server, env


def test_the_pdf_waiting_page_then_the_download(browser, queued_server, page_checks, downloads):  # type: ignore[no-untyped-def]
    server, env = queued_server
    client = AlternatingClient([server.url])
    respondent = Respondent(client)
    respondent.complete()
    assert respondent.submit().status_code == 302
    jar = next(h for h in client.opener.handlers if hasattr(h, "cookiejar")).cookiejar
    context = browser.new_context(base_url=server.url, bypass_csp=True, locale="en-GB", accept_downloads=True)
    context.add_cookies([{"name": c.name, "value": c.value, "url": server.url} for c in jar])
    page = context.new_page()
    try:
        page.goto("/result")
        page.get_by_role("link", name="Download this recommendation (PDF)").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == "Your document is being prepared"
        page_checks.check(page, "document-being-prepared")
        worker = subprocess.run([sys.executable, "-m", "flask", "--app", "webapp:create_app", "worker", "--burst"],
                                cwd=ROOT, env=env, capture_output=True, timeout=120)
        assert worker.returncode == 0, worker.stdout.decode()[-2000:]
        page.get_by_role("heading", name="Your document is ready").wait_for(timeout=30000)
        assert page.get_by_role("status").inner_text() == "Your document is ready."
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the document").click()
        assert downloads(download.value).read_bytes().startswith(b"%PDF")
    finally:
        context.close()
