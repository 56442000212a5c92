"""Benchmark of the recommendation PDF: the two-page recommendation and the whole document, each
beside WeasyPrint alone on the same HTML; memory over many renders.

Run from the repository root:  .venv/bin/python bench/bench_pdf.py [--runs 15] [--reports 200]
Every figure printed is measured in this run. Targets: each render <= 1.3x WeasyPrint alone on the
same HTML; RSS after the 200th render <= 1.2x after the 20th.
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
from forms.model import Instrument  # noqa: E402
from forms.result import Result  # noqa: E402
from reports.context import ReportMeta  # noqa: E402
from reports.fetcher import BASE_URL  # noqa: E402
from reports.pdf import PDF_OPTIONS, render_recommendation_pdf, render_report_html  # noqa: E402

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mini.yaml"


def rss_mib(pid: int | str = "self") -> float:
    """Resident set size now (Linux /proc), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


Check = tuple[str, float, str, float]  # name, value, "<=" or ">=", limit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed renders per side for the overhead ratio")
    parser.add_argument("--reports", type=int, default=200, help="renders for the memory figure")
    args = parser.parse_args()
    instrument = private_instrument()
    result = score_answers(instrument, extreme_answers(instrument, favourable=True))
    meta = ReportMeta("RE-2025-000123", datetime(2025, 11, 25, 10, 30, tzinfo=UTC), "Arctic", "Federal department", None, "en")
    python = sys.version.split()[0]
    print(f"instrument: {instrument.slug} {instrument.version}; WeasyPrint {weasyprint.__version__}; Python {python}")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    checks = overhead(instrument, result, meta, args.runs) + memory(instrument, meta, args.reports)
    print("checks:")
    failed = 0
    for name, value, op, limit in checks:
        ok = value <= limit if op == "<=" else value >= limit
        failed += not ok
        print(f"  {name:<56} {value:10.4g}x   target {op} {limit:g}x   {'ok' if ok else 'FAIL'}")
    return 1 if failed else 0


def private_instrument() -> Instrument:
    """The brief's instrument (or the test fixture) from a private copy: it may be edited meanwhile."""
    copy = Path(tempfile.mkdtemp(prefix="bench-pdf-")) / "instrument.yaml"
    try:
        shutil.copyfile(default_instrument_path(), copy)
        return load_instrument(copy)
    except (OSError, InstrumentError):
        shutil.copyfile(FIXTURE, copy)
        return load_instrument(copy)


def overhead(instrument: Instrument, result: Result, meta: ReportMeta, runs: int) -> list[Check]:
    """Our whole render (context, Jinja, fetcher) vs WeasyPrint alone on the final HTML, for the
    two-page recommendation (no annex) and for the whole document."""
    checks: list[Check] = []
    medians = {}
    for label, annex in (("two-page recommendation", False), ("whole document", True)):
        median, pages, size = _render_times(instrument, result, meta, runs, annex)
        medians[label] = median["ours"]
        print(f"{label}: {pages} A4 pages, {size // 1024} KiB HTML; median of {runs} interleaved runs each:")
        print(f"  render_recommendation_pdf                          {median['ours'] * 1000:6.0f} ms ({median['ours'] * 1000 / pages:.0f} ms a page)")
        print(f"  WeasyPrint alone, same HTML, same font reuse       {median['alone'] * 1000:6.0f} ms")
        print(f"  WeasyPrint alone, same HTML, defaults              {median['plain'] * 1000:6.0f} ms")
        print(f"  context + Jinja alone                              {median['html'] * 1000:6.1f} ms")
        checks += [
            (f"{label}: render / WeasyPrint alone (same fonts)", median["ours"] / median["alone"], "<=", 1.3),
            (f"{label}: render / WeasyPrint alone (defaults)", median["ours"] / median["plain"], "<=", 1.3),
        ]
    print(f"two-page recommendation / whole document: {medians['two-page recommendation'] / medians['whole document']:.2f}x the time")
    return checks


def _render_times(instrument: Instrument, result: Result, meta: ReportMeta, runs: int, annex: bool) -> tuple[dict[str, float], int, int]:
    """Median seconds of each way to render the same document, the page count and the HTML's size."""
    html = render_report_html(instrument, result, meta, annex=annex)
    ours = lambda: render_recommendation_pdf(instrument, result, meta, annex=annex)  # noqa: E731
    # WeasyPrint as one would call it: default fetcher, a new font configuration per document.
    plain = lambda: weasyprint.HTML(string=html, base_url=BASE_URL).write_pdf(**PDF_OPTIONS)  # noqa: E731
    # WeasyPrint with the same font-configuration reuse as ours: the like-for-like baseline.
    fonts = FontConfiguration()
    alone = lambda: weasyprint.HTML(string=html, base_url=BASE_URL).write_pdf(font_config=fonts, **PDF_OPTIONS)  # noqa: E731
    markup = lambda: render_report_html(instrument, result, meta, annex=annex)  # noqa: E731
    for warm in (ours, plain, alone):
        warm()
    times: dict[str, list[float]] = {"ours": [], "plain": [], "alone": [], "html": []}
    for _ in range(runs):  # interleaved, so load on the machine hits every side alike
        for name, fn in (("ours", ours), ("plain", plain), ("alone", alone), ("html", markup)):
            times[name].append(timed(fn))
    pages = len(weasyprint.HTML(string=html, base_url=BASE_URL).render().pages)
    return {name: statistics.median(values) for name, values in times.items()}, pages, len(html)


def memory(instrument: Instrument, meta: ReportMeta, reports: int) -> list[Check]:
    """Many renders in this process: RSS after the 20th and after the last."""
    results = [score_answers(instrument, extreme_answers(instrument, favourable=f)) for f in (True, False)]
    rss = {}
    start = time.perf_counter()
    for i in range(1, reports + 1):
        m = ReportMeta(f"RE-{i:06d}", meta.created_at, meta.issue_label, meta.group_label, None, "en")
        render_recommendation_pdf(instrument, results[i % 2], m, page_size=("A4", "Letter")[i % 3 == 0])
        if i in (1, 20, 50, 100, 150, reports):
            rss[i] = rss_mib()
    elapsed = time.perf_counter() - start
    steps = ", ".join(f"#{k}: {v:.0f}" for k, v in rss.items())
    print(f"memory, {reports} renders in one process ({elapsed:.0f} s; best and worst answers, A4 and Letter):")
    print(f"  RSS MiB after {steps}")
    return [(f"RSS after render #{reports} / after #20, in-process", rss[reports] / rss[20], "<=", 1.2)]


if __name__ == "__main__":
    sys.exit(main())
