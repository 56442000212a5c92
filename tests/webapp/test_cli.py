"""`flask instrument validate | outline | score`: what an instrument author and an analyst run."""

from __future__ import annotations

import json

from forms.checks import extreme_answers
from forms.loader import default_instrument_path, load_instrument
from tests.conftest import FIXTURES

MINI = str(FIXTURES / "mini.yaml")
EXPORTER = {
    "issue": "trade",
    "stakeholder_group": "exporter",
    "interest": 3,
    "partners": ["us", "eu"],
    "sanctions": "no",
    "security": "low",
    "competitors": "yes",
    "market": "open",
}


def test_validate_prints_what_it_found_and_accepts_the_brief(runner):
    result = runner.invoke(args=["instrument", "validate"])
    assert result.exit_code == 0, result.output
    assert "well formed" in result.output
    assert "tiers: 'pragmatic' reachable" in result.output
    assert "red lines: 'sanctions' (R1) can be hit" in result.output
    assert result.output.strip().endswith("Valid.")


def test_validate_refuses_a_broken_file_naming_file_place_and_fault(runner, tmp_path):
    broken = tmp_path / "broken.yaml"
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("weight: 2,", "weight: 200,"), encoding="utf-8")
    result = runner.invoke(args=["instrument", "validate", str(broken)])
    assert result.exit_code == 1
    assert "broken.yaml" in result.output and "criteria[0].weight" in result.output and "outside" in result.output


def test_validate_reports_an_unreachable_tier_so_an_author_sees_it(runner, tmp_path):
    edited = tmp_path / "edited.yaml"
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    edited.write_text(text.replace("[hold, informal, officials, pragmatic]", "[hold, informal, officials, officials]"), "utf-8")
    result = runner.invoke(args=["instrument", "validate", str(edited)])
    assert result.exit_code == 1
    assert "FAIL tiers: 'pragmatic' is reached by no set of answers" in result.output


def test_outline_lists_steps_questions_and_what_each_scores(runner):
    result = runner.invoke(args=["instrument", "outline", MINI])
    assert result.exit_code == 0
    assert "Step 3: Trade [conditional]" in result.output
    assert "- interest: How much is at stake? (required, scale; scores B1)" in result.output


def test_score_prints_the_result_as_text_or_json(runner, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"answers": EXPORTER}), encoding="utf-8")
    text = runner.invoke(args=["instrument", "score", str(answers), "--instrument", MINI])
    assert text.exit_code == 0, text.output
    assert "Tier: Pragmatic re-engagement" in text.output and "H6 Trade promotion" in text.output
    as_json = runner.invoke(args=["instrument", "score", str(answers), "--instrument", MINI, "--json"])
    data = json.loads(as_json.output)
    assert data["tier"]["id"] == "pragmatic" and data["benefit"] == 83.3 and data["record"]["instrument"] == "mini"


def test_score_on_the_brief_gives_the_strongest_tier_for_the_most_favourable_answers(runner, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(json.dumps(extreme_answers(load_instrument(default_instrument_path()), favourable=True)), encoding="utf-8")
    result = runner.invoke(args=["instrument", "score", str(answers), "--json"])
    assert json.loads(result.output)["tier"]["id"] == "pragmatic"


def test_score_refuses_bad_answers_naming_each(runner, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({**EXPORTER, "interest": 9, "colour": "blue"}), encoding="utf-8")
    result = runner.invoke(args=["instrument", "score", str(answers), "--instrument", MINI])
    assert result.exit_code == 1
    assert "'9' is not one of the choices" in result.output and "'colour' is not a question" in result.output


def test_score_refuses_a_file_that_is_not_json_or_yaml(runner, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text("{not: [valid", encoding="utf-8")
    result = runner.invoke(args=["instrument", "score", str(answers), "--instrument", MINI])
    assert result.exit_code == 1 and "is not valid JSON or YAML" in result.output
