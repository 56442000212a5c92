"""Which CPUs each side of a load run uses: the app under test on its own, the rest on the others.

In production the database is a server of its own (a managed PostgreSQL) and the clients are
elsewhere; on a benchmark machine, wrk and PostgreSQL would otherwise take their CPU from the
same cores as the web workers. A page that makes PostgreSQL work harder (a save) then looks
slower for a reason production does not have, and by how much changes with what else the machine
runs. So, when the machine has at least two CPUs, the app's gunicorn processes get the first half
and the benchmark itself, wrk and the local PostgreSQL the second half, for the length of the run;
PostgreSQL's CPUs are given back as they were afterwards (a run killed with SIGKILL leaves them
pinned: `taskset -a -p -c 0-N PID` on the postmaster gives them back). BENCH_ISOLATE=0 runs
everything everywhere, as before session 5.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bench.cpu import database_processes


@dataclass(frozen=True)
class Placement:
    """The CPUs of the app under test, and those of everything else (load generator, database)."""

    app: frozenset[int]
    others: frozenset[int]
    database_moved: bool = False

    def describe(self) -> str:
        database = "PostgreSQL" if self.database_moved else "PostgreSQL not moved (another machine, or not allowed)"
        return f"app on CPU {_cpus(self.app)}; wrk, this script and {database} on CPU {_cpus(self.others)}"


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


def pin(pids: Iterable[int], cpus: Iterable[int]) -> list[int]:
    """Move each process to `cpus`; returns those moved (a process gone meanwhile is skipped).
    PermissionError when not allowed (another user's processes, without the right)."""
    moved = []
    for pid in pids:
        try:
            os.sched_setaffinity(pid, set(cpus))
        except ProcessLookupError:
            continue
        moved.append(pid)
    return moved


@contextmanager
def running_on(cpus: Iterable[int] | None) -> Iterator[None]:
    """This process on `cpus` for the block (None: unchanged), so that what it starts there, such
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
def isolated(placement: Placement | None) -> Iterator[Placement | None]:
    """For the length of the block: this process (and so wrk, which it starts) and the local
    PostgreSQL on `placement.others`; the caller starts the app `running_on(placement.app)`.
    Yields the placement, with `database_moved` telling whether PostgreSQL could be moved."""
    if placement is None:
        yield None
        return
    own = os.sched_getaffinity(0)
    before = {pid: cpus for pid in database_processes() if (cpus := _affinity(pid)) is not None}
    try:
        moved = bool(pin(before, placement.others)) if before else False
    except PermissionError:
        moved = False
    os.sched_setaffinity(0, placement.others)
    # A SIGTERM (a CI timeout, say) ends the run through this `finally` too.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        yield Placement(placement.app, placement.others, database_moved=moved)
    finally:
        signal.signal(signal.SIGTERM, previous)
        os.sched_setaffinity(0, own)
        if moved:
            _give_back(before)


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _give_back(before: dict[int, set[int]]) -> None:
    """Every PostgreSQL process as it was; those started during the run (backends forked from a
    pinned server) get the server's own CPUs."""
    everywhere = set().union(*before.values())
    for pid in database_processes():
        try:
            os.sched_setaffinity(pid, before.get(pid, everywhere))
        except (ProcessLookupError, PermissionError):
            continue


def _affinity(pid: int) -> set[int] | None:
    try:
        return os.sched_getaffinity(pid)
    except ProcessLookupError:
        return None


def _cpus(cpus: frozenset[int]) -> str:
    return ",".join(str(cpu) for cpu in sorted(cpus))
