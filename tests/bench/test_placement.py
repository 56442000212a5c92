"""The benchmarks' CPU placement: the app on CPUs of its own, the rest elsewhere, then as before."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench import placement
from bench.placement import Placement, isolated, pin, planned, running_on, split

pytestmark = pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="CPU affinity is Linux's")

OWN = frozenset(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else frozenset()


@given(st.sets(st.integers(min_value=0, max_value=255), min_size=2, max_size=64))
def test_a_split_gives_the_app_the_lower_half_and_the_rest_to_the_others(cpus):
    where = split(cpus)
    assert where is not None
    assert where.app | where.others == cpus and not where.app & where.others
    assert where.app and where.others and len(where.app) <= len(where.others) <= len(where.app) + 1
    assert max(where.app) < min(where.others)


@pytest.mark.parametrize("cpus", [set(), {3}])
def test_one_cpu_or_none_cannot_be_split(cpus):
    assert split(cpus) is None


def test_bench_isolate_0_shares_every_cpu(monkeypatch):
    monkeypatch.setenv("BENCH_ISOLATE", "0")
    assert planned() is None


def test_the_plan_splits_the_cpus_this_process_may_use(monkeypatch):
    monkeypatch.delenv("BENCH_ISOLATE", raising=False)
    assert planned() == split(OWN)


def _sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])


def test_what_is_started_while_running_on_some_cpus_stays_there():
    cpu = min(OWN)
    with running_on({cpu}):
        assert os.sched_getaffinity(0) == {cpu}
        child = _sleeper()
    try:
        assert os.sched_getaffinity(0) == OWN
        assert os.sched_getaffinity(child.pid) == {cpu}
    finally:
        child.kill()
        child.wait()


def test_running_on_nothing_in_particular_changes_nothing():
    with running_on(None):
        assert os.sched_getaffinity(0) == OWN


def test_a_process_gone_meanwhile_is_skipped():
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert pin([gone.pid], OWN) == []


@pytest.mark.skipif(len(OWN) < 2, reason="needs two CPUs to move processes between")
def test_isolation_moves_this_process_and_the_database_then_gives_them_back(monkeypatch):
    server, backend = _sleeper(), None
    processes = [server.pid]
    monkeypatch.setattr(placement, "database_processes", lambda: list(processes))
    where = split(OWN)
    try:
        with isolated(where) as applied:
            assert applied == Placement(where.app, where.others, database_moved=True)
            assert os.sched_getaffinity(0) == where.others
            assert os.sched_getaffinity(server.pid) == where.others
            backend = _sleeper()  # a backend started during the run, pinned as its server was
            os.sched_setaffinity(backend.pid, where.others)
            processes.append(backend.pid)
        assert os.sched_getaffinity(0) == OWN
        assert os.sched_getaffinity(server.pid) == OWN
        assert os.sched_getaffinity(backend.pid) == OWN
    finally:
        for process in (server, backend):
            if process is not None:
                process.kill()
                process.wait()


def test_a_database_that_may_not_be_moved_is_left_alone_and_said_so(monkeypatch):
    server = _sleeper()
    monkeypatch.setattr(placement, "database_processes", lambda: [server.pid])

    def refuse(pid, cpus):  # type: ignore[no-untyped-def]
        if pid != 0:
            raise PermissionError(pid)
        real(pid, cpus)

    real = os.sched_setaffinity
    monkeypatch.setattr(placement.os, "sched_setaffinity", refuse)
    where = Placement(frozenset(OWN), frozenset(OWN))
    try:
        with isolated(where) as applied:
            assert applied is not None and not applied.database_moved
            assert "not moved" in applied.describe()
        assert os.sched_getaffinity(server.pid) == OWN
    finally:
        server.kill()
        server.wait()


def test_no_plan_means_no_isolation():
    with isolated(None) as applied:
        assert applied is None
        assert os.sched_getaffinity(0) == OWN


@pytest.mark.skipif(len(OWN) < 2, reason="needs two CPUs to move processes between")
def test_a_sigterm_during_the_run_still_gives_the_cpus_back(monkeypatch):
    server = _sleeper()
    monkeypatch.setattr(placement, "database_processes", lambda: [server.pid])
    handler = signal.getsignal(signal.SIGTERM)
    try:
        with pytest.raises(SystemExit) as stopped, isolated(split(OWN)):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the signal arrives before this ends
        assert stopped.value.code == 128 + signal.SIGTERM
        assert os.sched_getaffinity(0) == OWN and os.sched_getaffinity(server.pid) == OWN
        assert signal.getsignal(signal.SIGTERM) is handler
    finally:
        server.kill()
        server.wait()
