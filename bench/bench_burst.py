"""The deadline burst: BENCH_BURST_CLIENTS (200) concurrent stakeholders complete the questionnaire
and each asks for the PDF, against gunicorn with PostgreSQL (when it answers), first with the PDF
rendered inline in the web request, then with it queued to RQ workers on Redis, in the same run.

For each mode, the step page's latency is measured with wrk (a few connections on drafts prepared
beforehand) once with no burst (idle), then during the burst (from when a quarter of the clients
have asked for their PDF). The run fails on any client error, any response lost or duplicated
(counted in the database), any PDF not delivered, and, with the queue, on a step p99 during the
burst above 3x its idle p99. The RQ workers run at the lowest CPU priority (nice 19), as they
should beside web processes on one host (docs/deploy.md).

Usage: python bench/bench_burst.py   (BENCH_BURST_CLIENTS, BENCH_BURST_SECONDS, BENCH_RQ_WORKERS,
BENCH_THINK_SECONDS, REDIS_URL to tune; Redis on 127.0.0.1:6379 by default)
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_submissions import answer_sets, count_in_database  # noqa: E402
from bench.bench_web import WRK_SCRIPT, WrkRun, first_steps, parse_wrk, prepare  # noqa: E402
from bench.common import SECRET_KEY, Check, bench_database, database_kind, default_instrument, machine, workers  # noqa: E402
from bench.web_client import FlowError, StakeholderClient  # noqa: E402
from forms.checks import extreme_answers  # noqa: E402
from forms.model import Instrument  # noqa: E402
from tests.live_server import ROOT, GunicornServer, production_env, start_gunicorn  # noqa: E402

CLIENTS = int(os.environ.get("BENCH_BURST_CLIENTS", "200"))
PROBE_SECONDS = int(os.environ.get("BENCH_BURST_SECONDS", "15"))
RQ_WORKERS = int(os.environ.get("BENCH_RQ_WORKERS", "1"))
THINK_SECONDS = float(os.environ.get("BENCH_THINK_SECONDS", "2"))
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
PDF_WAIT_SECONDS = 900
PROBE_CONNECTIONS = 4


@dataclass
class Burst:
    references: list[str] = field(default_factory=list)
    pdfs: int = 0
    errors: list[str] = field(default_factory=list)
    pdf_seconds: list[float] = field(default_factory=list)
    asked: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def fetch_pdf(client: StakeholderClient) -> bytes:
    """GET /result/pdf as the waiting page's script does: ask for the state (JSON) after 2 s, then
    half as long again each time up to 10 s, and download the file once it is ready. Inline, the
    first request answers the PDF itself."""
    deadline = time.monotonic() + PDF_WAIT_SECONDS
    delay = 2.0
    accept = "application/json"
    while time.monotonic() < deadline:
        request = urllib.request.Request(client.base_url + "/result/pdf", headers={"Accept": accept})
        try:
            with client.opener.open(request, timeout=PDF_WAIT_SECONDS) as reply:
                status, kind, body = reply.status, reply.headers.get("Content-Type", ""), reply.read()
        except urllib.error.HTTPError as error:
            raise FlowError(f"GET /result/pdf: HTTP {error.code}") from error
        if kind.startswith("application/pdf"):
            if not body.startswith(b"%PDF"):
                raise FlowError("GET /result/pdf answered a broken PDF")
            return body
        if status == 200 and json.loads(body).get("state") == "ready":
            accept = "*/*"  # the script's "Download the document" link
            continue
        if status != 202:
            raise FlowError(f"GET /result/pdf: HTTP {status} {body[:80]!r}")
        time.sleep(delay)
        delay = min(delay * 1.5, 10.0)
    raise FlowError(f"no PDF after {PDF_WAIT_SECONDS} s")


class ThinkingClient(StakeholderClient):
    """A stakeholder who reads each page before sending the next request: THINK_SECONDS on average,
    drawn between half and one and a half times that (seeded per client), as people do not click
    in step with each other."""

    def __init__(self, base_url: str, number: int, timeout: float) -> None:
        super().__init__(base_url, timeout=timeout)
        self.pace = random.Random(number)  # nosec B311 # a benchmark's think times, not a secret

    def _open(self, request: urllib.request.Request) -> str:
        time.sleep(THINK_SECONDS * self.pace.uniform(0.5, 1.5))
        return super()._open(request)


def run_burst(base_url: str, instrument: Instrument, outcome: Burst) -> float:
    sets = answer_sets(instrument)

    def one(number: int) -> None:
        client = ThinkingClient(base_url, number, timeout=PDF_WAIT_SECONDS)
        try:
            reference = client.complete(instrument, sets[number % len(sets)])
            with outcome.lock:
                outcome.references.append(reference)
                outcome.asked += 1
            started = time.perf_counter()
            fetch_pdf(client)
            with outcome.lock:
                outcome.pdfs += 1
                outcome.pdf_seconds.append(time.perf_counter() - started)
        except Exception as error:  # noqa: BLE001 - every failure is counted and shown
            with outcome.lock:
                outcome.errors.append(f"{type(error).__name__}: {error}")

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(one, range(CLIENTS)))
    return time.perf_counter() - started


def probe(label: str, url: str, sessions: list[tuple[str, str]], seconds: int) -> WrkRun:
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as handle:
        handle.writelines(f"{cookie}\t{body}\n" for cookie, body in sessions)
    env = {**os.environ, "WRK_SESSIONS": handle.name, "WRK_THREADS": "2", "WRK_METHOD": "GET", "WRK_EXPECT": "200"}
    command = ["wrk", "-t2", f"-c{PROBE_CONNECTIONS}", "--latency", "--timeout", "60s", "-s", str(WRK_SCRIPT), f"-d{seconds}s", url]
    try:
        output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(handle.name)
    if os.environ.get("BENCH_DEBUG"):
        print(output)
    return parse_wrk(label, output)


def started(environment: dict[str, str]) -> GunicornServer:
    """The app under gunicorn as bench.common.serve starts it, given longer to warm up on a busy machine."""
    server = start_gunicorn(environment, workers=workers(), wait=False)
    try:
        server.wait_ready(timeout=300)
    except BaseException:
        server.stop()
        raise
    return server


def start_workers(env: dict[str, str], count: int) -> list[subprocess.Popen]:
    command = ["nice", "-n", "19", sys.executable, "-m", "flask", "--app", "webapp:create_app", "worker"]
    return [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(count)]


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class ModeResult:
    mode: str
    idle: WrkRun
    during: WrkRun
    burst: Burst
    seconds: float
    submitted: int
    found: int


def run_mode(mode: str, database_url: str, instrument: Instrument) -> ModeResult:
    queued = mode == "queued"
    # Every client comes from one loopback address: the per-address limit on new drafts would stop the burst.
    settings = {"CACHE_BACKEND": "database", "LOG_FORMAT": "text", "RATE_LIMITS_ENABLED": "false"}
    if queued:
        settings.update(REDIS_URL=REDIS_URL, JOB_QUEUE="rq", JOB_QUEUE_NAME=f"bench-burst-{uuid.uuid4().hex[:8]}")
    environment = production_env(database_url, SECRET_KEY=SECRET_KEY, **settings)
    rq_workers = start_workers(environment, RQ_WORKERS) if queued else []
    try:
        with started(environment) as app:
            answers = {**extreme_answers(instrument, favourable=True), "organisation": "Benchmark Ltd"}
            first, second = first_steps(instrument)

            def at_second_step(client: StakeholderClient) -> tuple[str, str]:
                client.start()
                client.answer_steps(instrument, answers, until=second)
                return client.cookie_header(), ""

            drafts = prepare(app.url, 32, at_second_step)
            idle = probe(f"{mode}: step page GET {second}, no burst", app.url + second, drafts, PROBE_SECONDS)
            outcome = Burst()
            clock: dict[str, float] = {}
            burst = threading.Thread(target=lambda: clock.setdefault("seconds", run_burst(app.url, instrument, outcome)))
            burst.start()
            while outcome.asked < CLIENTS // 4 and burst.is_alive():
                time.sleep(0.1)
            during = probe(f"{mode}: step page GET {second}, during the burst", app.url + second, drafts, PROBE_SECONDS)
            burst.join()
            if os.environ.get("BENCH_DEBUG"):
                Path(f"/tmp/bench-burst-{mode}.log").write_text(app.log())
    finally:
        stop(rq_workers)
    submitted, found = count_in_database(database_url, outcome.references)
    return ModeResult(mode, idle, during, outcome, clock.get("seconds", 0.0), submitted, found)


def report(results: list[ModeResult], before: int) -> list[Check]:
    checks = []
    for result in results:
        burst = result.burst
        pdf = sorted(burst.pdf_seconds)
        pdf_p50 = pdf[len(pdf) // 2] if pdf else 0.0
        pdf_max = pdf[-1] if pdf else 0.0
        print(f"  {result.mode}: {len(burst.references)} submitted and {burst.pdfs} PDFs delivered in {result.seconds:.1f} s; "
              f"PDF waited for: median {pdf_p50:.1f} s, longest {pdf_max:.1f} s")
        print(result.idle.line())
        print(result.during.line())
        for error in Counter(burst.errors).most_common(5):
            print(f"  error: {error[1]} x {error[0]}")
        checks += [
            Check(f"{result.mode}: client errors", len(burst.errors), "<=", 0, unit=""),
            Check(f"{result.mode}: probe errors", result.idle.errors + result.during.errors, "<=", 0, unit=""),
            Check(f"{result.mode}: responses lost (expected - found in database)", CLIENTS - result.found, "<=", 0, unit=""),
            Check(f"{result.mode}: PDFs not delivered", CLIENTS - burst.pdfs, "<=", 0, unit=""),
            Check(f"{result.mode}: step p50 during the burst / idle p99 (no target)", result.during.p50_ms / result.idle.p99_ms, ">=", 0),
        ]
        limit = 3.0 if result.mode == "queued" else float("inf")
        checks.append(Check(f"{result.mode}: step p99 during the burst / idle p99" + ("" if result.mode == "queued" else " (no target)"),
                            result.during.p99_ms / result.idle.p99_ms, "<=", limit))
    total_submitted = results[-1].submitted - before
    checks.append(Check("responses duplicated (in database - expected, both modes)", total_submitted - CLIENTS * len(results), "<=", 0, unit=""))
    return checks


def main() -> int:
    instrument = default_instrument()
    with bench_database() as database_url:
        print(f"== deadline burst ({CLIENTS} concurrent clients, {THINK_SECONDS:g} s between a client's pages, each asking for the PDF; "
              f"gunicorn {workers()} workers; {RQ_WORKERS} RQ worker(s) at nice 19; {database_kind(database_url)}; {machine()})")
        modes = os.environ.get("BENCH_BURST_MODES", "inline,queued").split(",")
        results = [run_mode(mode, database_url, instrument) for mode in modes]
        checks = report(results, before=0)
    for check in checks:
        print(check.line())
    return 0 if all(check.ok for check in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
