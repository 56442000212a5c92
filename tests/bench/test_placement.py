"""The benchmarks' CPU placement: the app on CPUs of its own, the rest elsewhere, then as before."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench import placement
from bench.common import serve
from bench.cpu import database_server, process_tree
from bench.placement import Placement, isolated, pin, planned, running_on, split

pytestmark = pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="CPU affinity is Linux's")

ROOT = Path(__file__).resolve().parents[2]
TWO_CPUS = pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2 if hasattr(os, "sched_getaffinity") else True, reason="needs two CPUs to move processes between")
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


@TWO_CPUS
def test_the_plan_splits_the_cpus_this_process_may_use(monkeypatch):
    monkeypatch.delenv("BENCH_ISOLATE", raising=False)
    where = planned()
    assert where is not None and where.app | where.others == OWN and not where.database_moved


def _sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


# A stand-in for a postmaster: one child now, and one more each time it gets SIGUSR1 (a backend
# forked during the run).
SERVER = textwrap.dedent("""
    import signal, subprocess, sys, time
    def child(*_):
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    child()
    signal.signal(signal.SIGUSR1, child)
    print("ready", flush=True)
    time.sleep(60)
""")


def _server() -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None and server.stdout.readline().strip() == "ready"
    return server


def _tree_count(root: int, count: int) -> list[int]:
    deadline = time.monotonic() + 10
    while len(process_tree(root)) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    return process_tree(root)


def _end(process: subprocess.Popen) -> None:
    for pid in reversed(process_tree(process.pid)):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()
    if process.stdout is not None:
        process.stdout.close()


def test_what_is_started_while_running_on_some_cpus_stays_there():
    cpu = min(OWN)
    with running_on({cpu}):
        assert os.sched_getaffinity(0) == {cpu}
        child = _sleeper()
    try:
        assert os.sched_getaffinity(0) == OWN
        assert os.sched_getaffinity(child.pid) == {cpu}
    finally:
        _end(child)


def test_running_on_nothing_in_particular_changes_nothing():
    with running_on(None):
        assert os.sched_getaffinity(0) == OWN


def test_a_process_gone_meanwhile_is_skipped():
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert pin([gone.pid], OWN) == {}


def test_a_process_that_may_not_be_moved_is_skipped_and_the_others_moved(monkeypatch):
    first, refused = _sleeper(), _sleeper()
    real = os.sched_setaffinity

    def refuse(pid, cpus):  # type: ignore[no-untyped-def]
        if pid == refused.pid:
            raise PermissionError(pid)
        real(pid, cpus)

    monkeypatch.setattr(placement.os, "sched_setaffinity", refuse)
    try:
        assert pin([first.pid, refused.pid], {min(OWN)}) == {first.pid: set(OWN)}
        assert os.sched_getaffinity(first.pid) == {min(OWN)}
        assert os.sched_getaffinity(refused.pid) == OWN
    finally:
        _end(first)
        _end(refused)


@TWO_CPUS
def test_the_app_starts_on_its_cpus_with_every_worker():
    cpu = min(OWN)
    with serve("sqlite://", app="bench.hello_app:create_app()", worker_count=2, cpus={cpu}) as server:
        tree = _tree_count(server.process.pid, 3)
        assert len(tree) == 3  # the master and its two workers
        assert {pid: os.sched_getaffinity(pid) for pid in tree} == {pid: {cpu} for pid in tree}
    assert os.sched_getaffinity(0) == OWN


@TWO_CPUS
def test_isolation_moves_this_process_and_the_database_then_gives_them_back():
    server = _server()
    where = split(OWN)
    try:
        first_tree = _tree_count(server.pid, 2)
        with isolated(where, server.pid) as applied:
            assert applied == Placement(where.app, where.others, database_moved=True)
            assert os.sched_getaffinity(0) == where.others
            assert all(os.sched_getaffinity(pid) == where.others for pid in first_tree)
            server.send_signal(signal.SIGUSR1)  # a backend forked from the pinned server
            tree = _tree_count(server.pid, 3)
            assert len(tree) == 3 and os.sched_getaffinity(tree[-1]) == where.others
        assert os.sched_getaffinity(0) == OWN
        assert {pid: os.sched_getaffinity(pid) for pid in tree} == {pid: set(OWN) for pid in tree}
    finally:
        _end(server)


@TWO_CPUS
def test_a_database_that_may_not_be_moved_is_left_alone_and_said_so(monkeypatch):
    server = _server()
    real = os.sched_setaffinity

    def refuse(pid, cpus):  # type: ignore[no-untyped-def]
        if pid != 0:
            raise PermissionError(pid)
        real(pid, cpus)

    monkeypatch.setattr(placement.os, "sched_setaffinity", refuse)
    where = split(OWN)
    try:
        with isolated(where, server.pid) as applied:
            assert applied is not None and not applied.database_moved
            assert "not PostgreSQL" in applied.describe()
            assert os.sched_getaffinity(0) == where.others
        assert os.sched_getaffinity(0) == OWN and os.sched_getaffinity(server.pid) == OWN
    finally:
        _end(server)


def test_no_plan_means_no_isolation():
    with isolated(None) as applied:
        assert applied is None
        assert os.sched_getaffinity(0) == OWN


@TWO_CPUS
def test_a_sigterm_during_the_run_still_gives_the_cpus_back():
    """In a process of its own, so that a broken handler cannot end the test run."""
    server = _server()
    script = textwrap.dedent(f"""
        import os, signal, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from bench.placement import isolated, split
        with isolated(split(os.sched_getaffinity(0)), {server.pid}):
            print("isolated", flush=True)
            time.sleep(30)
    """)
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert run.stdout is not None and run.stdout.readline().strip() == "isolated"
        assert os.sched_getaffinity(server.pid) != OWN
        run.terminate()
        assert run.wait(timeout=10) == 128 + signal.SIGTERM
        assert os.sched_getaffinity(server.pid) == OWN
    finally:
        _end(run)
        _end(server)


def test_only_a_postgresql_server_on_this_machine_is_found():
    assert database_server("sqlite:///somewhere.sqlite3") is None
    assert database_server("postgresql+psycopg://postgres@db.example.org:5432/test") is None  # not even asked


def test_the_server_found_is_the_local_postgresql_holding_the_test_database(database_url):
    """On the PostgreSQL run (make test-postgres), the postmaster of this connection's backend; on SQLite, none."""
    import sqlalchemy as sa

    server = database_server(database_url)
    if not database_url.startswith("postgresql"):
        assert server is None
        return
    assert server is not None
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        backend = connection.scalar(sa.text("SELECT pg_backend_pid()"))
        assert backend in process_tree(server) and backend != server
    engine.dispose()
