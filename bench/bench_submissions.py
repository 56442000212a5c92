"""Many stakeholders at once: 50 concurrent clients complete 2,000 questionnaires over HTTP.

Each client starts, answers every step, submits and reads its reference on the result page. The
run fails on any error, and on any submission lost or duplicated, counted in the database
afterwards (not from what the clients saw).

Usage: python bench/bench_submissions.py   (BENCH_SUBMISSIONS, BENCH_CLIENTS to tune)
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from bench.common import Check, bench_database, database_kind, default_instrument, machine, serve, workers  # noqa: E402
from bench.web_client import StakeholderClient  # noqa: E402
from forms.checks import extreme_answers  # noqa: E402
from forms.model import Instrument  # noqa: E402

ACCESS_STATUS = re.compile(r'"(?:GET|POST) [^"]*" (\d{3}) ')
SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "2000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))


def answer_sets(instrument: Instrument) -> list[dict]:
    """A few different respondents: favourable and unfavourable answers, across issues."""
    issues = [option.value for option in instrument.questions["issue"].options] if "issue" in instrument.questions else [None]
    sets = []
    for index, issue in enumerate(issues):
        answers = dict(extreme_answers(instrument, favourable=index % 2 == 0))
        if issue is not None:
            answers["issue"] = issue
        answers["organisation"] = f"Benchmark organisation {index}"
        sets.append(answers)
    return sets


def run(base_url: str, instrument: Instrument) -> tuple[list[str], list[str], float]:
    """Returns the references the clients saw, their errors, and the wall time."""
    sets = answer_sets(instrument)

    def one(number: int) -> str:
        return StakeholderClient(base_url).complete(instrument, sets[number % len(sets)])

    references: list[str] = []
    errors: list[str] = []
    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(one, number) for number in range(SUBMISSIONS)]
        for future in futures:
            try:
                references.append(future.result())
            except Exception as error:  # noqa: BLE001 - every failure is counted and shown
                errors.append(f"{type(error).__name__}: {error}")
    return references, errors, time.perf_counter() - started


def count_in_database(database_url: str, references: list[str]) -> tuple[int, int]:
    """(submitted responses in the database, how many of the clients' references are among them)."""
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        submitted = connection.execute(sa.text("SELECT count(*) FROM responses WHERE status = 'submitted'")).scalar_one()
        found = 0
        for start in range(0, len(references), 500):
            chunk = references[start : start + 500]
            query = sa.text("SELECT count(*) FROM responses WHERE status = 'submitted' AND reference IN :refs").bindparams(
                sa.bindparam("refs", expanding=True)
            )
            found += connection.execute(query, {"refs": chunk}).scalar_one()
    engine.dispose()
    return submitted, found


def main() -> int:
    instrument = default_instrument()
    with bench_database() as database_url:
        print(f"== submissions ({CLIENTS} concurrent clients, {SUBMISSIONS} questionnaires; "
              f"gunicorn {workers()} workers; {database_kind(database_url)}; {machine()})")
        with serve(database_url) as app:
            references, errors, seconds = run(app.url, instrument)
        statuses = Counter(ACCESS_STATUS.findall(app.log()))
        submitted, found = count_in_database(database_url, references)
    duplicated = sum(n - 1 for n in Counter(references).values() if n > 1)
    requests = sum(statuses.values())
    failed = sum(n for status, n in statuses.items() if not status.startswith(("2", "3")))
    print(f"  {len(references)} completed in {seconds:.1f} s: {len(references) / seconds:.1f} questionnaires/s, "
          f"{requests} requests ({requests / seconds:.0f}/s), statuses {dict(sorted(statuses.items()))}")
    print(f"  in the database: {submitted} submitted; {found} of the clients' references found")
    for error in errors[:10]:
        print(f"  error: {error}")
    checks = [
        Check("client errors", len(errors), "<=", 0, unit=""),
        Check("responses other than 2xx/3xx (access log)", failed, "<=", 0, unit=""),
        Check("submissions lost (expected - in database)", SUBMISSIONS - found, "<=", 0, unit=""),
        Check("submissions duplicated (in database - expected)", submitted - SUBMISSIONS, "<=", 0, unit=""),
        Check("references shown twice", duplicated, "<=", 0, unit=""),
    ]
    for check in checks:
        print(check.line())
    return 0 if all(check.ok for check in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
