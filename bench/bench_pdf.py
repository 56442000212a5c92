"""Benchmark of the recommendation PDF: overhead over WeasyPrint, cache hits, memory over many renders.

Run from the repository root:  .venv/bin/python bench/bench_pdf.py [--runs 15] [--reports 200] [--no-pool]
Every figure printed is measured in this run. Targets: render <= 1.3x WeasyPrint alone on the same
HTML; a cached fetch >= 20x faster than a render; RSS after the 200th render <= 1.2x after the 20th.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import weasyprint  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from forms.checks import extreme_answers  # noqa: E402
from forms.engine import score_answers  # noqa: E402
from forms.loader import InstrumentError, default_instrument_path, load_instrument  # noqa: E402
from reports.cache import MemoryPdfCache, get_or_render  # noqa: E402
from reports.context import ReportMeta  # noqa: E402
from reports.fetcher import BASE_URL  # noqa: E402
from reports.pdf import PDF_OPTIONS, answers_digest, cache_key, render_recommendation_pdf, render_report_html  # noqa: E402
from reports.worker import RenderJob, RenderPool  # noqa: E402

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mini.yaml"


def rss_mib(pid: int | str = "self") -> float:
    """Resident set size now (Linux /proc), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def children_rss_mib() -> dict[int, float]:
    """RSS of this process's direct children (the pool's workers)."""
    me, found = os.getpid(), {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == me:
                    found[int(entry.name)] = rss_mib(entry.name)
            except (OSError, IndexError, RuntimeError):
                continue
    return found


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed renders per side for the overhead ratio")
    parser.add_argument("--reports", type=int, default=200, help="renders for the memory figure")
    parser.add_argument("--no-pool", action="store_true", help="skip the worker-pool memory run")
    args = parser.parse_args()

    # A private copy: the brief's instrument may be edited while the benchmark runs.
    copy = Path(tempfile.mkdtemp(prefix="bench-pdf-")) / "instrument.yaml"
    try:
        shutil.copyfile(default_instrument_path(), copy)
        instrument = load_instrument(copy)
    except (OSError, InstrumentError):
        shutil.copyfile(FIXTURE, copy)
        instrument = load_instrument(copy)
    answers = extreme_answers(instrument, favourable=True)
    result = score_answers(instrument, answers)
    meta = ReportMeta("RE-2025-000123", datetime(2025, 11, 25, 10, 30, tzinfo=UTC), "Arctic", "Federal department", None, "en")
    python = sys.version.split()[0]
    print(f"instrument: {instrument.slug} {instrument.version}; WeasyPrint {weasyprint.__version__}; Python {python}")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")

    checks: list[tuple[str, float, str, float]] = []

    # 1. Overhead: our whole render (context, Jinja, fetcher) vs WeasyPrint alone on the final HTML.
    html = render_report_html(instrument, result, meta)
    ours = lambda: render_recommendation_pdf(instrument, result, meta)  # noqa: E731
    # WeasyPrint as one would call it: default fetcher, a new font configuration per document.
    plain = lambda: weasyprint.HTML(string=html, base_url=BASE_URL).write_pdf(**PDF_OPTIONS)  # noqa: E731
    # WeasyPrint with the same font-configuration reuse as ours: the like-for-like baseline.
    fonts = FontConfiguration()
    alone = lambda: weasyprint.HTML(string=html, base_url=BASE_URL).write_pdf(font_config=fonts, **PDF_OPTIONS)  # noqa: E731
    for warm in (ours, plain, alone):
        warm()
    times: dict[str, list[float]] = {"ours": [], "plain": [], "alone": []}
    for _ in range(args.runs):  # interleaved, so load on the machine hits every side alike
        for name, fn in (("ours", ours), ("plain", plain), ("alone", alone)):
            times[name].append(timed(fn))
    median = {name: statistics.median(values) for name, values in times.items()}
    context_median = statistics.median(timed(lambda: render_report_html(instrument, result, meta)) for _ in range(args.runs))
    print(f"render one report ({len(html) // 1024} KiB HTML, {args.runs} interleaved runs each), median:")
    print(f"  render_recommendation_pdf                          {median['ours'] * 1000:6.0f} ms")
    print(f"  WeasyPrint alone, same HTML, same font reuse       {median['alone'] * 1000:6.0f} ms")
    print(f"  WeasyPrint alone, same HTML, defaults              {median['plain'] * 1000:6.0f} ms")
    print(f"  context + Jinja alone                              {context_median * 1000:6.1f} ms")
    checks.append(("render / WeasyPrint alone (same HTML, same fonts)", median["ours"] / median["alone"], "<=", 1.3))
    checks.append(("render / WeasyPrint alone (same HTML, defaults)", median["ours"] / median["plain"], "<=", 1.3))

    # 2. Cache: a second fetch of the same report (key and answers digest computed each time) vs a render.
    cache = MemoryPdfCache()

    def fetch() -> bytes:
        key = cache_key(meta.reference, answers_digest(result.answers), result.record.instrument_version, "en", "A4")
        return get_or_render(cache, key, ours)

    first = timed(fetch)
    hit_median = statistics.median(timed(fetch) for _ in range(200))
    print(f"cache: first fetch (render + store) {first * 1000:.0f} ms; second fetch median {hit_median * 1e6:.1f} us")
    checks.append(("render / cached second fetch", median["ours"] / hit_median, ">=", 20))

    # 3. Memory: many renders in this process; RSS after the 20th and the last.
    results = [score_answers(instrument, extreme_answers(instrument, favourable=f)) for f in (True, False)]
    rss = {}
    start = time.perf_counter()
    for i in range(1, args.reports + 1):
        m = ReportMeta(f"RE-{i:06d}", meta.created_at, meta.issue_label, meta.group_label, None, "en")
        render_recommendation_pdf(instrument, results[i % 2], m, page_size=("A4", "Letter")[i % 3 == 0])
        if i in (1, 20, 50, 100, 150, args.reports):
            rss[i] = rss_mib()
    elapsed = time.perf_counter() - start
    steps = ", ".join(f"#{k}: {v:.0f}" for k, v in rss.items())
    print(f"memory, {args.reports} renders in one process ({elapsed:.0f} s; best and worst answers, A4 and Letter):")
    print(f"  RSS MiB after {steps}")
    checks.append((f"RSS after render #{args.reports} / after #20, in-process", rss[args.reports] / rss[20], "<=", 1.2))

    # 4. The same through the worker pool: the web process stays flat, workers are recycled.
    if not args.no_pool:
        parent_before = rss_mib()
        worker_peak = 0.0
        with RenderPool(max_workers=2, max_tasks_per_child=50) as pool:
            metas = [ReportMeta(f"RP-{i:06d}", meta.created_at, "Arctic", "NGO", None, "en") for i in range(args.reports)]
            jobs = [RenderJob.for_result(instrument, results[i % 2], m) for i, m in enumerate(metas)]
            start = time.perf_counter()
            futures = [pool.submit(job) for job in jobs]
            for n, future in enumerate(futures, 1):
                future.result(timeout=300)
                if n % 10 == 0:
                    worker_peak = max([worker_peak, *children_rss_mib().values()])
            elapsed = time.perf_counter() - start
            generations = pool.generations
        print(f"worker pool, 2 workers recycled every 50 renders: {args.reports} renders in {elapsed:.0f} s "
              f"({args.reports / elapsed:.1f}/s), {generations} generations; worker RSS peak {worker_peak:.0f} MiB; "
              f"this process {parent_before:.0f} -> {rss_mib():.0f} MiB")

    print("checks:")
    failed = 0
    for name, value, op, limit in checks:
        ok = value <= limit if op == "<=" else value >= limit
        failed += not ok
        print(f"  {name:<56} {value:10.4g}x   target {op} {limit:g}x   {'ok' if ok else 'FAIL'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
