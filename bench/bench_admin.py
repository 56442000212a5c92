"""Benchmark of the admin aggregates and exports at 10,000 and 100,000 synthetic responses.

For each database (SQLite, PostgreSQL) it fills a fresh database with `flask admin seed`'s
generator, then measures, in the same run:
- the per-issue page (the busiest issue) and the priority list, rendered through the app by a
  signed-in client, against their data: the functions the views call for their figures, run
  directly (the page's SQL and the figures Python derives from it, without rendering), and the
  per-issue page's reads section by section (figures, channels and safeguards, free text);
- the CSV, JSON and spreadsheet (.xlsx) exports streamed through the app, with Python's peak
  traced memory; a spreadsheet over SPREADSHEET_MAX_RESPONSES must be refused (the admin sent back
  to the list), and is reported so.

    .venv/bin/python bench/bench_admin.py                      # both databases, 10k and 100k
    .venv/bin/python bench/bench_admin.py --backends sqlite --sizes 2000,20000

Prints a Markdown report (the figures in docs/benchmarks.md come from it) and exits non-zero
when a target is missed: each page under 1 s at the largest size (the per-issue page at most
0.3 s at 100,000 responses or fewer), within 3x its data there, and at most 12x slower for 10x
the rows; on PostgreSQL, the CSV and the JSON of up to 100,000 responses in at most 5 s each.
SQLite is a file in a temporary folder (under $BENCH_SQLITE_DIR if set; about 1.6 GB at 100,000
responses). PostgreSQL is the server of $BENCH_DATABASE_URL (else $TEST_DATABASE_URL, else
127.0.0.1:5432/test), on which a database of this run's own is created and dropped; it is skipped
when no server answers.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PAGE_LIMIT_S, DATA_RATIO_LIMIT, GROWTH_LIMIT = 1.0, 3.0, 12.0
ISSUE_PAGE_LIMIT_S, ISSUE_PAGE_AT = 0.3, 100_000  # the per-issue page, up to this many responses
EXPORT_LIMIT_S, EXPORT_AT = 5.0, 100_000  # the CSV and the JSON on PostgreSQL, up to this many responses
EXPORTS = ("csv", "json", "xlsx")
PASSWORD = "benchmark password"
EMAIL = "bench@example.org"


def _postgres_url(base: str, name: str) -> tuple[str, Callable[[], None]]:
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return sa.engine.make_url(base).set(database=name).render_as_string(hide_password=False), drop


def _every(reads: list[Callable[[], object]]) -> list[object]:
    return [read() for read in reads]


def _timed(function: Callable[[], object], repeat: int) -> float:
    """Median wall time of `repeat` runs, after one warm-up run."""
    function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


class Bench:
    def __init__(self, backend: str, url: str, repeat: int) -> None:
        from flask_migrate import upgrade

        from webapp import create_app

        self.backend, self.repeat = backend, repeat
        self.app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
        with self.app.app_context():
            upgrade()
            from webapp.admin import services

            services.create_admin(EMAIL, PASSWORD, "viewer")
        self.client = self.app.test_client()
        response = self.client.post("/admin/sign-in", data={"email": EMAIL, "password": PASSWORD})
        assert response.status_code == 302, response.status_code
        self.count = 0

    def seed(self, total: int) -> float:
        from webapp.admin.synthetic import insert_synthetic
        from webapp.instruments import registry

        started = time.perf_counter()
        with self.app.app_context():
            insert_synthetic(registry().default, total - self.count, seed=2020 + self.count, workers=os.cpu_count() or 1)
            from webapp.extensions import db

            if self.backend == "sqlite":
                db.session.execute(sa.text("ANALYZE"))
            else:
                db.session.commit()
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    connection.execute(sa.text("VACUUM ANALYZE"))
            db.session.commit()
        self.count = total
        return time.perf_counter() - started

    def busiest_issue(self) -> str:
        from webapp.admin.aggregates import issue_figures
        from webapp.instruments import registry

        with self.app.app_context():
            figures = issue_figures(registry().default.slug)
        return max(figures.values(), key=lambda f: f.n).key or ""

    def page(self, url: str) -> float:
        def get() -> None:
            response = self.client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return _timed(get, self.repeat)

    def data(self, read: Callable[[], object]) -> float:
        """The time of a page's reads alone: the functions its view calls for its figures, run
        directly (SQL, rows fetched, and the figures Python derives from them), without rendering."""
        with self.app.app_context():
            return _timed(read, self.repeat)

    def issue_parts(self, issue: str) -> dict[str, Callable[[], object]]:
        """The per-issue page's reads, by the section they feed."""
        from webapp.admin.aggregates import issue_aggregate
        from webapp.admin.called_for import called_for
        from webapp.admin.free_text import FreeTextFilters, free_text_page
        from webapp.instruments import registry

        slug = registry().default.slug
        return {
            "figures": lambda: issue_aggregate(slug, issue),
            "called for": lambda: called_for(slug, issue),
            "free text": lambda: free_text_page(registry().default, FreeTextFilters(issue)),
        }

    def priority_data(self) -> Callable[[], object]:
        from webapp.admin.aggregates import issue_group_figures, priority_list
        from webapp.instruments import registry

        def read() -> object:
            slug = registry().default.slug
            return priority_list(slug), issue_group_figures(slug)

        return read

    def _stream(self, url: str, may_be_refused: bool = False) -> int | None:
        """The bytes of the export read chunk by chunk; None when the app sent the admin back to
        the list instead (`may_be_refused`: a spreadsheet over SPREADSHEET_MAX_RESPONSES)."""
        response = self.client.get(url, buffered=False)
        try:
            if may_be_refused and response.status_code == 302 and "/admin/responses" in response.headers.get("Location", ""):
                return None
            if response.status_code != 200:
                raise RuntimeError(f"GET {url}: HTTP {response.status_code}")
            return sum(len(chunk) for chunk in response.response)
        finally:
            response.close()

    def export(self, url: str, may_be_refused: bool = False) -> tuple[float, float, int] | None:
        """(seconds, peak traced MiB, bytes) of a streamed export read chunk by chunk; None when
        refused (see `_stream`).

        Timed on its own, then run again under tracemalloc (which slows every allocation) for the
        peak of Python memory while streaming.
        """
        started = time.perf_counter()
        size = self._stream(url, may_be_refused)
        if size is None:
            return None
        elapsed = time.perf_counter() - started
        tracemalloc.start()
        tracemalloc.reset_peak()
        self._stream(url)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return elapsed, peak / 2**20, size


