"""Documents through the RQ queue on a real Redis, worked by an in-process worker in burst mode:
the page says the document is being prepared and offers it once ready; one job per document; a
failed job says so and can be retried; the request id travels with the job; deleting or
anonymising a response erases its stored documents; spreadsheets of any size, with progress."""

from __future__ import annotations

import io
import logging

import pytest
from rq.job import Job

from tests.conftest import migrated_app
from tests.webapp.admin.conftest import ADMIN_EMAIL, PASSWORD, csrf_from, post_confirmed, sign_in
from tests.webapp.questionnaire.support import MINI, Respondent


@pytest.fixture(scope="module")
def app(database_url, redis_url, queue_name):  # type: ignore[no-untyped-def]
    yield from migrated_app(
        database_url, INSTRUMENTS=[MINI], REDIS_URL=redis_url, JOB_QUEUE="rq", JOB_QUEUE_NAME=queue_name,
        CACHE_BACKEND="database", SPREADSHEET_MAX_RESPONSES=1, JOB_TIMEOUT=77,
    )


@pytest.fixture(autouse=True)
def _empty_queue(app):  # type: ignore[no-untyped-def]
    yield
    from rq.registry import FailedJobRegistry, FinishedJobRegistry

    from webapp.jobs.connection import job_queue

    with app.app_context():
        queue = job_queue(app)
        for registry in (FailedJobRegistry(queue=queue), FinishedJobRegistry(queue=queue)):
            for job_id in registry.get_job_ids():
                Job.fetch(job_id, connection=queue.connection).delete()
        queue.empty()


def work(app) -> None:  # type: ignore[no-untyped-def]
    from webapp.jobs.worker import document_worker

    with app.app_context():
        document_worker(app, simple=True).work(burst=True, logging_level="WARNING")


def queued_ids(app) -> list[str]:  # type: ignore[no-untyped-def]
    from webapp.jobs.connection import job_queue

    with app.app_context():
        return job_queue(app).get_job_ids()


@pytest.fixture
def submitted(client) -> Respondent:  # type: ignore[no-untyped-def]
    respondent = Respondent(client)
    respondent.complete()
    respondent.submit()
    return respondent


@pytest.fixture
def admin(app):  # type: ignore[no-untyped-def]
    from webapp.admin import services

    with app.app_context():
        services.create_admin(ADMIN_EMAIL, PASSWORD, "admin")
    client = app.test_client()
    assert sign_in(client, ADMIN_EMAIL).status_code == 302
    return client


def test_the_pdf_is_prepared_by_a_worker_then_offered(app, submitted):  # type: ignore[no-untyped-def]
    result_page = submitted.get("/result").get_data(as_text=True)
    assert 'href="/result/pdf" download' not in result_page  # a page may come back, not only the file
    waiting = submitted.client.get("/result/pdf")
    assert waiting.status_code == 202
    page = waiting.get_data(as_text=True)
    assert "Your document is being prepared" in page and 'href="/result/pdf"' in page
    assert submitted.client.get("/result/pdf", headers={"Accept": "application/json"}).get_json()["state"] == "preparing"
    work(app)
    assert submitted.client.get("/result/pdf", headers={"Accept": "application/json"}).get_json()["state"] == "ready"
    ready = submitted.client.get("/result/pdf")
    assert ready.status_code == 200 and ready.data.startswith(b"%PDF")
    assert ready.headers["Content-Disposition"].startswith("attachment; filename=recommendation-")
    assert "no-store" in ready.headers["Cache-Control"]


def test_one_job_per_document_however_often_it_is_asked_for(app, submitted, monkeypatch):  # type: ignore[no-untyped-def]
    from webapp.jobs import tasks

    built = []
    monkeypatch.setitem(tasks.BUILDERS, "recommendation", lambda params: built.append(params) or b"%PDF-fake")
    for _ in range(3):
        submitted.client.get("/result/pdf")
    second_device = Respondent(app.test_client())
    second_device.get(f"/resume/{submitted.resume_token()}")
    second_device.client.get("/result/pdf")
    assert len(queued_ids(app)) == 1
    [job_id] = queued_ids(app)
    with app.app_context():
        job = Job.fetch(job_id, connection=__import__("webapp.jobs.connection", fromlist=["x"]).redis_connection(app))
    assert job.timeout == 77  # JOB_TIMEOUT
    work(app)
    assert len(built) == 1
    assert submitted.client.get("/result/pdf").data == b"%PDF-fake"
    assert second_device.client.get("/result/pdf").data == b"%PDF-fake"
    assert queued_ids(app) == [] and len(built) == 1  # served from the store: nothing queued again


