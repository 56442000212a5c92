"""A worker told to stop (SIGTERM, as on every deploy) exits at once when it has no job, so that a
deploy or a scale-in never waits on an idle worker."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import migrated_app
from tests.live_server import production_env

ROOT = Path(__file__).resolve().parents[3]
TRIES = 3  # the wait it guards against came from a race, in about half of the stops
STOPS_WITHIN_S = 10


def _listening(log: Path, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if "Listening on" in log.read_text(encoding="utf-8", errors="replace"):
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def migrated(database_url):  # type: ignore[no-untyped-def]
    yield from migrated_app(database_url)


def test_an_idle_worker_stops_within_seconds_of_sigterm(migrated, database_url, redis_url, queue_name, tmp_path):
    env = production_env(database_url, REDIS_URL=redis_url, JOB_QUEUE_NAME=queue_name + "-stop")
    for attempt in range(TRIES):
        log = tmp_path / f"worker-{attempt}.log"
        with open(log, "w", encoding="utf-8") as output:
            worker = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "webapp:create_app", "worker"], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
            )
            try:
                assert _listening(log, time.monotonic() + 60), log.read_text(encoding="utf-8")
                time.sleep(0.5 * attempt)  # stop it at a different moment of its wait for jobs each time
                worker.terminate()
                started = time.monotonic()
                worker.wait(timeout=STOPS_WITHIN_S + 60)
                assert time.monotonic() - started < STOPS_WITHIN_S, f"an idle worker took {time.monotonic() - started:.0f} s to stop"
                assert worker.returncode == 0, log.read_text(encoding="utf-8")
            finally:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait()
