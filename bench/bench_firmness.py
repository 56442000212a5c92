"""What firmness costs: scoring one result with and without `Result.firmness`, in the same run.

Scores seeded random answer sets (as a respondent could give them: every choice question answered,
optional ones sometimes blank, only the answers on the path kept) on the shipped instrument, each
both ways, interleaved, and prints per result the median, 95th percentile and worst time (CPU
time of the scoring thread, and wall time), the added time and the ratio. Fails when firmness adds
more than 20 ms of CPU to the median or the p95: on a machine shared with other work the wall time
also counts the waits for a CPU, which the CPU time leaves out.

    .venv/bin/python bench/bench_firmness.py            # 400 answer sets
    .venv/bin/python bench/bench_firmness.py --sets 2000
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forms.answers import on_path  # noqa: E402
from forms.engine import score_clean  # noqa: E402
from forms.loader import default_instrument_path, load_instrument  # noqa: E402
from forms.model import Instrument  # noqa: E402

ADDED_LIMIT_MS = 20.0


def random_answers(instrument: Instrument, rng: random.Random) -> dict:
    answers: dict = {}
    for question in instrument.questions.values():
        values = [o.value for o in question.options]
        if not question.is_choice or (not question.required and rng.random() < 0.15):
            continue
        if question.type == "multiple":
            answers[question.id] = tuple(v for v in values if rng.random() < 0.4) or (values[0],)
        else:
            answers[question.id] = rng.choice(values)
    return on_path(instrument, answers)


def timed_ms(function: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) milliseconds: on a shared machine the wall time also counts the waits for a CPU."""
    wall, cpu = time.perf_counter(), time.thread_time()
    function()
    return (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=400)
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()
    instrument = load_instrument(default_instrument_path())
    rng = random.Random(args.seed)
    sets = [random_answers(instrument, rng) for _ in range(args.sets)]
    for answers in sets[:20]:  # warm-up: caches and the sample of weight vectors
        score_clean(instrument, answers)
    plain, full = [], []
    for answers in sets:
        plain.append(timed_ms(partial(score_clean, instrument, answers, with_firmness=False)))
        full.append(timed_ms(partial(score_clean, instrument, answers)))
    print(f"## Firmness: scoring one result with and without it ({instrument.slug} {instrument.version})")
    print(f"{len(sets)} seeded answer sets (seed {args.seed}), each scored both ways; Python {platform.python_version()}, {platform.machine()}, ")
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
    print()
    print("| per result | CPU median | CPU p95 | CPU worst | wall median | wall p95 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    columns = {}
    added_pairs = [(f[0] - p[0], f[1] - p[1]) for f, p in zip(full, plain, strict=True)]
    for name, pairs in (("score only", plain), ("score + firmness", full), ("added by firmness", added_pairs)):
        wall, cpu = [w for w, _ in pairs], [c for _, c in pairs]
        columns[name] = cpu
        print(
            f"| {name} | {statistics.median(cpu):.2f} ms | {percentile(cpu, 0.95):.2f} ms | {max(cpu):.2f} ms "
            f"| {statistics.median(wall):.2f} ms | {percentile(wall, 0.95):.2f} ms |"
        )
    ratio = statistics.median(columns["score + firmness"]) / statistics.median(columns["score only"])
    print(f"| ratio (CPU medians) | {ratio:.1f}x | | | | |")
    added = columns["added by firmness"]
    ok = statistics.median(added) <= ADDED_LIMIT_MS and percentile(added, 0.95) <= ADDED_LIMIT_MS
    print()
    print(f"Target: firmness adds at most {ADDED_LIMIT_MS:.0f} ms of CPU (median and p95): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
