"""The benchmarks' CPU split: processes found under a root, and their CPU counted."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from bench.cpu import cpu_seconds, cpu_times, process_tree

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc (Linux)")

BUSY = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\ntime.sleep(30)"


def test_a_process_tree_holds_the_children_and_counts_their_cpu():
    parent = subprocess.Popen([sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {BUSY!r}])"])
    try:
        deadline = time.monotonic() + 10
        while len(process_tree(parent.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        tree = process_tree(parent.pid)
        assert tree[0] == parent.pid and len(tree) == 2 and os.getpid() not in tree
        while cpu_seconds(tree[1:]) < 0.25 and time.monotonic() < deadline:  # the child's busy loop
            time.sleep(0.05)
        assert 0.25 <= cpu_seconds(tree) < 5
        assert cpu_times(parent.pid).app >= 0.25
    finally:
        for pid in reversed(process_tree(parent.pid)):
            os.kill(pid, 9)
        parent.wait()


def test_processes_that_are_gone_count_nothing_and_no_root_means_no_figures():
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert cpu_seconds([gone.pid]) == 0
    assert cpu_times(None) is None
