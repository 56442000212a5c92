"""Which CPUs each side of a load run uses: the app under test on its own, the rest on the others.

In production the database is a server of its own (a managed PostgreSQL) and the clients are
elsewhere; on a benchmark machine, wrk and PostgreSQL would otherwise take their CPU from the
same cores as the web workers, so that a page which makes PostgreSQL work harder (a save) looks
slower by PostgreSQL's own CPU. When the machine has at least two CPUs, the app's gunicorn
processes get the first half and the benchmark itself, wrk and the local PostgreSQL server that
holds the benchmark's database the second half, for the length of the run; PostgreSQL's
processes are given back their CPUs afterwards. Other processes on the machine are not moved.
BENCH_ISOLATE=0 runs everything everywhere, as before session 5.

A run killed with SIGKILL (or SIGHUP, SIGQUIT) leaves PostgreSQL pinned; give it back with
`pgrep -x postgres | xargs -n1 taskset -p -c 0-N` (N: the last CPU). A SIGTERM ends the run
through the usual clean-up.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bench.cpu import process_tree


@dataclass(frozen=True)
class Placement:
    """The CPUs of the app under test, and those of everything else (load generator, database)."""

    app: frozenset[int]
    others: frozenset[int]
    database_moved: bool = False

    def describe(self) -> str:
        database = "PostgreSQL" if self.database_moved else "not PostgreSQL (SQLite, another machine, or not allowed)"
        return f"app on CPU {_cpus(self.app)}; this script, wrk and {database} on CPU {_cpus(self.others)}"


def split(cpus: Iterable[int]) -> Placement | None:
    """The first half of `cpus` (rounded down, at least one) for the app, the rest for the others;
    None with fewer than two."""
    ordered = sorted(cpus)
    if len(ordered) < 2:
        return None
    half = len(ordered) // 2
    return Placement(app=frozenset(ordered[:half]), others=frozenset(ordered[half:]))


def planned() -> Placement | None:
    """The split of the CPUs this process may use, unless BENCH_ISOLATE=0 or the OS cannot pin."""
    if os.environ.get("BENCH_ISOLATE", "1") == "0" or not hasattr(os, "sched_setaffinity"):
        return None
    return split(os.sched_getaffinity(0))


def pin(pids: Iterable[int], cpus: Iterable[int]) -> dict[int, set[int]]:
    """Move each process to `cpus`; returns the CPUs each moved one had before. A process gone
    meanwhile, or that may not be moved (another user's, outside this cpuset), is left as it is."""
    moved = {}
    for pid in pids:
        try:
            before = os.sched_getaffinity(pid)
            os.sched_setaffinity(pid, set(cpus))
        except OSError:  # ProcessLookupError, PermissionError, EINVAL
            continue
        moved[pid] = before
    return moved


@contextmanager
def running_on(cpus: Iterable[int] | None) -> Iterator[None]:
    """This thread on `cpus` for the block (None: unchanged), so that what it starts there, such
    as a gunicorn master, and everything that forks from it, stays there."""
    if cpus is None:
        yield
        return
    own = os.sched_getaffinity(0)
    os.sched_setaffinity(0, set(cpus))
    try:
        yield
    finally:
        os.sched_setaffinity(0, own)


@contextmanager
def isolated(placement: Placement | None, database_server: int | None = None) -> Iterator[Placement | None]:
    """For the length of the block: this thread (and so wrk, which it starts) and the PostgreSQL
    server `database_server` (its postmaster's id, or None) on `placement.others`; the caller
    starts the app `running_on(placement.app)`. Call it from the main thread. Yields the
    placement, with `database_moved` telling whether PostgreSQL could be moved."""
    if placement is None:
        yield None
        return
    own = os.sched_getaffinity(0)
    # Before anything moves, so that a SIGTERM (a CI timeout, say) also ends in the `finally`.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    moved: dict[int, set[int]] = {}
    try:
        if database_server is not None:
            moved = pin(process_tree(database_server), placement.others)
        os.sched_setaffinity(0, placement.others)
        yield Placement(placement.app, placement.others, database_moved=database_server in moved)
    finally:
        if database_server in moved:
            _give_back(database_server, moved)
        os.sched_setaffinity(0, own)
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def _give_back(server: int, moved: dict[int, set[int]]) -> None:
    """The server's processes as they were; those started during the run (backends forked from
    the pinned postmaster) get the postmaster's own CPUs. The postmaster goes first, so that what
    it forks from now on is not pinned."""
    server_cpus = moved[server]
    restore = [server, *(pid for pid in process_tree(server) if pid != server)]
    for pid in restore:
        try:
            os.sched_setaffinity(pid, moved.get(pid, server_cpus))
        except OSError:
            continue


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _cpus(cpus: frozenset[int]) -> str:
    return ",".join(str(cpu) for cpu in sorted(cpus))