def test_a_failed_job_says_so_and_can_be_retried(app, submitted, monkeypatch):  # type: ignore[no-untyped-def]
    from webapp.jobs import tasks

    def broken(params):  # type: ignore[no-untyped-def]
        raise RuntimeError("render failed")

    monkeypatch.setitem(tasks.BUILDERS, "recommendation", broken)
    submitted.client.get("/result/pdf")
    work(app)
    failed = submitted.client.get("/result/pdf")
    assert failed.status_code == 500
    page = failed.get_data(as_text=True)
    assert "Your document could not be prepared" in page and "Try again" in page
    assert queued_ids(app) == []  # a failed document is not started again by a mere visit
    monkeypatch.setitem(tasks.BUILDERS, "recommendation", lambda params: b"%PDF-second-try")
    retried = submitted.client.post("/result/pdf", data={"csrf_token": csrf_from(page)})
    assert retried.status_code == 303 and retried.location.endswith("/result/pdf")
    assert len(queued_ids(app)) == 1
    work(app)
    assert submitted.client.get("/result/pdf").data == b"%PDF-second-try"


def test_the_request_id_travels_with_the_job(app, submitted, caplog):  # type: ignore[no-untyped-def]
    submitted.client.get("/result/pdf", headers={"X-Request-ID": "asked-for-pdf-1"})
    from webapp.jobs.connection import redis_connection

    [job_id] = queued_ids(app)
    with app.app_context():
        assert Job.fetch(job_id, connection=redis_connection(app)).meta["request_id"] == "asked-for-pdf-1"
    caplog.set_level(logging.INFO, logger="webapp.jobs.tasks")
    work(app)
    built = [r for r in caplog.records if r.name == "webapp.jobs.tasks"]
    assert built and built[0].request_id == "asked-for-pdf-1"


def stored_keys(app) -> list[str]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import CacheEntry

    with app.app_context():
        return list(db.session.execute(select(CacheEntry.key)).scalars())


def only_reference(app) -> str:  # type: ignore[no-untyped-def]
    from webapp.models import Response

    with app.app_context():
        return Response.query.one().reference


@pytest.mark.parametrize("action", ["delete", "anonymise"])
def test_deleting_or_anonymising_a_response_erases_its_documents(app, submitted, admin, monkeypatch, action):  # type: ignore[no-untyped-def]
    from webapp.jobs import tasks

    monkeypatch.setitem(tasks.BUILDERS, "recommendation", lambda params: b"%PDF-fake")
    monkeypatch.setitem(tasks.BUILDERS, "briefing", lambda params: b"%PDF-briefing")
    submitted.client.get("/result/pdf")
    admin.get("/admin/export/briefing.pdf")
    work(app)
    assert len([k for k in stored_keys(app) if k.startswith("doc-")]) == 2
    reference = only_reference(app)
    assert post_confirmed(admin, f"/admin/responses/{reference}/{action}").status_code == 302
    assert [k for k in stored_keys(app) if k.startswith("doc-")] == []


def test_erasure_reaches_documents_kept_in_redis(app, redis_url):  # type: ignore[no-untyped-def]
    from webapp.cache import RedisCache
    from webapp.jobs import store

    with app.app_context():
        app.extensions["cache"] = RedisCache.from_url(redis_url)
        try:
            mine, admins, other = (store.document_key(o, "k", [1]) for o in ("ABC1", "admin", "ABC12"))
            for key in (mine, admins, other):
                store.save(key, b"x", 60)
            store.erase_owner("ABC1")
            store.erase_owner("admin")
            assert (store.load(mine), store.load(admins), store.load(other)) == (None, None, b"x")
            store.erase_owner("ABC12")
        finally:
            del app.extensions["cache"]


