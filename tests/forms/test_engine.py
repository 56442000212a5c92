"""The scoring engine on the mini instrument, with every expected number worked out by hand."""

from __future__ import annotations

import json

import pytest

from forms.answers import AnswersError
from forms.engine import question_points, score_answers
from tests.forms.support import edited_mini

# NGO on the Arctic, trade step hidden:
#   B1 = mean(interest 2 -> 50, security low -> 60) = 55;  B2 unscored
#   R1 = sanctions no -> 0;  R2 = security low -> 0
NGO = {"issue": "arctic", "stakeholder_group": "ngo", "interest": 2, "sanctions": "no", "security": "low"}

# Exporter, trade step shown, every scored question answered:
#   B1 = mean(interest 100, partners us+eu 40+40 = 80, security high 40) = 220/3
#   B2 = mean(competitors yes 100, market closed 10) = 55
#   R1 = mean(sanctions maybe 60, market closed 30) = 45
#   R2 = mean(security high 100, market closed 40) = 70
EXPORTER = {
    "issue": "arctic",
    "stakeholder_group": "exporter",
    "interest": 3,
    "partners": ["us", "eu"],
    "sanctions": "maybe",
    "security": "high",
    "competitors": "yes",
    "market": "closed",
}


def scores(result) -> dict:
    return {c.id: c.score for c in result.criteria}


# -- criterion, side and tier -------------------------------------------------------------


def test_criterion_scores_are_means_of_the_answers_points(mini):
    result = score_answers(mini, EXPORTER)
    assert scores(result) == pytest.approx({"B1": 220 / 3, "B2": 55.0, "R1": 45.0, "R2": 70.0})


def test_benefit_and_risk_are_means_weighted_by_criterion_weights(mini):
    result = score_answers(mini, EXPORTER)
    # B1 weighs 2, B2 weighs 1; R1 and R2 weigh 1.
    assert result.benefit == pytest.approx((2 * 220 / 3 + 55) / 3)
    assert result.risk == pytest.approx((45 + 70) / 2)
    assert result.bands == (2, 1)
    assert result.tier == "officials"
    assert result.tier_rank == 2
    assert result.verdict == {"en": "Talk at officials level."}


def test_changing_a_criterion_weight_changes_the_side_score(mini):
    heavier_r2 = edited_mini(("{id: R2, side: risk, weight: 1,", "{id: R2, side: risk, weight: 3,"))
    result = score_answers(heavier_r2, EXPORTER)
    assert scores(result) == pytest.approx(scores(score_answers(mini, EXPORTER)))
    assert result.risk == pytest.approx((45 + 3 * 70) / 4)
    assert result.record.criterion_weights == {"B1": 2.0, "B2": 1.0, "R1": 1.0, "R2": 3.0}


def test_a_question_weight_counts_inside_each_criterion_it_scores(mini):
    weighted = edited_mini(("      - id: security\n", "      - id: security\n        weight: 3\n"))
    result = score_answers(weighted, EXPORTER)
    assert scores(result)["B1"] == pytest.approx((100 + 80 + 3 * 40) / 5)
    assert scores(result)["R2"] == pytest.approx((3 * 100 + 40) / 4)
    assert result.criterion("R2").drivers[0].weight == 3.0


def test_a_criterion_nobody_could_answer_is_unscored_and_left_out_of_its_side(mini):
    result = score_answers(mini, NGO)
    assert scores(result) == {"B1": 55.0, "B2": None, "R1": 0.0, "R2": 0.0}
    # B2 (trade) is not counted as 0: benefit is B1 alone.
    assert result.benefit == 55.0
    assert result.risk == 0.0


def test_a_score_on_a_threshold_falls_in_the_band_above(mini):
    result = score_answers(mini, NGO)
    assert result.benefit == 55.0  # exactly the second benefit threshold
    assert result.bands == (2, 0)
    assert result.tier == "officials"
    assert mini.matrix.bands(54.999, 29.999) == (1, 0)
    assert mini.matrix.bands(55.0, 30.0) == (2, 1)


@pytest.mark.parametrize(
    ("benefit", "risk", "tier"),
    [
        (0, 0, "hold"),
        (29.9, 0, "hold"),
        (30, 0, "informal"),
        (75, 0, "pragmatic"),
        (75, 30, "officials"),
        (100, 100, "informal"),
        (50, 100, "hold"),
    ],
)
def test_matrix_cells(mini, benefit, risk, tier):
    assert mini.matrix.tier_for(benefit, risk) == tier


