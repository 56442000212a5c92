"""The production start (gunicorn.conf.py): refuses without a real secret, serves from DATABASE_URL,
and several app processes behind one database behave like one."""

from __future__ import annotations

import os
import re
import runpy
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from tests.live_server import GUNICORN_CONF, production_env, start_gunicorn


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def _logged(server, text: str, timeout: float = 5.0) -> str:  # type: ignore[no-untyped-def]
    """The server's log once `text` is in it (the access log is written just after the response)."""
    deadline = time.monotonic() + timeout
    while text not in server.log() and time.monotonic() < deadline:
        time.sleep(0.05)
    return server.log()


@pytest.fixture(scope="module")
def environment(app, database_url):  # type: ignore[no-untyped-def]
    """One production environment (one secret) for every server of this module, on the migrated test database."""
    return production_env(database_url)


@pytest.fixture(scope="module")
def production_server(environment, tmp_path_factory):  # type: ignore[no-untyped-def]
    with start_gunicorn(environment, workers=2, log_path=tmp_path_factory.mktemp("gunicorn") / "gunicorn.log") as server:
        yield server


@pytest.mark.parametrize("secret", [None, "", "dev-only-not-secret", "too-short"])
def test_production_start_refuses_without_a_real_secret_key(database_url, tmp_path, secret):
    env = production_env(database_url)
    if secret is None:
        del env["SECRET_KEY"]
    else:
        env["SECRET_KEY"] = secret
    server = start_gunicorn(env, workers=1, log_path=tmp_path / "gunicorn.log", wait=False)
    try:
        returncode = server.process.wait(timeout=60)
    finally:
        server.stop()
    assert returncode != 0
    assert "SECRET_KEY must be set" in server.log()
    assert "Booting worker" not in server.log()


def test_production_start_serves_pages_with_templates_compiled_at_start_up(production_server):
    with _opener().open(production_server.url + "/api/v1/instruments") as response:
        assert response.status == 200
    with _opener().open(production_server.url + "/") as response:
        assert response.status == 200
        assert response.headers["Content-Security-Policy"]
    log = _logged(production_server, '"GET / HTTP/1.1" 200')
    assert '"GET / HTTP/1.1" 200' in log  # the access log goes to stdout
    assert "compiled" in log and "templates" in log


def test_access_log_hides_resume_tokens(production_server):
    with pytest.raises(urllib.error.HTTPError):
        _opener().open(production_server.url + "/resume/secret-token-value")
    log = _logged(production_server, "/resume/[redacted]")
    assert "secret-token-value" not in log
    assert "/resume/[redacted]" in log


def test_two_app_processes_behave_like_one(production_server, environment, tmp_path):
    """A draft started on one server is continued on another: nothing lives in process memory."""
    visitor = _opener()
    with start_gunicorn(environment, workers=1, log_path=tmp_path / "second.log") as second:
        start_page = visitor.open(production_server.url + "/").read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', start_page).group(1)  # type: ignore[union-attr]
        form = urllib.parse.urlencode({"csrf_token": token}).encode()
        with visitor.open(production_server.url + "/start", data=form) as response:
            step_path = urllib.parse.urlsplit(response.geturl()).path
        assert step_path.startswith("/step/")
        visitor.open(f"{second.url}/language/fr?next=/").read()
        with visitor.open(second.url + step_path) as response:
            assert urllib.parse.urlsplit(response.geturl()).path == step_path, "the other server knows the draft"
            assert '<html lang="fr">' in response.read().decode()
        with visitor.open(production_server.url + "/") as response:
            assert '<html lang="fr">' in response.read().decode(), "and the first one knows the language chosen on the second"


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="CPU affinity is Linux's")
def test_the_default_worker_count_follows_the_cpus_the_server_may_use(monkeypatch):
    """2 x CPUs + 1 of this process's CPUs (a container's cpuset), not of the whole host."""
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    own = os.sched_getaffinity(0)
    try:
        os.sched_setaffinity(0, {min(own)})
        settings = runpy.run_path(str(GUNICORN_CONF))
    finally:
        os.sched_setaffinity(0, own)
    assert settings["workers"] == 3
    monkeypatch.setenv("WEB_CONCURRENCY", "7")
    assert runpy.run_path(str(GUNICORN_CONF))["workers"] == 7
