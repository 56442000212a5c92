"""Admin chart labels wrap onto a second line, abbreviate only beyond it, and keep the whole label
in the chart's tooltip (<title>) as well as in the table beside the chart."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from webapp.admin.charts import label_lines, priority_chart, tier_chart

LONG = "Regional security (Middle East, Afghanistan) and the wider region's stability"
words = st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=12), min_size=1, max_size=12).map(" ".join)


def _(message: str, **params: object) -> str:
    return message % params if params else message


@given(words, st.integers(min_value=12, max_value=40))
def test_a_label_takes_at_most_two_lines_of_the_limit(label, limit):
    lines = label_lines(label, limit)
    assert 1 <= len(lines) <= 2
    assert all(len(line) <= limit for line in lines)
    if not lines[-1].endswith("…"):
        assert " ".join(lines) == label, "nothing is lost unless the label is abbreviated"


def test_a_label_that_fits_stays_whole_on_one_line():
    assert label_lines("Arctic", 34) == ["Arctic"]


def test_a_long_issue_wraps_instead_of_being_cut_and_keeps_its_whole_label_as_title():
    rows = [{"rank": 1, "label": "Regional security (Middle East, Afghanistan)", "score": 12.0, "red_lined": False, "too_few": False},
            {"rank": 2, "label": "Arctic", "score": -5.0, "red_lined": False, "too_few": False}]
    svg = str(priority_chart("c", rows, _))
    assert "<title>1. Regional security (Middle East, Afghanistan)</title>" in svg
    spans = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert spans[:2] == ["1. Regional security (Middle East,", "Afghanistan)"]
    assert "…" not in "".join(spans)


def test_a_two_line_row_makes_the_chart_taller():
    short = str(tier_chart("t", [{"label": "NGO", "n": 3, "counts": [1, 2]}], ["Hold", "Pragmatic"], _))
    long = str(tier_chart("t", [{"label": LONG, "n": 3, "counts": [1, 2]}], ["Hold", "Pragmatic"], _))
    height = lambda svg: float(re.search(r'viewBox="0 0 \d+ (\d+)"', svg).group(1))  # noqa: E731
    assert height(long) > height(short)
    assert f"<title>{LONG} (n=3)</title>".replace("'", "&#39;") in long