# -- multiple choice, abstain, blanks -----------------------------------------------------


def test_multiple_choice_points_add_up(mini):
    result = score_answers(mini, {**NGO, "partners": ["us", "eu"]})
    assert result.criterion("B1").score == pytest.approx((50 + 80 + 60) / 3)
    assert question_points(mini.question("partners"), ("us", "eu"), "B1") == 80.0


def test_multiple_choice_sum_is_capped_at_100(mini):
    generous = edited_mini(
        ("{value: us, label: {en: The US}, points: {B1: 40}}", "{value: us, label: {en: The US}, points: {B1: 70}}"),
        ("{value: eu, label: {en: The EU}, points: {B1: 40}}", "{value: eu, label: {en: The EU}, points: {B1: 70}}"),
    )
    partners = generous.question("partners")
    assert question_points(partners, ("us",), "B1") == 70.0
    assert question_points(partners, ("us", "eu"), "B1") == 100.0
    result = score_answers(generous, {**NGO, "partners": ["us", "eu"]})
    assert result.criterion("B1").score == pytest.approx((50 + 100 + 60) / 3)
    (driver,) = [d for d in result.criterion("B1").drivers if d.question == "partners"]
    assert driver.points == 100.0


def test_an_option_that_omits_a_scored_criterion_gives_it_zero(mini):
    """market scores R1 through 'closed' only: 'open' gives R1 zero, not nothing."""
    result = score_answers(mini, {**EXPORTER, "sanctions": "maybe", "market": "open"})
    assert result.criterion("R1").score == pytest.approx((60 + 0) / 2)


def test_abstaining_is_not_scored_as_zero_and_lowers_confidence(mini):
    full = score_answers(mini, {**NGO, "partners": "us"})
    abstained = score_answers(mini, {**NGO, "partners": "us", "interest": "dont_know"})
    # B1 from partners (40) and security (60) only, not (0 + 40 + 60) / 3.
    assert abstained.criterion("B1").score == pytest.approx(50.0)
    assert sorted(d.question for d in abstained.criterion("B1").drivers) == ["partners", "security"]
    assert full.confidence.share == 1.0
    assert abstained.confidence.share == pytest.approx(3 / 4)
    assert "interest" in abstained.confidence.blank
    assert "interest" not in full.confidence.blank
    # The answer itself is kept: the respondent said "I don't know".
    assert abstained.answers["interest"] == "dont_know"


def test_an_unanswered_optional_question_lowers_confidence_and_is_not_zero(mini):
    answered = score_answers(mini, {**NGO, "partners": "nobody"})
    blank = score_answers(mini, NGO)
    assert answered.criterion("B1").score == pytest.approx((50 + 0 + 60) / 3)
    assert blank.criterion("B1").score == pytest.approx((50 + 60) / 2)
    assert "partners" in blank.confidence.blank
    assert "partners" not in answered.confidence.blank
    assert blank.confidence.share == pytest.approx(3 / 4)
    assert (blank.confidence.answered_weight, blank.confidence.total_weight) == (3.0, 4.0)
    assert answered.confidence.share == 1.0


def test_confidence_lists_only_the_scored_questions_that_lowered_it(mini):
    exporter = {**EXPORTER}
    exporter.pop("market")
    result = score_answers(mini, exporter)  # no organisation, no notes (neither scores), no market
    assert result.confidence.blank == ("market",)
    assert set(mini.questions) >= {"organisation", "notes"}
    assert score_answers(mini, {**exporter, "organisation": "Org", "notes": "Thanks"}).confidence == result.confidence


def test_confidence_counts_only_questions_on_the_path(mini):
    ngo = score_answers(mini, {**NGO, "partners": "us"})
    exporter = score_answers(mini, {**NGO, "partners": "us", "stakeholder_group": "exporter", "competitors": "no"})
    assert ngo.confidence.total_weight == 4.0  # interest, partners, sanctions, security
    assert exporter.confidence.total_weight == 6.0  # + competitors, market
    assert exporter.confidence.share == pytest.approx(5 / 6)
    assert "market" in exporter.confidence.blank
    assert "market" not in ngo.confidence.blank


# -- gates, channels, safeguards, record --------------------------------------------------


