"""The context builder: plain data, every text in the report's language, nothing of the layout."""

from __future__ import annotations

import json

from forms.engine import score_answers
from reports.context import build_report_context
from tests.reports.conftest import MINI_ANSWERS, make_meta


def _context(mini, case, **options):
    return build_report_context(mini, score_answers(mini, MINI_ANSWERS[case]), make_meta(), **options)


def test_context_is_plain_json_data(mini):
    context = _context(mini, "pragmatic")
    assert json.loads(json.dumps(context))["summary"]["tier"] == "pragmatic"
    assert context["language"] == "en"
    assert context["document"]["title"] == "Re-engagement recommendation: Arctic"


def test_appendix_lists_every_question_shown_with_labels_not_values(mini):
    context = _context(mini, "skipped")
    shown = {q["id"]: q for step in context["appendix"] for q in step["questions"]}
    profile = ["issue", "stakeholder_group", "organisation"]
    assert list(shown) == [*profile, "interest", "partners", "sanctions", "security", "competitors", "market", "notes"]
    assert shown["issue"]["choices"] == ["Trade"]
    assert shown["interest"]["choices"] == ["I don't know"]
    assert shown["sanctions"]["choices"] == ["It might be read that way"]
    assert not shown["notes"]["answered"] and shown["notes"]["text"] is None
    assert shown["security"]["label"] == "How sensitive for security?"


def test_appendix_skips_steps_the_path_did_not_show(mini):
    steps = [step["id"] for step in _context(mini, "officials")["appendix"]]
    assert steps == ["profile", "case"]


def test_multiple_choice_and_free_text_answers(mini):
    result = score_answers(mini, {**MINI_ANSWERS["skipped"], "partners": ["us", "eu"], "notes": "Line one\nLine <two>"})
    context = build_report_context(mini, result, make_meta())
    shown = {q["id"]: q for step in context["appendix"] for q in step["questions"]}
    assert shown["partners"]["choices"] == ["The US", "The EU"]
    assert shown["notes"]["text"] == "Line one\nLine <two>"  # escaping is the template's job


def test_criteria_carry_drivers_and_brief_sections(mini):
    context = _context(mini, "officials")
    b1 = next(c for c in context["criteria"] if c["id"] == "B1")
    assert b1["score_display"] == "55" and b1["brief_sections"] == ["Introduction"]
    assert {d["question"] for d in b1["drivers"]} == {"interest", "security"}
    assert next(d for d in b1["drivers"] if d["question"] == "security")["answer"] == ["Low"]
    b2 = next(c for c in context["criteria"] if c["id"] == "B2")
    assert b2["scored"] is False and b2["score_display"] is None
    assert [side["id"] for side in context["sides"]] == ["benefit", "risk"]


def test_channels_safeguards_and_confidence(mini):
    context = _context(mini, "hold")
    assert context["channels"] == []
    assert [s["id"] for s in context["safeguards"]] == ["G4"]
    assert context["safeguards"][0]["reasons"] == ["The issue is sensitive for security."]
    assert context["confidence"]["display"] == "75%"
    assert [q["id"] for q in context["confidence"]["blank"]] == ["partners"]  # the organisation scores nothing: not part of confidence


def test_gated_summary_lists_the_red_line(mini):
    summary = _context(mini, "gated")["summary"]
    assert summary["gated"] is True
    assert summary["red_lines"][0]["title"] == "Sanctions relief"
    assert summary["verdict"].startswith("Not on the agenda as scoped")
    assert (summary["tier"], summary["tier_rank"]) == ("hold", 0)
    assert (summary["scored_tier"], summary["scored_tier_title"]) == ("officials", "Officials-level dialogue")
    assert summary["next_steps"] == ["Narrow the issue to what can move with sanctions in place and answer again."]


def test_matrix_marks_the_response_cell(mini):
    matrix = _context(mini, "officials")["matrix"]
    current = [(r, b) for r, row in enumerate(matrix["cells"]) for b, cell in enumerate(row) if cell["current"]]
    assert current == [(0, 2)]
    assert matrix["benefit_edges"] == [0.0, 30.0, 55.0, 75.0, 100.0]


def test_gettext_and_language_reach_the_context(mini):
    context = _context(mini, "hold", language="fr", gettext=lambda m: {"Benefit": "Bénéfice", "Risk": "Risque"}.get(m, m))
    assert [side["title"] for side in context["sides"]] == ["Bénéfice", "Risque"]
    assert context["confidence"]["display"] in ("75\xa0%", "75\u202f%")  # a no-break space, per CLDR
    assert context["meta"]["created"] == "25 novembre 2025"
    assert context["document"]["lang"] == "fr"


def test_language_defaults_to_the_meta(mini):
    result = score_answers(mini, MINI_ANSWERS["hold"])
    assert build_report_context(mini, result, make_meta(language="fr"))["language"] == "fr"
