"""What the benchmarks share: a database of their own, the app served as in production, checks.

The database is PostgreSQL when one answers (BENCH_DATABASE_URL, else the server of
TEST_DATABASE_URL or 127.0.0.1:5432/test, on which a throwaway database is created and dropped),
else a temporary SQLite file. The app runs under gunicorn with gunicorn.conf.py and a production
environment, exactly as tests/live_server.py starts it for the browser tests.
"""

from __future__ import annotations

import os
import runpy
import secrets
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `tests.live_server` and `bench.*` when run as a script
    sys.path.insert(0, str(ROOT))

from forms.model import Instrument  # noqa: E402
from tests.live_server import GUNICORN_CONF, GunicornServer, production_env, start_gunicorn  # noqa: E402

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# One secret for every server of a run: a session started on one is valid on the next (as in production).
SECRET_KEY = secrets.token_urlsafe(48)
# Seconds a server may take to start: the instruments are checked at start, slower on a busy machine.
START_TIMEOUT = 120.0


@dataclass
class Check:
    """One target: `value` compared with `limit` (">=" or "<=")."""

    name: str
    value: float
    op: str
    limit: float
    unit: str = "x"

    @property
    def ok(self) -> bool:
        return self.value >= self.limit if self.op == ">=" else self.value <= self.limit

    def line(self) -> str:
        verdict = "ok" if self.ok else "FAIL"
        return f"  {self.name:<72} {self.value:8.4g}{self.unit}   target {self.op} {self.limit:g}{self.unit}   {verdict}"


@contextmanager
def bench_database() -> Iterator[str]:
    """A migrated database of the benchmark's own; dropped afterwards."""
    url, drop = _postgres_or_sqlite()
    try:
        _migrate(url)
        yield url
    finally:
        drop()


def _postgres_or_sqlite() -> tuple[str, Callable[[], None]]:
    from tests.conftest import _postgres_database

    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or DEFAULT_POSTGRES
    try:
        return _postgres_database(base)
    except Exception as error:  # noqa: BLE001 - any failure to reach PostgreSQL: say so, use SQLite
        print(f"  (PostgreSQL not available at {base}: {type(error).__name__}; using SQLite)", file=sys.stderr)
    folder = tempfile.mkdtemp(prefix="bench-db-")
    path = Path(folder) / "bench.sqlite3"
    return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    from webapp import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "APP_ENV": "development"})
    with app.app_context():
        upgrade()
        from webapp.extensions import db

        db.engine.dispose()


def default_instrument() -> Instrument:
    """The instrument the served app uses by default (INSTRUMENTS, else the brief's)."""
    from webapp import create_app
    from webapp.instruments import registry

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "APP_ENV": "development"})
    with app.app_context():
        return registry().default


def workers() -> int:
    """The worker count gunicorn.conf.py gives a server started here, read from the file itself so
    that the two never disagree."""
    return int(runpy.run_path(str(GUNICORN_CONF))["workers"])


def serve(database_url: str, app: str | None = None, worker_count: int | None = None, **env: str) -> GunicornServer:
    """The app (or `app`, e.g. the hello yardstick) under gunicorn as in production; a context manager.

    Rate limits are off: every simulated visitor comes from this machine's one address."""
    environment = production_env(database_url, SECRET_KEY=SECRET_KEY, **{"RATE_LIMITS_ENABLED": "false", **env})
    server = start_gunicorn(environment, app=app, workers=worker_count or workers(), wait=False)
    try:
        server.wait_ready(timeout=START_TIMEOUT)
    except BaseException:  # a failed start, or a SIGTERM or Ctrl-C meanwhile: leave no server behind
        server.stop()
        raise
    return server


def database_kind(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"


def machine() -> str:
    """CPUs and load average: the figures only compare within one run on one machine."""
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    return f"{os.cpu_count()} CPUs, load average {load} at start"