def test_a_gate_overrides_the_verdict_and_suppresses_channels(mini):
    result = score_answers(mini, {**NGO, "sanctions": "yes"})
    assert result.gated
    (gate,) = result.gates
    assert (gate.id, gate.criterion) == ("sanctions", "R1")
    assert result.verdict == mini.gates[0].message
    assert result.channels == ()
    assert result.record.gates_fired == ("sanctions",)
    assert result.criterion("R1").score == 100.0


def test_a_standing_principle_is_stated_on_every_result_and_never_triggered(mini):
    for answers in (NGO, EXPORTER, {**NGO, "sanctions": "yes"}):
        result = score_answers(mini, answers)
        assert [(p.id, p.title["en"]) for p in result.principles] == [("G1", "Sanctions are off the table")]
        assert "G1" not in {s.id for s in result.safeguards}
        assert not any(rule.startswith("G1") for rule in result.record.rules_fired)
    gated = score_answers(mini, {**NGO, "sanctions": "yes"})
    assert not any(rule.startswith("H") for rule in gated.record.rules_fired)


def test_without_the_gate_the_same_answers_bring_channels(mini):
    result = score_answers(mini, {**NGO, "sanctions": "no"})
    assert not result.gated
    assert result.gates == ()
    assert [c.id for c in result.channels] == ["H7"]


def test_rules_that_fired_are_recorded_with_their_reasons(mini):
    result = score_answers(mini, EXPORTER)
    assert result.tier == "officials"
    assert result.record.rules_fired == ("H6-competitors", "G4-security")
    assert [c.id for c in result.channels] == ["H6"]
    assert [s.id for s in result.safeguards] == ["G4"]
    h6 = result.channels[0]
    assert [(r.rule, r.text["en"]) for r in h6.reasons] == [
        ("H6-competitors", "Your competitors are backed by their trade commissioners.")
    ]
    assert h6.brief_sections == (("plan", {"en": "A plan"}),)


def test_a_rule_on_the_tier_does_not_fire_below_it(mini):
    result = score_answers(mini, {**EXPORTER, "interest": 1, "partners": ["nobody"], "competitors": "yes", "market": "closed"})
    # B1 = mean(0, 0, 40) = 13.3, B2 = 55: benefit = (2 * 13.3 + 55) / 3 = 27.2 -> hold
    assert result.tier == "hold"
    assert "H6-competitors" not in result.record.rules_fired
    assert not any(rule.startswith("H7") for rule in result.record.rules_fired)
    assert "G4-security" in result.record.rules_fired  # on R2 alone


def test_the_record_says_what_was_applied(mini):
    record = score_answers(mini, NGO).record
    assert (record.instrument, record.instrument_version) == ("mini", "0.1")
    assert record.benefit_thresholds == (30.0, 55.0, 75.0)
    assert record.risk_thresholds == (30.0, 60.0, 80.0)
    assert record.criterion_weights == {"B1": 2.0, "B2": 1.0, "R1": 1.0, "R2": 1.0}
    assert record.engine_version


# -- drivers and explanation --------------------------------------------------------------


def test_drivers_explain_each_criterion_most_influential_first(mini):
    b1 = score_answers(mini, EXPORTER).criterion("B1")
    assert [(d.question, d.points) for d in b1.drivers] == [("interest", 100.0), ("partners", 80.0), ("security", 40.0)]
    partners = b1.drivers[1]
    assert partners.answer == ("us", "eu")
    assert partners.answer_labels == ({"en": "The US"}, {"en": "The EU"})
    assert b1.brief_sections == (("intro", {"en": "Introduction"}),)
    assert b1.title == {"en": "Interest"}


# -- purity and the JSON contract ---------------------------------------------------------


def test_scoring_is_deterministic(mini):
    first = score_answers(mini, EXPORTER)
    again = score_answers(mini, dict(reversed(list(EXPORTER.items()))))
    assert first == again
    assert first.to_dict() == again.to_dict()


def test_scoring_does_not_change_the_answers_given(mini):
    raw = {**EXPORTER, "partners": ["us", "eu"]}
    before = json.dumps(raw, sort_keys=True)
    score_answers(mini, raw)
    assert json.dumps(raw, sort_keys=True) == before


def test_the_stored_answers_reproduce_the_result(mini):
    result = score_answers(mini, {**EXPORTER, "notes": "see attached", "organisation": "Acme"})
    assert score_answers(mini, dict(result.answers)) == result


