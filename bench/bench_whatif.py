"""What-if weights on the priority list against the plain priority list, in the same run, at 100,000 responses.

For each database (SQLite, PostgreSQL) it fills a fresh database with `flask admin seed`'s
generator (bench/bench_admin.py's helpers), then measures through a signed-in client:
- the plain priority list page, and its data (the functions its view calls, without rendering);
- the what-if page with other weights (both rankings side by side), and the what-if statement alone;
- the download of the weights as an instrument file.
Prints a Markdown report and exits non-zero when the what-if page takes 1 s or more.

    .venv/bin/python bench/bench_whatif.py                         # both databases, 100,000 responses
    .venv/bin/python bench/bench_whatif.py --backends sqlite --sizes 10000
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from bench.bench_admin import Bench, _timed, rows_on_backends  # noqa: E402

PAGE_LIMIT_S = 1.0


def tried_weights(bench: Bench) -> dict[str, float]:
    """The instrument's weights with the benefit side's first weight tripled and the risk side's first halved."""
    from webapp.instruments import registry

    with bench.app.app_context():
        instrument = registry().default
    weights = {c.id: c.weight for c in instrument.criteria}
    first_benefit = instrument.criteria_on("benefit")[0].id
    first_risk = instrument.criteria_on("risk")[0].id
    return {**weights, first_benefit: weights[first_benefit] * 3, first_risk: weights[first_risk] / 2}


def whatif_statement_time(bench: Bench, weights: dict[str, float]) -> float:
    from webapp.admin.pages import issue_order
    from webapp.admin.whatif_query import reweighted_priority_list
    from webapp.instruments import registry

    with bench.app.app_context():
        instrument = registry().default
        order = issue_order(instrument)
        return _timed(lambda: reweighted_priority_list(instrument.slug, weights, order), bench.repeat)


def run(backend: str, url: str, sizes: list[int], repeat: int) -> list[dict]:
    bench = Bench(backend, url, repeat)
    rows = []
    for size in sizes:
        seeded = bench.seed(size)
        weights = tried_weights(bench)
        query = urlencode({f"w_{k}": v for k, v in weights.items()})
        priority_data = bench.data(bench.priority_data())
        row = {
            "backend": backend,
            "size": size,
            "seed_s": seeded,
            "priority_page": bench.page("/admin/priorities"),
            "priority_data": priority_data,
            "whatif_page": bench.page(f"/admin/priorities/what-if?{query}"),
            "whatif_query": whatif_statement_time(bench, weights),
            "download": bench.page(f"/admin/priorities/what-if/instrument.yaml?{query}"),
        }
        print(f"  {backend} {size:,}: {row}", file=sys.stderr, flush=True)
        rows.append(row)
    with bench.app.app_context():
        from webapp.extensions import db

        db.engine.dispose()
    return rows


def report(rows: list[dict], command: str) -> str:
    ms = lambda s: f"{s * 1000:,.0f} ms"  # noqa: E731
    lines = [
        f"Command: `{command}`",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"SQLite {__import__('sqlite3').sqlite_version}. Median of the timed runs after a warm-up.",
        "",
        "| database | responses | priority list page | its data | what-if page (both rankings) | what-if statement "
        "| what-if page / priority list page | weights as a file |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['backend']} | {r['size']:,} | {ms(r['priority_page'])} | {ms(r['priority_data'])} | {ms(r['whatif_page'])} "
            f"| {ms(r['whatif_query'])} | {r['whatif_page'] / r['priority_page']:.1f}x | {ms(r['download'])} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    rows = rows_on_backends("whatif", args.backends.split(","), lambda backend, url: run(backend, url, sizes, args.repeat))
    command = ".venv/bin/python bench/bench_whatif.py " + " ".join(sys.argv[1:])
    print(report(rows, command.strip()))
    slow = [f"{r['backend']} {r['size']:,}: {r['whatif_page']:.2f} s" for r in rows if r["whatif_page"] >= PAGE_LIMIT_S]
    print("\nTarget (what-if page under 1 s): " + ("met." if not slow else "MISSED: " + "; ".join(slow)))
    if slow:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
