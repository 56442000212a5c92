"""Metrics at /metrics only for the bearer token; requests counted by route and status, with their
latency; under gunicorn (multiprocess mode) the figures of every worker are summed."""

from __future__ import annotations

import re
import urllib.request

import pytest

from tests.conftest import migrated_app

TOKEN = "metrics-test-token"


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in the exposition text (0 when absent)."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0])) if "{" in line else {}
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


@pytest.fixture
def metrics_app(database_url):  # type: ignore[no-untyped-def]
    yield from migrated_app(database_url, METRICS_TOKEN=TOKEN)


def scrape(client, token: str = TOKEN):  # type: ignore[no-untyped-def]
    return client.get("/metrics", headers={"Authorization": f"Bearer {token}"})


def test_metrics_are_not_served_without_a_token_configured(client):  # type: ignore[no-untyped-def]
    assert client.get("/metrics").status_code == 404
    assert scrape(client, "").status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong", "metrics-test-token", f"Basic {TOKEN}"])
def test_metrics_need_the_token(metrics_app, header):  # type: ignore[no-untyped-def]
    headers = {"Authorization": header} if header else {}
    reply = metrics_app.test_client().get("/metrics", headers=headers)
    assert reply.status_code == 401
    assert "webapp_http" not in reply.get_data(as_text=True)


def test_requests_are_counted_by_route_and_status(metrics_app):  # type: ignore[no-untyped-def]
    client = metrics_app.test_client()
    before = scrape(client).get_data(as_text=True)
    for _ in range(3):
        client.get("/healthz")
    client.get("/no-such-page")
    after = scrape(client).get_data(as_text=True)
    counted = "webapp_http_requests_total"
    assert sample(after, counted, route="/healthz", status="200") - sample(before, counted, route="/healthz", status="200") == 3
    assert sample(after, counted, route="(no route)", status="404") - sample(before, counted, route="(no route)", status="404") == 1
    latency = "webapp_http_request_duration_seconds_count"
    assert sample(after, latency, route="/healthz") - sample(before, latency, route="/healthz") == 3
    assert "webapp_job_duration_seconds" in after and "webapp_document_render_seconds" in after


def test_queue_depth_is_reported_when_a_queue_is_configured(database_url, redis_url, queue_name):  # type: ignore[no-untyped-def]
    from rq import Queue

    generator = migrated_app(database_url, METRICS_TOKEN=TOKEN, REDIS_URL=redis_url, JOB_QUEUE="rq", JOB_QUEUE_NAME=queue_name + "-depth")
    app = next(generator)
    try:
        from webapp.jobs.connection import redis_connection

        queue = Queue(queue_name + "-depth", connection=redis_connection(app))
        queue.enqueue("builtins.print", "never run")
        queue.enqueue("builtins.print", "never run")
        text = scrape(app.test_client()).get_data(as_text=True)
        assert sample(text, "webapp_job_queue_depth", state="queued") == 2
        queue.empty()
    finally:
        next(generator, None)


def test_gunicorn_workers_figures_are_summed(tmp_path, database_url):  # type: ignore[no-untyped-def]
    """Two workers, each answering some of 20 requests: one scrape counts all 20."""
    from tests.live_server import production_env, start_gunicorn

    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "counter_99999.db").write_bytes(b"stale")  # from an earlier run: cleared at start
    env = production_env(database_url, METRICS_TOKEN=TOKEN, PROMETHEUS_MULTIPROC_DIR=str(folder), GUNICORN_KEEPALIVE="0")
    with start_gunicorn(env, workers=2) as server:
        before = _scrape_live(server.url)
        for _ in range(20):
            urllib.request.urlopen(server.url + "/healthz").read()
        after = _scrape_live(server.url)
        pids = {p.name.split("_")[-1] for p in folder.glob("counter_*.db")}
    counted = sample(after, "webapp_http_requests_total", route="/healthz", status="200")
    counted -= sample(before, "webapp_http_requests_total", route="/healthz", status="200")
    assert counted == 20
    assert len(pids) >= 2 and "99999.db" not in pids  # both workers wrote figures; the stale file is gone


def _scrape_live(url: str) -> str:
    request = urllib.request.Request(url + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    return urllib.request.urlopen(request).read().decode()
