"""The step pages at 320 and 1280 pixels, in English and French: scales in a row only where every
label fits on one line, else stacked full width; the step list beside or after the questions."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from forms.answers import walk_path
from tests.browser.answering import answer_steps
from tests.browser.checks import ARTIFACTS
from tests.live_server import production_env, start_gunicorn
from webapp.admin.synthetic import AnswerSampler
from webapp.instruments import registry
from webapp.questionnaire.scale_layout import row_width

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml"
WIDTHS = (320, 1280)
SHOTS = ARTIFACTS / "screenshots" / "step-pages"
# Each scale: laid out in a row or not, its box, each option's label (lines, right edge, width), and
# the width in em its options take in one row with unbroken labels (measured on a hidden copy).
SCALES = """() => Array.from(document.querySelectorAll(".choices--scale")).map(box => {
  const em = parseFloat(getComputedStyle(box).fontSize);
  const copy = box.cloneNode(true);
  copy.removeAttribute("class");
  copy.style.cssText = "display:flex;gap:0 1.5em;position:absolute;visibility:hidden;width:max-content";
  copy.querySelectorAll(".choice").forEach(c => { c.className = "choice"; });
  copy.querySelectorAll("label").forEach(l => { l.style.whiteSpace = "nowrap"; });
  box.after(copy);
  const oneRow = copy.getBoundingClientRect().width / em;
  copy.remove();
  const edge = box.getBoundingClientRect();
  return {name: box.querySelector("input").name, row: getComputedStyle(box).display === "flex",
          left: edge.left, right: edge.right, width: edge.width, oneRow: oneRow,
          options: Array.from(box.querySelectorAll(".choice")).map(choice => {
            const label = choice.querySelector("label");
            const lines = Math.round((label.getBoundingClientRect().height - 2) / parseFloat(getComputedStyle(label).lineHeight));
            return {text: label.textContent, lines: lines, right: label.getBoundingClientRect().right,
                    width: choice.getBoundingClientRect().width};
          })};
})"""


def check_scales(page, where: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """Every scale on the page: a row of one-line labels inside its box, or options stacked full width."""
    scales = page.evaluate(SCALES)
    for scale in scales:
        name = f"{where} {scale['name']}"
        labels = tuple(option["text"] for option in scale["options"])
        assert scale["oneRow"] <= row_width(labels), f"{name}: the layout's estimate is short of the row's real width"
        for option in scale["options"]:
            assert option["right"] <= scale["right"] + 1, f"{name}: {option['text']!r} runs past the scale's box"
            if scale["row"]:
                assert option["lines"] == 1, f"{name}: {option['text']!r} wraps inside the row"
            else:
                assert abs(option["width"] - scale["width"]) <= 1, f"{name}: stacked options take the full width"
    return scales


def look_at_every_width(page, name: str) -> list[dict]:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    seen = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        seen += [{**scale, "width_px": width} for scale in check_scales(page, f"{name} at {width}px")]
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1024, "height": 768})
    return seen


@pytest.fixture
def answers(app) -> dict:  # type: ignore[no-untyped-def]
    """Answers that open every step (an exporter's), every required question answered."""
    with app.app_context():
        instrument = registry().default
    values = AnswerSampler(instrument, random.Random(5)).answers("arctic", "exporter", 0.8)
    assert len(walk_path(instrument, values)) == len(instrument.steps)
    return {"instrument": instrument, "values": values}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_scales_stay_readable_at_every_width(page, check_page, answers, language):
    instrument = answers["instrument"]
    answer_steps(page, instrument, answers["values"])
    page.goto(f"/language/{language}?next=/review")
    scales = []
    for step in instrument.steps:
        page.goto(f"/step/{step.id}")
        assert page.locator("html").get_attribute("lang") == language
        scales += look_at_every_width(page, f"{language}-{step.id}")
        if language == "fr":  # the English step pages are checked by test_stakeholder_flow
            check_page(page, f"step-{step.id}-{language}")
    assert len({scale["name"] for scale in scales}) >= 5, "the brief's scales were all looked at"


@pytest.fixture(scope="module")
def mini_server(app, database_url):  # type: ignore[no-untyped-def]
    """The app on the mini instrument, whose scale has labels short enough for a row."""
    server = start_gunicorn(production_env(database_url, INSTRUMENTS=str(MINI)), workers=1)
    yield server
    server.stop()


def test_short_labels_sit_in_a_row_on_a_wide_screen_and_stack_on_a_phone(open_page, mini_server):
    page = open_page()
    page.goto(f"{mini_server.url}/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Arctic").check()
    page.get_by_label("NGO").check()
    page.get_by_role("button", name="Save and continue").click()
    assert page.url.endswith("/step/case")
    layouts = {scale["width_px"]: scale["row"] for scale in look_at_every_width(page, "mini-case")}
    assert layouts == {1280: True, 320: False}
