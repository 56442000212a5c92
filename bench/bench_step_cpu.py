"""CPU time per request of the step page, in-process: a steady figure on a busy machine.

`bench/bench_web.py` measures requests per second under load, which a shared machine's noise
moves by 20% or more; this runs each page through Flask's test client in one process and reports
`time.process_time()` per request (the least of BENCH_REPEATS runs of BENCH_REQUESTS requests:
other processes only ever add to it), so that one change to the page can be measured on its own. The app is configured as in production
(JSON request logs, to /dev/null here; rate limits off, as in bench_web) on a temporary SQLite file,
or with BENCH_DATABASE_URL on a throwaway database of that PostgreSQL server.

Pages: the first step of an empty draft and of a full one (every question answered), the second
step of a draft standing there (the page bench_web loads), the step with the most questions, and
bench/hello_app.py for reference. On PostgreSQL, the CPU its backend spent per request is shown too
(read from /proc: a database on this machine).

Usage: python bench/bench_step_cpu.py [--profile PAGE]   (PAGE: empty, full, second, largest, hello;
prints cProfile's top functions by own and by cumulative time)
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import secrets
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_database  # noqa: E402
from bench.cpu import cpu_seconds  # noqa: E402
from bench.hello_app import create_app as create_hello  # noqa: E402
from bench.web_client import StakeholderClient  # noqa: E402
from forms.checks import extreme_answers  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "400"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))


class TestClientVisitor(StakeholderClient):
    """The benchmarks' visitor, speaking to the app through Flask's test client instead of HTTP."""

    def __init__(self, app) -> None:
        super().__init__("http://localhost")
        self.client = app.test_client()

    def _open(self, request: urllib.request.Request) -> str:
        data = request.data.decode() if isinstance(request.data, bytes) else None
        response = self.client.open(
            request.full_url, method=request.get_method(), data=data,
            content_type="application/x-www-form-urlencoded", follow_redirects=True,
        )
        assert response.status_code == 200, f"{request.get_method()} {request.full_url}: {response.status_code}"
        self.url, self.html = response.request.url, response.get_data(as_text=True)
        return self.html


@contextmanager
def database() -> Iterator[str]:
    """A temporary SQLite file, or with BENCH_DATABASE_URL a throwaway database on that server."""
    if os.environ.get("BENCH_DATABASE_URL"):
        with bench_database() as url:
            yield url
        return
    from webapp import create_app
    from webapp.extensions import db

    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-step-')) / 'bench.sqlite3'}"
    with create_app({"SQLALCHEMY_DATABASE_URI": url}).app_context():
        db.create_all()
    yield url


def build_app(url: str):
    from webapp import create_app

    os.environ.update(APP_ENV="production", LOG_FORMAT="json")
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_urlsafe(48),
        "TRUSTED_HOSTS": ["localhost"], "SESSION_COOKIE_SECURE": False, "RATE_LIMITS_ENABLED": False,
    })
    for handler in logging.getLogger().handlers:  # the JSON request lines: formatted, then dropped
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 - open for the process's life
    return app


def pages(app) -> dict[str, tuple]:
    """Page name -> (test client holding the visitor's session, path)."""
    from webapp.instruments import registry

    with app.app_context():
        instrument = registry().default
    answers = {**extreme_answers(instrument, favourable=True), "organisation": "Benchmark Ltd"}
    first, second = (f"/step/{step.id}" for step in instrument.steps[:2])
    empty, full, middle = TestClientVisitor(app), TestClientVisitor(app), TestClientVisitor(app)
    empty.start()
    full.start()
    full.answer_steps(instrument, answers)
    middle.start()
    middle.answer_steps(instrument, answers, until=second)
    path = {s.id for s in instrument.steps if full.get(f"/step/{s.id}") and full.path == f"/step/{s.id}"}
    largest = max((s for s in instrument.steps if s.id in path), key=lambda s: len(s.questions))
    return {
        "empty": (empty.client, first), "full": (full.client, first), "second": (middle.client, second),
        "largest": (full.client, f"/step/{largest.id}"), "hello": (create_hello().test_client(), "/"),
    }


def backend_pid(app) -> int | None:
    """The PostgreSQL backend serving the app's pooled connection (one: the test client runs one
    request at a time), or None on SQLite."""
    from sqlalchemy import text

    from webapp.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            return None
        return db.session.execute(text("SELECT pg_backend_pid()")).scalar()


def cpu_ms_per_request(client, path: str, backend: int | None = None) -> tuple[float, float]:
    """(app, PostgreSQL backend) CPU milliseconds per request, the run with the least in all."""
    runs = []
    for _ in range(REPEATS):
        started, database_started = time.process_time(), cpu_seconds([backend]) if backend else 0.0
        for _ in range(REQUESTS):
            response = client.get(path)
        database = cpu_seconds([backend]) - database_started if backend else 0.0
        runs.append(((time.process_time() - started) / REQUESTS * 1000, database / REQUESTS * 1000))
        assert response.status_code == 200, (path, response.status_code)
    return min(runs, key=sum)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=["empty", "full", "second", "largest", "hello"])
    arguments = parser.parse_args()
    with database() as url:
        app = build_app(url)
        report(pages(app), arguments.profile)
        with app.app_context():
            app.extensions["sqlalchemy"].engine.dispose()


def report(measured: dict[str, tuple], profile_page: str | None) -> None:
    if profile_page:
        client, path = measured[profile_page]
        cpu_ms_per_request(client, path)  # warm
        profile = cProfile.Profile()
        profile.runcall(lambda: [client.get(path) for _ in range(REQUESTS)])
        for order in ("tottime", "cumulative"):
            pstats.Stats(profile).sort_stats(order).print_stats(int(os.environ.get("BENCH_PROFILE_LINES", "40")))
        return
    for client, path in measured.values():
        client.get(path)  # compile, connect
    backend = backend_pid(measured["empty"][0].application)
    hello = None
    for name, (client, path) in reversed(measured.items()):
        app_ms, database_ms = cpu_ms_per_request(client, path, backend if name != "hello" else None)
        hello = hello or app_ms
        database = f"  + PostgreSQL {database_ms:.3f} ms" if backend and name != "hello" else ""
        print(f"{name:<8} GET {path:<22} {app_ms:7.3f} ms CPU/request  {app_ms / hello:6.1f}x hello{database}")

if __name__ == "__main__":
    main()
