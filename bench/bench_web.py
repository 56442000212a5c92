"""Web pages under load (wrk), each compared with a yardstick measured in the same run.

- step page and result page vs a bare Flask "hello" served the same way (target: step >= 0.1x rps)
- a step's save (POST, validate, write, redirect) vs the same step's GET (>= 0.6x rps; p99 and p50 shown)
- a step page for a draft with every question answered vs an empty draft (>= 0.7x rps)
- the first request after a worker starts vs a warm one (<= 5x)
Every wrk run reports non-2xx responses, unexpected statuses and socket errors; any error fails.
Each run of the app also reports the CPU its web workers and PostgreSQL (on this machine) spent
per request, so that the save's extra cost is split between the app and the database.

The benchmark changes nothing on the machine that it did not start itself: the app, wrk and the
database share the machine's CPUs as the operating system schedules them.

The machines are shared and noisy, so each comparison is measured in BENCH_ROUNDS rounds (5): a
round runs the pages one right after the other, each ratio is taken within its round, and the
target is checked on the median round.

Usage: python bench/bench_web.py   (BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS, WEB_CONCURRENCY to tune)
"""

from __future__ import annotations

import functools
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Check, bench_database, database_kind, default_instrument, machine, serve, workers  # noqa: E402
from bench.cpu import cpu_times, database_server  # noqa: E402
from bench.web_client import StakeholderClient  # noqa: E402
from forms.checks import extreme_answers  # noqa: E402
from forms.model import Instrument  # noqa: E402
from tests.live_server import GunicornServer  # noqa: E402

WRK_SCRIPT = Path(__file__).resolve().parent / "wrk" / "sessions.lua"
SECONDS = int(os.environ.get("BENCH_SECONDS", "6"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "10"))
THREADS = 2
SESSIONS = 32  # distinct drafts a run cycles through
# Drafts the step page and its save cycle through: 48 per wrk thread for its 5 connections, so a
# draft comes round again only after dozens of other requests (saves never queue on one row).
STEP_SESSIONS = 96


@dataclass
class WrkRun:
    label: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int
    socket_errors: int
    unexpected: int
    unexpected_statuses: str
    # CPU per request during the measured run: the web server's processes, and PostgreSQL's when
    # it runs on this machine (None when not measured).
    app_cpu_ms: float | None = None
    database_cpu_ms: float | None = None

    @property
    def cpu_ms(self) -> float | None:
        """The web workers' and PostgreSQL's CPU per request together; None unless both were measured."""
        if self.app_cpu_ms is None or self.database_cpu_ms is None:
            return None
        return self.app_cpu_ms + self.database_cpu_ms

    @property
    def errors(self) -> int:
        return self.non_2xx_3xx + self.socket_errors + self.unexpected

    def line(self) -> str:
        problems = (f"non-2xx/3xx {self.non_2xx_3xx}, unexpected status {self.unexpected} {self.unexpected_statuses}, "
                    f"socket errors {self.socket_errors}")
        cpu = ""
        if self.app_cpu_ms is not None:
            database = "n/a" if self.database_cpu_ms is None else f"{self.database_cpu_ms:.2f} ms"
            cpu = f"   CPU/req: app {self.app_cpu_ms:.2f} ms, PostgreSQL {database}"
        return f"  {self.label:<52} {self.rps:9.1f} req/s   p50 {self.p50_ms:6.1f} ms   p99 {self.p99_ms:6.1f} ms   {self.requests:7d} req   {problems}{cpu}"


