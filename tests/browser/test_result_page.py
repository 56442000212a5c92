"""The result page opens with the decision: at 1280x800 the outcome, every recommended channel and the
safeguards are within the first two screens (1600 CSS pixels), in English and in French."""

from __future__ import annotations

import random

import pytest

from forms.checks import extreme_answers
from tests.browser.answering import submit
from webapp.admin.synthetic import AnswerSampler
from webapp.instruments import registry

TWO_SCREENS = 1600
PLACES = """() => {
  const bottom = e => Math.round(e.getBoundingClientRect().bottom + window.scrollY);
  const all = s => [...document.querySelectorAll(s)].map(e => ({text: e.innerText.trim(), bottom: bottom(e)}));
  return {decision: all(".verdict-box"), channels: all(".action--channel"), safeguards: all(".action--safeguard"),
          safeguard_heading: all("#result-safeguards"), confidence: all(".confidence")};
}"""


@pytest.fixture
def answer_sets(app) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    """The most favourable answers, the least (a red line), and two realistic respondents."""
    with app.app_context():
        instrument = registry().default
    sets = {"favourable": extreme_answers(instrument, favourable=True), "red-line": extreme_answers(instrument, favourable=False)}
    for seed in (3, 11):
        rng = random.Random(seed)
        issue = rng.choice(instrument.question("issue").options).value
        group = rng.choice(instrument.question("stakeholder_group").options).value
        sets[f"sampled-{seed}"] = AnswerSampler(instrument, rng).answers(str(issue), str(group), 0.85)
    return {name: (instrument, answers) for name, answers in sets.items()}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_decision_and_every_action_are_within_two_screens(open_page, check_page, answer_sets, language):
    for name, (instrument, answers) in answer_sets.items():
        page = open_page()
        page.set_viewport_size({"width": 1280, "height": 800})
        submit(page, instrument, answers)
        page.goto(f"/language/{language}")
        page.goto("/result")
        assert page.locator("html").get_attribute("lang") == language
        places = page.evaluate(PLACES)
        assert places["decision"] and places["decision"][0]["bottom"] <= TWO_SCREENS, (name, places["decision"])
        for kind in ("channels", "safeguards", "safeguard_heading", "confidence"):
            late = [item for item in places[kind] if item["bottom"] > TWO_SCREENS]
            assert not late, f"{name} ({language}): {kind} below the first two screens: {late}"
        if name in ("favourable", "red-line"):
            check_page(page, f"result-{name}-{language}")
        page.context.close()
