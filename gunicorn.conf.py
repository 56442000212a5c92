"""Production server settings: `gunicorn -c gunicorn.conf.py` (see docs/operations.md).

Everything tunable comes from the environment; options given on the command line win over this
file. The app is loaded once in the master before the workers fork (preload), so a bad
configuration or instrument stops the start-up instead of every worker, and the instruments and
templates are ready before the first request.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re

from gunicorn.glogging import Logger

wsgi_app = "webapp:create_app()"
bind = [os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")]
# The CPUs this process may use (a container's cpuset), not the host's: 2 x CPUs + 1 by default.
_CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else multiprocessing.cpu_count()
workers = int(os.environ.get("WEB_CONCURRENCY", _CPUS * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # a PDF is the slowest page
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))  # 0: workers are never recycled
max_requests_jitter = max_requests // 10
preload_app = True
accesslog = "-"  # stdout
errorlog = "-"  # stderr
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# gunicorn >= 25 opens a control socket at one fixed path per user, which two instances on a host
# would share: off unless a path of its own is given.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True

_RESUME_TOKEN = re.compile(r"(/resume/)[^/?\s\"]+")


class RedactingLogger(Logger):
    """The access log without private resume tokens: whoever reads the log must not be able to resume."""

    def atoms(self, resp, req, environ, request_time):  # type: ignore[no-untyped-def]
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U"):
            atoms[key] = _RESUME_TOKEN.sub(r"\1[redacted]", atoms[key])
        return atoms


logger_class = RedactingLogger


# Requests made before any respondent's: in the master once, so that workers inherit compiled
# templates and loaded translations; then in each worker after the fork, so that a worker's first
# respondent does not pay for opening the database connection. Reads only; a failure is logged and
# never stops the start. The unknown resume link runs the response lookup, which opens a connection.
WARM_UP_PATHS = ("/", "/resume/warm-up-not-a-token", "/api/v1/instruments")


def when_ready(server):  # type: ignore[no-untyped-def]
    """Compile every template and warm the preloaded app in the master, once, before forking."""
    app = server.app.wsgi()
    if not _is_this_app(app):
        return
    names = app.jinja_env.list_templates(extensions=("html", "txt", "xml"))
    for name in names:
        app.jinja_env.get_template(name)
    _warm(app, server.log)
    _dispose_connections(app)  # never share a database connection across a fork
    # What the master built is kept for good: moved out of the garbage collector's sight, so that a
    # worker's collections neither walk it nor write to its pages (which the fork left shared).
    gc.collect()
    gc.freeze()
    server.log.info("compiled %d templates; warmed %d paths", len(names), len(WARM_UP_PATHS))


def post_worker_init(worker):  # type: ignore[no-untyped-def]
    """Each worker warms up again (opening its database connection) before its first request."""
    app = worker.wsgi
    if _is_this_app(app):
        _warm(app, worker.log)
    worker.log.info("worker %s ready for requests", worker.pid)


def _is_this_app(app) -> bool:  # type: ignore[no-untyped-def]
    """The re-engagement app (not another WSGI app served with this file, such as a benchmark's yardstick)."""
    return "instruments" in getattr(app, "extensions", {})


def _warm(app, log) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    for language in app.config.get("LANGUAGES") or ["en"]:
        for path in WARM_UP_PATHS:
            try:
                client.get(path, headers={"Accept-Language": language})
            except Exception as error:  # noqa: BLE001 - warming is best effort
                log.warning("warm-up GET %s failed: %s", path, error)


def _dispose_connections(app) -> None:  # type: ignore[no-untyped-def]
    database = app.extensions.get("sqlalchemy")
    if database is not None:
        with app.app_context():
            database.engine.dispose()


def on_starting(server):  # type: ignore[no-untyped-def]
    """Metrics in prometheus_client's multiprocess mode start from an empty folder (webapp/metrics.py)."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            if name.endswith(".db"):
                os.remove(os.path.join(folder, name))


def child_exit(server, worker):  # type: ignore[no-untyped-def]
    """A worker that exits leaves its counters to the sum, but its live gauges go with it."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