def test_to_dict_is_plain_json(mini):
    for answers in (NGO, EXPORTER, {**NGO, "sanctions": "yes"}):
        data = score_answers(mini, answers).to_dict()
        assert json.loads(json.dumps(data)) == data


def test_to_dict_carries_the_score_contract(mini):
    data = score_answers(mini, EXPORTER).to_dict()
    assert data["benefit"] == round((2 * 220 / 3 + 55) / 3, 1)
    assert data["risk"] == 57.5
    assert data["tier"] == {"id": "officials", "rank": 2, "title": "Officials-level dialogue"}
    assert data["gated"] is False
    assert [c["id"] for c in data["criteria"]] == ["B1", "B2", "R1", "R2"]
    assert data["criteria"][0]["score"] == 73.3
    assert data["criteria"][0]["drivers"][1]["answer"] == ["us", "eu"]
    assert [c["id"] for c in data["channels"]] == ["H6"]
    assert data["confidence"]["share"] == 1.0
    assert data["record"]["rules_fired"] == ["H6-competitors", "G4-security"]
    assert data["scored_tier"] == data["tier"]
    assert data["next_steps"] == ["Ask government to convene officials.", "Call the trade commissioners."]
    assert data["principles"] == [
        {"id": "G1", "title": "Sanctions are off the table", "description": "Say so at the outset.", "brief_sections": [{"id": "plan", "title": "A plan"}]}
    ]


def test_to_dict_of_a_gated_result(mini):
    data = score_answers(mini, {**NGO, "sanctions": "yes"}).to_dict()
    assert data["gated"] is True
    assert data["verdict"] == "Not on the agenda as scoped; re-scope it without sanctions relief."
    assert data["gates"] == [
        {"id": "sanctions", "criterion": "R1", "title": "Sanctions relief", "message": data["verdict"], "next_steps": data["next_steps"][0]}
    ]
    assert data["next_steps"] == ["Narrow the issue to what can move with sanctions in place and answer again."]
    assert data["channels"] == []
    # The red line overrides the scores: the weakest tier, the scored one under its own name.
    assert data["tier"]["id"] == mini.tiers[0].id and data["tier"]["rank"] == 0
    assert data["scored_tier"]["id"] == score_answers(mini, {**NGO, "sanctions": "no"}).scored_tier


def test_a_gate_gives_its_own_next_steps(brief_instrument):
    from forms.checks import extreme_answers

    result = score_answers(brief_instrument, {**extreme_answers(brief_instrument, favourable=True), "sanctions_relief": "needs_it"})
    assert result.gated
    assert len(result.next_steps) == 1 and "narrow the issue" in result.next_steps[0]["en"]
    assert result.tier == brief_instrument.tiers[0].id
    assert result.scored_tier_rank > 0


def test_bad_answers_are_refused_before_scoring(mini):
    with pytest.raises(AnswersError) as caught:
        score_answers(mini, {**NGO, "interest": 9, "nope": 1})
    assert sorted(p.code for p in caught.value.problems) == ["not_an_option", "unknown_question"]


def test_nothing_answered_gives_the_weakest_tier(mini):
    result = score_answers(mini, {}, require_complete=False)
    assert (result.benefit, result.risk) == (None, None)
    assert result.tier == "hold"
    assert result.confidence.share == 0.0
    assert result.to_dict()["benefit"] is None


# -- what to do next ----------------------------------------------------------------------


def test_next_steps_are_the_tiers_step_then_each_fired_channels_first_step(mini):
    result = score_answers(mini, EXPORTER)
    assert [c.id for c in result.channels] == ["H6"]
    assert [step["en"] for step in result.next_steps] == ["Ask government to convene officials.", "Call the trade commissioners."]


def test_next_steps_never_name_a_channel_that_did_not_fire(mini):
    result = score_answers(mini, {**EXPORTER, "competitors": "no"})
    assert "H6" not in {c.id for c in result.channels}
    assert all("trade commissioners" not in step["en"] for step in result.next_steps)


def test_next_steps_are_addressed_to_the_respondents_role(mini):
    province = score_answers(mini, {**EXPORTER, "stakeholder_group": "province_territory", "issue": "trade"})
    assert province.tier == "officials"
    assert province.next_steps[0]["en"] == "Convene officials."
    ngo = score_answers(mini, {**NGO, "interest": 3})
    assert [c.id for c in ngo.channels] == ["H7"]
    assert ngo.next_steps[-1]["en"] == "Hold a seminar."