def run(backend: str, url: str, sizes: list[int], repeat: int) -> list[dict]:
    bench = Bench(backend, url, repeat)
    rows = []
    for size in sizes:
        seeded = bench.seed(size)
        issue = bench.busiest_issue()
        with bench.app.app_context():
            parts = bench.issue_parts(issue)
            issue_data = bench.data(functools.partial(_every, list(parts.values())))
            issue_parts = {name: bench.data(read) for name, read in parts.items()}
            priority_data = bench.data(bench.priority_data())
        issue_page = bench.page(f"/admin/issues/{issue}")
        priority_page = bench.page("/admin/priorities")
        exported = {kind: bench.export(f"/admin/export/responses.{kind}", may_be_refused=kind == "xlsx") for kind in EXPORTS}
        if exported["xlsx"] is None and size <= bench.app.config["SPREADSHEET_MAX_RESPONSES"]:
            raise RuntimeError(f"a spreadsheet of {size:,} responses was refused, under SPREADSHEET_MAX_RESPONSES")
        with bench.app.app_context():
            from webapp.admin.aggregates import issue_figures
            from webapp.instruments import registry

            issue_n = issue_figures(registry().default.slug)[issue].n
        row = {
            "backend": backend,
            "size": size,
            "seed_s": seeded,
            "issue": issue,
            "issue_n": issue_n,
            "issue_page": issue_page,
            "issue_data": issue_data,
            "issue_parts": issue_parts,
            "priority_page": priority_page,
            "priority_data": priority_data,
        }
        for kind in EXPORTS:
            seconds, peak, size_bytes = exported[kind] or (None, None, None)
            row |= {f"{kind}_s": seconds, f"{kind}_peak": peak, f"{kind}_mb": None if size_bytes is None else size_bytes / 2**20}
        print(f"  {backend} {size:,}: {row}", file=sys.stderr, flush=True)
        rows.append(row)
    with bench.app.app_context():
        from webapp.extensions import db

        db.engine.dispose()
    return rows


def _export_cells(row: dict, kind: str) -> str:
    if row[f"{kind}_s"] is None:
        return " refused (over `SPREADSHEET_MAX_RESPONSES`) | | |"
    return f" {row[f'{kind}_s']:.1f} s | {row[f'{kind}_mb']:.0f} MiB | {row[f'{kind}_peak']:.1f} MiB |"


