"""Firmness on worked examples of the mini instrument: the sentence a reader sees, and its figures."""

from __future__ import annotations

import pytest

from forms.engine import score_answers, score_clean
from forms.firmness_text import change_sentence, firmness_to_dict, summary_sentence

BASE = {"issue": "arctic", "stakeholder_group": "exporter", "sanctions": "no", "security": "low"}


def test_a_result_one_weight_away_from_another_tier_is_fragile_and_says_which_weight(mini):
    # B1 = (0 + 40 + 60) / 3 = 33.3 and B2 = 100: benefit (2 * 33.3 + 100) / 3 = 55.6, just over the 55 threshold.
    result = score_answers(mini, {**BASE, "interest": 1, "competitors": "yes", "partners": ["us"]})
    firmness = result.firmness
    margin, direction, shift = firmness.weakest_weight
    assert result.tier == "officials" and firmness.verdict == "fragile"
    assert (margin.key, direction, shift.tier) == ("B2", "down", "informal")
    # (200/3 + 100 f) / (2 + f) = 55 at f = (110 - 200/3) / 45
    assert shift.change == pytest.approx(1 - (110 - 200 / 3) / 45, abs=1e-12)
    assert summary_sentence(firmness) == "Fragile: a 3.7% lower weight on Trade would make it Informal re-opening."
    assert summary_sentence(firmness, "fr", lambda m: m) == "Fragile: a 3,7\u00a0% lower weight on Trade would make it Informal re-opening."


def test_a_result_far_from_every_boundary_is_firm(mini):
    result = score_answers(mini, {**BASE, "interest": 3, "competitors": "yes", "market": "open"})
    assert result.tier == "pragmatic"
    assert result.firmness.verdict == "firm"
    assert summary_sentence(result.firmness).startswith("Firm: ")
    assert result.firmness.stability.share == 1.0


def test_a_red_line_decides_no_answer_change_is_offered_only_rescoping(mini):
    result = score_answers(mini, {**BASE, "interest": 3, "sanctions": "yes", "competitors": "yes"})
    firmness = result.firmness
    assert firmness.verdict == "red_line" and firmness.up == () and firmness.down == ()
    (rescoped,) = firmness.rescoping
    assert [(c.question, c.before, c.after) for c in rescoped.changes] == [("sanctions", "yes", "maybe")]
    assert summary_sentence(firmness).startswith("Firm: a red line decides")


def test_answer_changes_read_as_question_from_a_to_b_in_each_language(mini):
    result = score_answers(mini, {**BASE, "interest": 2, "competitors": "no"})
    change = next(c for s in result.firmness.up for c in s.changes if c.question == "competitors")
    assert change_sentence(change) == "“Are competitors backed by their trade commissioners?”: from “No” to “Yes”"
    assert change_sentence(change, "fr", lambda m: "%(question)s\u00a0: de %(before)s à %(after)s") == (
        "«\u00a0Are competitors backed by their trade commissioners?\u00a0»\u00a0: de «\u00a0No\u00a0» à «\u00a0Yes\u00a0»"
    )


def test_the_score_api_form_carries_the_summary_and_every_part(mini):
    result = score_answers(mini, {**BASE, "interest": 2, "competitors": "no"})
    data = result.to_dict()["firmness"]
    assert data == firmness_to_dict(result.firmness)
    assert set(data) >= {"verdict", "summary", "weights", "thresholds", "stability", "up", "down", "rescoping", "contributions"}
    assert [m["key"] for m in data["weights"]] == ["B1", "B2", "R1", "R2"]
    assert data["stability"]["samples"] == 1000


def test_scoring_without_firmness_leaves_it_out(mini):
    result = score_clean(mini, {**BASE, "interest": 2, "competitors": "no"}, with_firmness=False)
    assert result.firmness is None and result.to_dict()["firmness"] is None