def run_wrk(
    label: str,
    url: str,
    sessions: list[tuple[str, str]] | None = None,
    method: str = "GET",
    expect: str = "200",
    server_pid: int | None = None,
    database: int | None = None,
) -> WrkRun:
    """One measured wrk run (after a short unmeasured warm-up) carrying the prepared sessions; with
    `server_pid` (the gunicorn master), the CPU its processes spent per request, and with
    `database` (the local PostgreSQL server's id) the CPU that server spent."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as handle:
        handle.writelines(f"{cookie}\t{body}\n" for cookie, body in sessions or [])
    env = {**os.environ, "WRK_SESSIONS": handle.name if sessions else "", "WRK_THREADS": str(THREADS), "WRK_METHOD": method, "WRK_EXPECT": expect}
    base = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", "--latency", "-s", str(WRK_SCRIPT)]
    try:
        subprocess.run([*base, "-d2s", url], env=env, capture_output=True, check=True)
        before = cpu_times(server_pid, database)
        output = subprocess.run([*base, f"-d{SECONDS}s", url], env=env, capture_output=True, text=True, check=True).stdout
        after = cpu_times(server_pid, database)
    finally:
        os.unlink(handle.name)
    run = parse_wrk(label, output)
    if before is not None and after is not None and run.requests:
        run.app_cpu_ms = (after.app - before.app) * 1000 / run.requests
        if before.database is not None and after.database is not None:
            run.database_cpu_ms = (after.database - before.database) * 1000 / run.requests
    return run


def parse_wrk(label: str, output: str) -> WrkRun:
    def number(pattern: str) -> str:
        match = re.search(pattern, output)
        if match is None:
            raise RuntimeError(f"wrk output without {pattern!r}:\n{output}")
        return match.group(1)

    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    unexpected = re.search(r"unexpected_status (\d+) ?(.*)", output)
    return WrkRun(
        label=label,
        rps=float(number(r"Requests/sec:\s+([\d.]+)")),
        p50_ms=_milliseconds(number(r"\s50%\s+([\d.]+\w+)")),
        p99_ms=_milliseconds(number(r"\s99%\s+([\d.]+\w+)")),
        requests=int(number(r"(\d+) requests in")),
        non_2xx_3xx=int(non2xx.group(1)) if non2xx else 0,
        socket_errors=sum(int(n) for n in socket.groups()) if socket else 0,
        unexpected=int(unexpected.group(1)) if unexpected else -1,  # -1: the script did not report
        unexpected_statuses=unexpected.group(2).strip() if unexpected else "",
    )


def _milliseconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(\w+)", text)
    if match is None:
        raise ValueError(f"wrk reported a duration this script cannot read: {text!r}")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


# -------------------------------------------------------------------- prepared sessions
T = TypeVar("T")


def prepare(base_url: str, count: int, make: Callable[[StakeholderClient], T]) -> list[T]:
    """`count` visitors prepared in parallel by `make(client)`; returns what each `make` returns."""
    def one(_: int) -> T:
        client = StakeholderClient(base_url)
        return make(client)

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(one, range(count)))


def cookie_only(client: StakeholderClient) -> tuple[str, str]:
    return client.cookie_header(), ""


def first_steps(instrument: Instrument) -> tuple[str, str]:
    return f"/step/{instrument.steps[0].id}", f"/step/{instrument.steps[1].id}"


def prepared_sessions(base_url: str, instrument: Instrument) -> dict[str, list[tuple[str, str]]]:
    """Visitors for each page measured: (cookie, body) each. `mid` stand on the second step with
    its answers as the body of a save; `empty` and `full` are drafts with no answer and with every
    answer; `done` submitted."""
    answers = {**extreme_answers(instrument, favourable=True), "organisation": "Benchmark Ltd"}
    second = first_steps(instrument)[1]

    def at_second_step(client: StakeholderClient) -> tuple[str, str]:
        client.start()
        client.answer_steps(instrument, answers, until=second)
        return client.cookie_header(), urllib.parse.urlencode(client.step_fields(instrument, answers))

    def empty_draft(client: StakeholderClient) -> tuple[str, str]:
        client.start()
        return cookie_only(client)

    def full_draft(client: StakeholderClient) -> tuple[str, str]:
        client.start()
        client.answer_steps(instrument, answers)
        return cookie_only(client)

    def submitted(client: StakeholderClient) -> tuple[str, str]:
        client.complete(instrument, answers)
        return cookie_only(client)

    return {
        "mid": prepare(base_url, STEP_SESSIONS, at_second_step),
        "empty": prepare(base_url, SESSIONS, empty_draft),
        "full": prepare(base_url, SESSIONS, full_draft),
        "done": prepare(base_url, SESSIONS, submitted),
    }


def measure(
    app: GunicornServer, hello: GunicornServer, instrument: Instrument, database: int | None = None
) -> tuple[list[WrkRun], list[Check], list[str]]:
    """Every load run and the checks on them, with a note of where the save's extra cost goes;
    `database`: the local PostgreSQL server's id, whose CPU is counted (None: not counted)."""
    wrk = functools.partial(run_wrk, database=database)
    base_url, app_pid = app.url, app.process.pid
    first, second = first_steps(instrument)
    sessions = prepared_sessions(base_url, instrument)
    result = wrk("result page GET /result (once)", base_url + "/result", sessions["done"], server_pid=app_pid)
    runs = [wrk("start page GET / (once)", base_url + "/", server_pid=app_pid), result]
    rounds = []
    for number in range(1, ROUNDS + 1):
        # The runs a ratio compares follow each other, so that the machine's load changes little between them.
        current = {
            "hello": wrk(f'round {number}: bare Flask "hello" GET /', hello.url + "/", server_pid=hello.process.pid),
            "step": wrk(f"round {number}: step page GET {second}", base_url + second, sessions["mid"], server_pid=app_pid),
            "save": wrk(f"round {number}: step save POST {second}", base_url + second, sessions["mid"], "POST", "302,303", app_pid),
            "empty": wrk(f"round {number}: empty draft GET {first}", base_url + first, sessions["empty"], server_pid=app_pid),
            "full": wrk(f"round {number}: every question answered GET {first}", base_url + first, sessions["full"], server_pid=app_pid),
        }
        rounds.append(current)
        runs += current.values()
    checks = ratio_checks(rounds, result) + [Check(f"errors in: {run.label}", run.errors, "<=", 0, unit="") for run in runs]
    return runs, checks, save_cost_notes(rounds)