def misses(rows: list[dict]) -> list[str]:
    """The targets missed: at the largest size, each page under 1 s (the per-issue page at most 0.3 s up to
    100,000 responses) and within 3x its data; growth at most 12x; the CSV and the JSON on PostgreSQL at
    most 5 s up to 100,000 responses."""
    found = []
    for row in rows:
        if row["size"] <= ISSUE_PAGE_AT and row["issue_page"] > ISSUE_PAGE_LIMIT_S:
            found.append(f"{row['backend']} issue page {row['issue_page']:.2f} s at {row['size']:,} (limit {ISSUE_PAGE_LIMIT_S} s)")
        for kind in ("csv", "json"):
            if row["backend"] == "postgresql" and row["size"] <= EXPORT_AT and row[f"{kind}_s"] > EXPORT_LIMIT_S:
                found.append(f"postgresql {kind.upper()} {row[f'{kind}_s']:.1f} s at {row['size']:,} (limit {EXPORT_LIMIT_S:.0f} s)")
    for backend in sorted({r["backend"] for r in rows}):
        mine = sorted((r for r in rows if r["backend"] == backend), key=lambda r: r["size"])
        top = mine[-1]
        for page in ("issue", "priority"):
            if top[f"{page}_page"] > PAGE_LIMIT_S:
                found.append(f"{backend} {page} page {top[f'{page}_page']:.2f} s at {top['size']:,} (limit {PAGE_LIMIT_S} s)")
            ratio = top[f"{page}_page"] / top[f"{page}_data"]
            if ratio > DATA_RATIO_LIMIT:
                found.append(f"{backend} {page} page {ratio:.1f}x its data (limit {DATA_RATIO_LIMIT}x)")
            growth = top[f"{page}_page"] / mine[0][f"{page}_page"]
            if len(mine) > 1 and growth > GROWTH_LIMIT:
                found.append(f"{backend} {page} page grew {growth:.1f}x (limit {GROWTH_LIMIT}x)")
    return found


def report(rows: list[dict], command: str) -> str:
    ms = lambda s: f"{s * 1000:,.0f} ms"  # noqa: E731
    lines = [
        f"Command: `{command}`",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"SQLite {__import__('sqlite3').sqlite_version}. Median of the timed runs after a warm-up.",
        "",
        "| database | responses | busiest issue (n) | per-issue page | its data | page/data | priority list | its data | page/data |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['backend']} | {r['size']:,} | {r['issue']} ({r['issue_n']:,}) | {ms(r['issue_page'])} | {ms(r['issue_data'])} "
            f"| {r['issue_page'] / r['issue_data']:.2f}x | {ms(r['priority_page'])} | {ms(r['priority_data'])} "
            f"| {r['priority_page'] / r['priority_data']:.2f}x |"
        )
    lines += ["", "The per-issue page's data, by section (each timed on its own):", ""]
    for r in rows:
        parts = ", ".join(f"{name} {ms(seconds)}" for name, seconds in r["issue_parts"].items())
        lines.append(f"- {r['backend']}, {r['size']:,}: {parts}")
    lines += ["", "Growth from the smallest to the largest size (limit 12x for 10x the rows):", ""]
    for backend in sorted({r["backend"] for r in rows}):
        mine = sorted((r for r in rows if r["backend"] == backend), key=lambda r: r["size"])
        if len(mine) >= 2:
            low, high = mine[0], mine[-1]
            lines.append(
                f"- {backend}, {low['size']:,} → {high['size']:,}: "
                f"per-issue page {high['issue_page'] / low['issue_page']:.1f}x, "
                f"priority list {high['priority_page'] / low['priority_page']:.1f}x"
            )
    titles = "".join(f" {kind.upper()} time | {kind.upper()} size | {kind.upper()} peak memory |" for kind in EXPORTS)
    lines += [
        "",
        f"| database | responses |{titles} seeding (rows added since the previous size) |",
        "| --- | ---: |" + " ---: | ---: | ---: |" * len(EXPORTS) + " ---: |",
    ]
    for r in rows:
        figures = "".join(_export_cells(r, k) for k in EXPORTS)
        lines.append(f"| {r['backend']} | {r['size']:,} |{figures} {r['seed_s']:.0f} s |")
    return "\n".join(lines)


def rows_on_backends(name: str, backends: list[str], run_on: Callable[[str, str], list[dict]]) -> list[dict]:
    """Run `run_on(backend, url)` on a database of this run's own per backend, dropped afterwards."""
    rows: list[dict] = []
    for backend in backends:
        if backend == "sqlite":
            # A file of this run's own: `make bench` may run this script beside another run.
            with tempfile.TemporaryDirectory(prefix=f"bench-{name}-", dir=os.environ.get("BENCH_SQLITE_DIR")) as folder:
                rows += run_on(backend, f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        elif backend == "postgresql":
            base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or DEFAULT_POSTGRES
            try:
                url, drop = _postgres_url(base, f"reengage_bench_{name}_{os.getpid()}")
            except sa.exc.OperationalError as error:
                print(f"PostgreSQL does not answer ({error.__class__.__name__}): skipped", file=sys.stderr)
                continue
            try:
                rows += run_on(backend, url)
            finally:
                drop()
        else:
            raise SystemExit(f"unknown backend {backend!r}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    rows = rows_on_backends("admin", args.backends.split(","), lambda backend, url: run(backend, url, sizes, args.repeat))
    command = ".venv/bin/python bench/bench_admin.py " + " ".join(sys.argv[1:])
    print(report(rows, command.strip()))
    missed = misses(rows)
    print("\nTargets: " + ("all met." if not missed else "MISSED: " + "; ".join(missed)))
    if missed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
