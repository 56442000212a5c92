"""CPU time the app's processes and the database server's spend during a load run.

A ratio such as "save / GET" says how much more a page costs, not where: this splits each
request's cost between the web workers and PostgreSQL, when both run on this machine. Read from
/proc (Linux only); elsewhere, or with the database on another machine, a figure is None.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class CpuTimes:
    """Seconds of CPU (user + system) used so far by the app's processes and by the database's."""

    app: float
    database: float | None


def _stat(pid: int) -> list[str] | None:
    """/proc/PID/stat's fields after the command name (which may hold spaces), or None once gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def _name(pid: int) -> str:
    try:
        return (PROC / str(pid) / "comm").read_text().strip()
    except OSError:
        return ""


def _pids() -> list[int]:
    return [int(entry.name) for entry in PROC.iterdir() if entry.name.isdigit()]


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes (those still running)."""
    total = 0
    for pid in pids:
        fields = _stat(pid)
        if fields is not None:
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / TICKS


def process_tree(root: int) -> list[int]:
    """`root` and every process under it (a gunicorn master and its workers)."""
    parents: dict[int, list[int]] = {}
    for pid in _pids():
        fields = _stat(pid)
        if fields is not None:
            parents.setdefault(int(fields[1]), []).append(pid)
    tree, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        tree.append(pid)
        waiting.extend(parents.get(pid, []))
    return tree


def database_processes() -> list[int]:
    """The PostgreSQL server's processes on this machine (its backends, WAL writer...)."""
    return [pid for pid in _pids() if _name(pid) in ("postgres", "postmaster")]


def cpu_times(app_root: int | None) -> CpuTimes | None:
    """The CPU used so far under `app_root` and by PostgreSQL; None without /proc."""
    if app_root is None or not PROC.is_dir():
        return None
    database = database_processes()
    return CpuTimes(cpu_seconds(process_tree(app_root)), cpu_seconds(database) if database else None)