def make_submitted(app, count: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(count):
        respondent = Respondent(app.test_client())
        respondent.complete()
        respondent.submit()


def test_a_spreadsheet_of_any_size_is_built_by_a_worker_with_progress(app, admin):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    make_submitted(app, 3)  # over SPREADSHEET_MAX_RESPONSES (1): no refusal with a queue
    started = admin.get("/admin/export/responses.xlsx")
    assert started.status_code == 303 and "/admin/documents/doc-admin-spreadsheet-" in started.location
    waiting = admin.get(started.location)
    assert waiting.status_code == 202 and "Your document is being prepared" in waiting.get_data(as_text=True)
    again = admin.get("/admin/export/responses.xlsx")
    assert again.location == started.location and len(queued_ids(app)) == 1
    work(app)
    status = admin.get(started.location, headers={"Accept": "application/json"}).get_json()
    assert status == {"state": "ready", "done": None, "total": None}
    ready = admin.get(started.location)
    assert ready.status_code == 200 and ready.headers["Content-Disposition"].startswith("attachment; filename=responses-")
    sheet = load_workbook(io.BytesIO(ready.data), read_only=True)["responses"]
    assert len(list(sheet.rows)) == 1 + 3
    from webapp.jobs.connection import redis_connection

    with app.app_context():
        job = Job.fetch(started.location.rsplit("/", 1)[1], connection=redis_connection(app))
        assert job.meta["progress"] == [3, 3]


def test_a_spreadsheet_in_progress_shows_how_far_it_got(app, admin):  # type: ignore[no-untyped-def]
    make_submitted(app, 1)
    started = admin.get("/admin/export/responses.xlsx")
    from webapp.jobs.connection import redis_connection

    with app.app_context():
        job = Job.fetch(started.location.rsplit("/", 1)[1], connection=redis_connection(app))
        job.meta["progress"] = [1000, 25000]
        job.save_meta()
    page = admin.get(started.location).get_data(as_text=True)
    assert "1000 of 25000 responses written." in page
    assert admin.get(started.location, headers={"Accept": "application/json"}).get_json() == {"state": "preparing", "done": 1000, "total": 25000}


def test_the_briefing_is_built_by_a_worker(app, admin):  # type: ignore[no-untyped-def]
    make_submitted(app, 1)
    started = admin.get("/admin/export/briefing.pdf")
    assert started.status_code == 303
    work(app)
    ready = admin.get(started.location)
    assert ready.status_code == 200 and ready.data.startswith(b"%PDF")
    assert admin.get("/admin/export/briefing.pdf").status_code == 200  # the same data: the same document, at once


def test_admin_documents_are_only_admin_ones(app, admin):  # type: ignore[no-untyped-def]
    assert admin.get("/admin/documents/doc-ABC-recommendation-0").status_code == 404
    assert admin.get("/admin/documents/doc-admin-spreadsheet-0").status_code == 404  # unknown: no longer available


def test_a_queue_that_does_not_answer_gives_a_page_that_says_try_again(database_url, submitted):  # type: ignore[no-untyped-def]
    generator = migrated_app(database_url, INSTRUMENTS=[MINI], REDIS_URL="redis://127.0.0.1:1/0", JOB_QUEUE="rq", CACHE_BACKEND="database")
    down = next(generator)
    try:
        respondent = Respondent(down.test_client())
        respondent.get(f"/resume/{submitted.resume_token()}")
        reply = respondent.client.get("/result/pdf")
        assert reply.status_code == 503 and "try again" in reply.get_data(as_text=True)
    finally:
        next(generator, None)


def test_the_worker_command_needs_a_queue(database_url):  # type: ignore[no-untyped-def]
    generator = migrated_app(database_url, JOB_QUEUE="inline")
    inline = next(generator)
    try:
        outcome = inline.test_cli_runner().invoke(args=["worker", "--burst"])
        assert outcome.exit_code != 0 and "REDIS_URL" in outcome.output
    finally:
        next(generator, None)


def test_the_worker_command_works_the_queue(app, submitted):  # type: ignore[no-untyped-def]
    submitted.client.get("/result/pdf")
    outcome = app.test_cli_runner().invoke(args=["worker", "--burst", "--in-process"])
    assert outcome.exit_code == 0, outcome.output
    assert submitted.client.get("/result/pdf").data.startswith(b"%PDF")
