"""The app under gunicorn, started as in production (gunicorn.conf.py), on a free loopback port.

Used by the browser tests, the production-start tests and the benchmarks; no pytest inside.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "gunicorn.conf.py"


class ServerFailed(RuntimeError):
    """gunicorn exited or never became ready; the message carries its log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production start: a real secret, the given database, plain-HTTP cookies.

    Secure cookies are turned off only because the tests speak HTTP on loopback, not HTTPS.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "GUNICORN_", "WEB_CONCURRENCY"))}
    env.update(
        APP_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=database_url,
        SESSION_COOKIE_SECURE="false",
        TRUSTED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@dataclass
class GunicornServer:
    """A running gunicorn; `url` is its base address, `log()` what it printed so far."""

    process: subprocess.Popen
    port: int
    log_path: Path
    workers: int
    _log_file: object = field(repr=False, default=None)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Until every worker has warmed up (gunicorn.conf.py) and the port answers; raise with the log if gunicorn exits."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerFailed(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            if self.log().count("ready for requests") >= self.workers and _port_open(self.port):
                return
            time.sleep(0.05)
        self.stop()
        raise ServerFailed(f"gunicorn not ready after {timeout:.0f}s:\n{self.log()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def __enter__(self) -> GunicornServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_gunicorn(
    env: dict[str, str],
    app: str | None = None,
    workers: int = 2,
    log_path: Path | None = None,
    extra_args: tuple[str, ...] = (),
    wait: bool = True,
) -> GunicornServer:
    """Start `gunicorn -c gunicorn.conf.py` on a free port; `app` replaces the config's wsgi_app."""
    port = free_port()
    if log_path is None:
        handle, name = tempfile.mkstemp(prefix="gunicorn-", suffix=".log")
        os.close(handle)
        log_path = Path(name)
    command = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "--bind", f"127.0.0.1:{port}", f"--workers={workers}"]
    command += [*extra_args, *([app] if app else [])]
    log_file = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed by stop()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    server = GunicornServer(process=process, port=port, log_path=log_path, workers=workers, _log_file=log_file)
    if wait:
        server.wait_ready()
    return server


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0
