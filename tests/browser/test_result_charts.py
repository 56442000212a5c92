"""The result's charts on a 360-pixel phone and a 1280-pixel screen: wherever a chart shows, its
text is at least 12 pixels; on the phone the tables with the same figures show instead."""

from __future__ import annotations

import pytest

from forms.checks import extreme_answers
from tests.browser.answering import submit
from webapp.instruments import registry

# Every chart: shown or not, and the smallest size its text is drawn at (font size x the scale the SVG is drawn at).
CHARTS = """() => Array.from(document.querySelectorAll("main svg.chart")).map(svg => {
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const sizes = Array.from(svg.querySelectorAll("text")).map(t => parseFloat(t.getAttribute("font-size")) * scale);
  return {id: svg.id, shown: svg.getClientRects().length > 0, smallest: Math.min(...sizes)};
})"""
TABLES = "() => Array.from(document.querySelectorAll('main table')).filter(t => t.getClientRects().length > 0).length"


@pytest.fixture
def favourable(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        instrument = registry().default
    return instrument, extreme_answers(instrument, favourable=True)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_chart_text_is_never_below_12_pixels(open_page, check_page, favourable, language):
    page = open_page()
    submit(page, *favourable)
    page.goto(f"/language/{language}?next=/result")
    seen = {}
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        charts = page.evaluate(CHARTS)
        assert {chart["id"] for chart in charts} == {"chart-matrix", "chart-criteria"}
        for chart in charts:
            if chart["shown"]:
                assert chart["smallest"] >= 12, f"{chart['id']} at {width}px draws text at {chart['smallest']:.1f}px"
        seen[width] = {chart["id"] for chart in charts if chart["shown"]}
        assert page.evaluate(TABLES) >= 3, "the matrix table and the criteria tables are on the page"
        if width == 360:
            check_page(page, f"result-charts-360-{language}")
    assert seen == {360: set(), 1280: {"chart-matrix", "chart-criteria"}}
