"""Scales in a row only where every label fits on one line: the class a scale gets, and the CSS
rule behind each class (the browser test checks the rendering at 320 and 1280 pixels)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.webapp.questionnaire.support import PROFILE
from webapp.questionnaire.scale_layout import ROW_WIDTHS, row_width, scale_class

SITE_CSS = Path(__file__).resolve().parents[3] / "webapp" / "static" / "site.css"
labels = st.lists(st.text(alphabet="abcdefghij ", min_size=1, max_size=30), min_size=2, max_size=7)


def choices(texts: list[str]) -> tuple[tuple[str, str], ...]:
    return tuple((str(n), text) for n, text in enumerate(texts, 1))


@given(labels)
def test_a_scale_gets_the_narrowest_width_that_holds_its_row(texts):
    name = scale_class(choices(texts))
    needed = row_width(tuple(texts))
    if not name:
        assert needed > ROW_WIDTHS[-1], "stacked only when no width holds the row"
        return
    width = int(name.rsplit("-", 1)[1])
    assert needed <= width and not any(needed <= w < width for w in ROW_WIDTHS)


@given(labels, st.integers(min_value=0, max_value=6), st.text(alphabet="abc", min_size=1, max_size=20))
def test_a_longer_label_never_needs_less_room(texts, index, extra):
    longer = list(texts)
    longer[index % len(texts)] += extra
    assert row_width(tuple(longer)) > row_width(tuple(texts))


def test_every_width_has_its_container_rule_in_the_stylesheet():
    css = SITE_CSS.read_text(encoding="utf-8")
    rules = dict(re.findall(r"@container \(min-width: (\d+)em\) \{ \.choices--row-(\d+) \{ display: flex;", css))
    assert {int(k) for k in rules} == set(ROW_WIDTHS)
    assert all(k == v for k, v in rules.items()), "each class from its own width up"


def test_short_labels_are_a_row_and_long_ones_stack():
    assert scale_class(choices(["Little", "Some", "A lot", "I don't know"])).startswith("choices--row-")
    long_labels = ["Not sensitive", "Slightly sensitive", "Moderately sensitive", "Highly sensitive", "Extremely sensitive", "I don't know"]
    assert scale_class(choices(long_labels)) == ""


def test_the_step_page_marks_its_scale(respondent):
    respondent.start()
    respondent.step("profile", PROFILE)
    page = respondent.get("/step/case").text
    assert re.search(r'<div class="field field--scale">\s*<fieldset', page)
    assert re.search(r'<div class="choices choices--scale choices--row-\d+">', page)
    assert '<div class="choices">' in page, "other questions keep their stacked options"
