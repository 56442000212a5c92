"""Two gunicorn app processes and one RQ worker on one PostgreSQL and one Redis behave as one: a
respondent whose every request goes to the other process walks through the questionnaire to the
PDF, while an admin's spreadsheet export, started on one, is built by the worker and fetched from
the other. Runs on PostgreSQL (make test-postgres, and CI), where servers really share a database.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar

import pytest

from tests.live_server import ROOT, production_env, start_gunicorn
from tests.webapp.admin.conftest import ADMIN_EMAIL, PASSWORD, csrf_from
from tests.webapp.questionnaire.support import MINI, Respondent


@dataclass
class Reply:
    status_code: int
    headers: dict
    data: bytes

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return urllib.parse.urlsplit(self.headers.get("Location", "")).path + (
            "?" + urllib.parse.urlsplit(self.headers["Location"]).query if "?" in self.headers.get("Location", "") else ""
        )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class AlternatingClient:
    """A browser (one cookie jar) whose successive requests go to each server in turn."""

    def __init__(self, servers: list[str]) -> None:
        self.servers = itertools.cycle(servers)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirects())
        self.served_by: list[str] = []

    def open(self, path: str, data: dict | None = None, headers: dict | None = None) -> Reply:
        base = next(self.servers)
        self.served_by.append(base)
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as reply:
                return Reply(reply.status, dict(reply.headers), reply.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, dict(error.headers), error.read())

    def get(self, path: str, headers: dict | None = None, **_: object) -> Reply:
        return self.open(path, headers=headers)

    def post(self, path: str, data: dict | None = None, **_: object) -> Reply:
        return self.open(path, data=data or {})


def until_ready(client: AlternatingClient, path: str, seconds: float = 120) -> Reply:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        reply = client.get(path)
        if reply.status_code != 202:
            return reply
        time.sleep(0.3)
    raise AssertionError(f"{path} still being prepared after {seconds} s")


@pytest.fixture(scope="module")
def shared_services(database_url, redis_url, queue_name, tmp_path_factory):  # type: ignore[no-untyped-def]
    if database_url.startswith("sqlite"):
        pytest.skip("several servers share a PostgreSQL database: make test-postgres (make test deselects this test)")
    from tests.conftest import migrated_app

    setup = migrated_app(database_url, INSTRUMENTS=[MINI])
    app = next(setup)
    from webapp.admin import services

    with app.app_context():
        services.create_admin(ADMIN_EMAIL, PASSWORD, "admin")
    env = production_env(
        database_url, INSTRUMENTS=MINI, REDIS_URL=redis_url, JOB_QUEUE_NAME=queue_name + "-servers", CACHE_BACKEND="database",
        SPREADSHEET_MAX_RESPONSES="0",
    )
    logs = tmp_path_factory.mktemp("servers")
    worker_log = open(logs / "worker.log", "w", encoding="utf-8")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "webapp:create_app", "worker"], cwd=ROOT, env=env, stdout=worker_log, stderr=subprocess.STDOUT
    )
    servers = [start_gunicorn(env, workers=1, log_path=logs / f"web-{n}.log") for n in (1, 2)]
    try:
        yield app, servers, logs
    finally:
        for server in servers:
            server.stop()
        worker.terminate()
        worker.wait(timeout=30)
        worker_log.close()
        _empty_tables(app)  # the next tests start on empty tables, as the shared fixture leaves them
        next(setup, None)


def _empty_tables(app) -> None:  # type: ignore[no-untyped-def]
    from webapp.extensions import db

    with app.app_context():
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()


@pytest.mark.postgres
def test_two_servers_and_a_worker_act_as_one(shared_services):  # type: ignore[no-untyped-def]
    app, servers, logs = shared_services
    urls = [server.url for server in servers]

    admin = AlternatingClient(urls)
    sign_in_page = admin.get("/admin/sign-in")
    assert admin.post("/admin/sign-in", {"email": ADMIN_EMAIL, "password": PASSWORD, "csrf_token": csrf_from(sign_in_page.text)}).status_code == 302
    export = admin.get("/admin/export/responses.xlsx")  # over SPREADSHEET_MAX_RESPONSES (0): the queue takes it
    assert export.status_code == 303, export.text

    respondent = Respondent(AlternatingClient(urls))
    respondent.complete()
    assert respondent.submit().status_code == 302
    assert respondent.get("/result").status_code == 200
    asked = respondent.client.get("/result/pdf", headers={"X-Request-ID": "two-servers-pdf"})
    assert asked.status_code in (200, 202)
    pdf = until_ready(respondent.client, "/result/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")

    spreadsheet = until_ready(admin, export.location)
    assert spreadsheet.status_code == 200 and spreadsheet.data[:2] == b"PK"  # a zip: the .xlsx

    assert set(respondent.client.served_by) == set(urls) and set(admin.served_by) == set(urls)
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import Response

    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(Response)).scalar() == 1
    worker_log = (logs / "worker.log").read_text(encoding="utf-8")
    assert '"request_id": "two-servers-pdf"' in worker_log  # the job logged with the id of the request that asked
    for server in servers:
        assert '"route": "/step/<step_id>"' in server.log()  # JSON request lines, on both processes
