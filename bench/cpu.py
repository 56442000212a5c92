"""CPU time the app's processes and the database server's spend during a load run.

A ratio such as "save / GET" says how much more a page costs, not where: this splits each
request's cost between the web workers and PostgreSQL, when both run on this machine. Read from
/proc (Linux only); elsewhere, or with the database on another machine, a figure is None. Only
the server that holds the benchmark's database is counted, not every PostgreSQL on the machine.
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


POSTGRES_NAMES = ("postgres", "postmaster")
LOCAL_HOSTS = (None, "", "localhost", "127.0.0.1", "::1")


def database_server(database_url: str) -> int | None:
    """The process id of the PostgreSQL server (postmaster) holding `database_url`, when it runs on
    this machine; None for SQLite, another host, or a server whose processes cannot be seen here."""
    import sqlalchemy as sa

    url = sa.engine.make_url(database_url)
    if url.get_backend_name() != "postgresql" or not PROC.is_dir():
        return None
    if url.host not in LOCAL_HOSTS and not (url.host or "").startswith("/"):
        return None
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:  # the backend must be alive while its parent is read
        backend = connection.scalar(sa.text("SELECT pg_backend_pid()"))
        fields = _stat(backend) if _name(backend) in POSTGRES_NAMES else None
    engine.dispose()
    server = int(fields[1]) if fields is not None else None
    return server if server is not None and _name(server) in POSTGRES_NAMES else None


def cpu_times(app_root: int | None, database: int | None = None) -> CpuTimes | None:
    """The CPU used so far under `app_root` and by the PostgreSQL server `database` (None: not
    measured); None without /proc."""
    if app_root is None or not PROC.is_dir():
        return None
    database_seconds = cpu_seconds(process_tree(database)) if database is not None else None
    return CpuTimes(cpu_seconds(process_tree(app_root)), database_seconds)