def ratio_checks(rounds: list[dict[str, WrkRun]], result: WrkRun) -> list[Check]:
    """The targets, each on the median round; the figures with no target are shown beside them."""
    hello_rps = statistics.median(r["hello"].rps for r in rounds)
    return [
        per_round("step page / hello, req/s", [r["step"].rps / r["hello"].rps for r in rounds], ">=", 0.1),
        Check("result page / hello (median), req/s (no target)", result.rps / hello_rps, ">=", 0.0),
        per_round("step save / step GET, req/s", [r["save"].rps / r["step"].rps for r in rounds], ">=", 0.6),
        # The tail and the middle of the distribution: no target, as the noise of a shared machine decides them.
        per_round("step save / step GET, p99 (no target)", [r["save"].p99_ms / r["step"].p99_ms for r in rounds], ">=", 0.0),
        per_round("step save / step GET, p50 (no target)", [r["save"].p50_ms / r["step"].p50_ms for r in rounds], ">=", 0.0),
        per_round("full draft / empty draft, req/s", [r["full"].rps / r["empty"].rps for r in rounds], ">=", 0.7),
    ]


def save_cost_notes(rounds: list[dict[str, WrkRun]]) -> list[str]:
    """What a save costs beyond its step's GET, split between the web workers and PostgreSQL
    (medians over the rounds): the part of the save's ratio the app can change, and the part it cannot."""
    notes = []
    for side, attribute in (("web workers", "app_cpu_ms"), ("PostgreSQL", "database_cpu_ms")):
        pairs = [(getattr(r["step"], attribute), getattr(r["save"], attribute)) for r in rounds]
        if any(value is None for pair in pairs for value in pair):
            notes.append(f"  CPU per request, {side}: not measured (no /proc, or the server is elsewhere)")
            continue
        get, save = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
        notes.append(f"  CPU per request, {side}: step GET {get:.2f} ms, save {save:.2f} ms (+{save - get:.2f} ms)")
    together = [r["save"].cpu_ms / r["step"].cpu_ms for r in rounds if r["save"].cpu_ms and r["step"].cpu_ms]
    if together:  # what the save costs the whole system, wherever its CPU runs
        notes.append(f"  CPU per request, web workers and PostgreSQL together: save / GET {statistics.median(together):.2f}x (median of the rounds)")
    return notes


def per_round(name: str, ratios: list[float], op: str, limit: float) -> Check:
    """The median round's ratio against the target; every round's ratio is in the name."""
    spread = ", ".join(f"{ratio:.3g}" for ratio in ratios)
    return Check(f"{name} (median of {spread})", statistics.median(ratios), op, limit)


def cold_start(database_url: str, base_url: str, instrument: Instrument, rounds: int = 5) -> list[Check]:
    """First request to a just-started worker vs the median of warm ones, on a full draft's step page."""
    answers = {**extreme_answers(instrument, favourable=True), "organisation": "Benchmark Ltd"}
    client = StakeholderClient(base_url)
    client.start()
    client.answer_steps(instrument, answers)
    cookie, path = client.cookie_header(), first_steps(instrument)[1]
    ratios = []
    for _ in range(rounds):
        with serve(database_url, worker_count=1) as server:
            first = _timed_get(server.port, path, cookie)
            warm = statistics.median(_timed_get(server.port, path, cookie) for _ in range(30))
        ratios.append(first / warm)
        print(f"  cold start: first request {first * 1000:.1f} ms, warm median {warm * 1000:.1f} ms")
    return [per_round("first request after worker start / warm", ratios, "<=", 5.0)]


def _timed_get(port: int, path: str, cookie: str) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"GET {path}: HTTP {response.status}")
    return elapsed


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 1
    instrument = default_instrument()
    with bench_database() as database_url:
        return _run(database_url, database_server(database_url), instrument)


def _run(database_url: str, server: int | None, instrument: Instrument) -> int:
    """Every measurement; 0 when every check passes. `server`: the local PostgreSQL's id, or None."""
    print(f"== web (gunicorn, {workers()} sync workers; wrk -t{THREADS} -c{CONNECTIONS} -d{SECONDS}s, {ROUNDS} rounds; "
          f"{database_kind(database_url)}; {machine()})")
    with (
        serve(database_url) as app,
        serve(database_url, app="bench.hello_app:create_app()") as hello,
    ):
        runs, checks, notes = measure(app, hello, instrument, server)
        for run in runs:
            print(run.line())
        print("\n".join(notes))
        checks += cold_start(database_url, app.url, instrument)
    for check in checks:
        print(check.line())
    return 0 if all(check.ok for check in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
