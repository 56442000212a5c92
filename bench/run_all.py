"""`make bench`: every benchmark, one after the other, each printing its figures and the ratios
measured in its own run; exits non-zero when any target or any error check fails.

The web benchmarks need wrk (apt-get install -y wrk); PostgreSQL is used when it answers.
bench_pdf.py and bench_admin.py are run when present.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["bench_web.py", "bench_submissions.py", "bench_pdf.py", "bench_admin.py", "bench_firmness.py", "bench_whatif.py"]


def main() -> int:
    outcomes = []
    for name in BENCHMARKS:
        script = HERE / name
        if not script.exists():
            print(f"== {name}: not present, skipped")
            continue
        started = time.perf_counter()
        code = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False).returncode
        outcomes.append((name, code, time.perf_counter() - started))
    print("== summary")
    for name, code, seconds in outcomes:
        print(f"  {name:<24} {'ok' if code == 0 else f'FAILED (exit {code})':<18} {seconds:6.0f} s")
    return 0 if all(code == 0 for _, code, _ in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
