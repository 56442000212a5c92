"""The SVG charts: accessible images with a text equivalent, escaped, and drawn from the figures."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from forms.engine import score_answers
from forms.loader import parse_instrument
from reports.charts import SIDE_FILLS
from reports.context import build_report_context
from tests.reports.conftest import FIXTURES, MINI_ANSWERS, make_meta

SVG = "{http://www.w3.org/2000/svg}"


def _charts(instrument, answers):
    return build_report_context(instrument, score_answers(instrument, answers), make_meta())["charts"]


def _parse(chart):
    return ET.fromstring(str(chart["svg"]))


def test_both_charts_are_accessible_images(mini):
    for chart in _charts(mini, MINI_ANSWERS["officials"]).values():
        root = _parse(chart)
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title.text == chart["title"] and desc.text == chart["description"]
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert root.find(f".//{SVG}script") is None and root.find(f".//{SVG}image") is None


def test_matrix_places_the_response_and_describes_it(mini):
    chart = _charts(mini, MINI_ANSWERS["officials"])["matrix"]
    root = _parse(chart)
    assert len(root.findall(f"{SVG}circle")) == 2  # the point and its legend key
    assert len([r for r in root.findall(f"{SVG}rect") if r.get("stroke") == "#ffffff"]) == 16
    assert 'place this response in the cell of tier "Officials-level dialogue"' in chart["description"]
    assert "Benefit 55 out of 100" in chart["description"]


def test_criteria_chart_has_one_bar_per_scored_criterion(mini):
    result_answers = MINI_ANSWERS["officials"]  # B2 is not scored: no trade step
    chart = _charts(mini, result_answers)["criteria"]
    root = _parse(chart)
    bars = [r for r in root.findall(f"{SVG}rect") if r.get("fill") in SIDE_FILLS.values()]
    assert len(bars) == 3
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "not scored" in texts
    assert "B2 Trade not scored" in chart["description"] and "B1 Interest 55" in chart["description"]


def test_instrument_texts_are_escaped_in_charts():
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("{en: Interest}", '{en: "Interest <script>x</script> & co"}')
    instrument = parse_instrument(text, "mini-hostile.yaml")
    chart = _charts(instrument, MINI_ANSWERS["officials"])["criteria"]
    assert "<script>" not in str(chart["svg"])
    texts = [t.text for t in _parse(chart).iter(f"{SVG}text")]
    assert any("Interest <script>x</script> & co" in (t or "") for t in texts)
