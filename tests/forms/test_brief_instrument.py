"""The brief's own instrument: complete against product.md, sound by every model check, and right on the brief's cases."""

from __future__ import annotations

import pytest

from forms.answers import walk_path
from forms.checks import check_instrument, extreme_answers, problems
from forms.engine import score_answers
from forms.i18n import text_for
from forms.loader import default_instrument_path, load_instrument
from forms.model import Instrument, Question

# product.md: each criterion, channel and safeguard with "where in the brief", as words of the
# brief's section titles (Introduction, Opportunities, Challenges, A New Canadian Pragmatism,
# A work plan, The way ahead, and the opening line).
BRIEF_SECTIONS = {
    "B1": {"introduction"},
    "B2": {"opportunities", "opening"},
    "B3": {"opportunities"},
    "B4": {"challenges", "opportunities", "way ahead"},
    "B5": {"challenges", "opportunities"},
    "B6": {"opportunities", "pragmatism"},
    "B7": {"challenges"},
    "R1": {"pragmatism"},
    "R2": {"challenges"},
    "R3": {"introduction", "opportunities"},
    "R4": {"challenges"},
    "R5": {"challenges"},
    "R6": {"pragmatism", "opportunities"},
    "R7": {"challenges"},
    "H1": {"pragmatism"},
    "H2": {"pragmatism"},
    "H3": {"opportunities"},
    "H4": {"opportunities", "work plan"},
    "H5": {"work plan"},
    "H6": {"pragmatism"},
    "H7": {"work plan"},
    "H8": {"pragmatism"},
    "H9": {"pragmatism"},
    "G1": {"pragmatism"},
    "G2": {"pragmatism"},
    "G3": {"challenges"},
    "G4": {"work plan"},
    "G5": {"pragmatism"},
    "G6": {"pragmatism"},
    "G7": {"way ahead"},
}
CRITERIA = [f"B{i}" for i in range(1, 8)] + [f"R{i}" for i in range(1, 8)]
CHANNELS = [f"H{i}" for i in range(1, 10)]
SAFEGUARDS = [f"G{i}" for i in range(1, 8)]


@pytest.fixture(scope="module")
def findings(brief_instrument):
    return check_instrument(brief_instrument)


def section_words(instrument: Instrument, section_ids) -> list[str]:
    return [text_for(instrument.section(s).title).lower() for s in section_ids]


def _net(instrument: Instrument, option) -> float:
    return sum(p if instrument.criterion(c).side == "benefit" else -p for c, p in option.points.items())


def favourable_answer(instrument: Instrument, question: Question):
    options = [o for o in question.options if not o.abstain]
    best = max(options, key=lambda o: _net(instrument, o))
    if question.type == "multiple":
        return tuple(o.value for o in options if _net(instrument, o) > 0) or (best.value,)
    return best.value


def answers_for(instrument: Instrument, **overrides) -> dict:
    """The most favourable answers, with some answers overridden; questions the overrides bring
    onto the path are answered favourably too."""
    answers = {**extreme_answers(instrument, favourable=True), **overrides}
    while True:
        missing = [q for _, questions in walk_path(instrument, answers) for q in questions if q.is_choice and q.id not in answers]
        if not missing:
            return answers
        for question in missing:
            answers[question.id] = favourable_answer(instrument, question)


def rules_naming(instrument: Instrument, action_id: str, question_id: str) -> set[str]:
    """The rules of a channel or safeguard whose condition looks at a given question."""
    action = next(a for a in instrument.actions if a.id == action_id)
    return {rule.id for rule in action.rules if question_id in rule.when.questions()}


def recommended(result) -> set[str]:
    return {r.id for r in result.channels + result.safeguards}


# -- loads and passes the checks ----------------------------------------------------------


def test_the_brief_instrument_is_the_default_and_loads():
    instrument = load_instrument(default_instrument_path())
    assert instrument.slug == "canada-russia-2020"
    assert instrument.version
    assert instrument.brief.date == "2020-11-05"
    assert "Breton" in instrument.brief.authors and "Dutkiewicz" in instrument.brief.authors


def test_the_brief_instrument_passes_every_model_check(findings):
    assert [str(f) for f in problems(findings)] == []


def test_every_tier_is_reachable(findings):
    tiers = [f for f in findings if f.topic == "tiers"]
    assert len(tiers) == 4 and all(f.ok for f in tiers)


# -- complete against product.md ----------------------------------------------------------


def test_the_criteria_are_the_briefs(brief_instrument):
    assert [c.id for c in brief_instrument.criteria] == CRITERIA
    assert [c.side for c in brief_instrument.criteria] == ["benefit"] * 7 + ["risk"] * 7
    assert all(c.weight > 0 for c in brief_instrument.criteria)


@pytest.mark.parametrize("item_id", CRITERIA + CHANNELS + SAFEGUARDS)
def test_each_criterion_channel_and_safeguard_traces_to_its_part_of_the_brief(brief_instrument, item_id):
    item = next((x for x in (*brief_instrument.criteria, *brief_instrument.actions) if x.id == item_id), None)
    assert item is not None, f"{item_id} is missing"
    assert text_for(item.title) and text_for(item.description)
    titles = section_words(brief_instrument, item.brief_sections)
    expected = BRIEF_SECTIONS[item_id]
    assert len(titles) == len(expected)
    for word in expected:
        assert any(word in title for title in titles), (item_id, word, titles)


def test_the_channels_and_safeguards_are_the_briefs(brief_instrument):
    assert [a.id for a in brief_instrument.channels] == CHANNELS
    assert [a.id for a in brief_instrument.safeguards] == SAFEGUARDS
    for action in brief_instrument.actions:
        assert action.rules, action.id
        assert all(text_for(rule.reason) for rule in action.rules)


@pytest.mark.parametrize("criterion", CRITERIA)
def test_each_criterion_is_scored_by_at_least_two_questions(brief_instrument, criterion):
    scoring = [q.id for q in brief_instrument.questions.values() if criterion in q.scored_criteria]
    assert len(scoring) >= 2, scoring


def test_the_tiers_run_from_hold_to_pragmatic_re_engagement(brief_instrument):
    titles = [text_for(t.title).lower() for t in brief_instrument.tiers]
    assert len(titles) == 4
    for title, word in zip(titles, ["hold", "informal", "officials", "pragmatic"], strict=True):
        assert word in title


def test_the_red_line_is_on_sanctions(brief_instrument):
    assert [g.criterion for g in brief_instrument.gates] == ["R1"]


def test_the_profile_offers_the_briefs_issues_and_groups(brief_instrument):
    issues = {o.value for o in brief_instrument.question("issue").options}
    groups = {o.value for o in brief_instrument.question("stakeholder_group").options}
    assert {"arctic", "climate", "counter_terrorism", "cyber", "trade_value_added", "clean_tech", "academic_research"} <= issues
    assert {"federal_department", "province_territory", "exporter", "university", "ngo", "diaspora_organisation"} <= groups


def test_the_test_answers_are_complete_and_strongest(brief_instrument):
    result = score_answers(brief_instrument, answers_for(brief_instrument))
    assert result.tier == "pragmatic"
    assert result.confidence.share == 1.0


# -- the brief's cases --------------------------------------------------------------------


def test_an_answer_that_needs_sanctions_relief_hits_the_red_line(brief_instrument):
    result = score_answers(brief_instrument, answers_for(brief_instrument, sanctions_relief="needs_it"))
    assert result.gated
    assert [g.criterion for g in result.gates] == ["R1"]
    assert result.verdict == brief_instrument.gates[0].message
    assert "not on the agenda as scoped" in text_for(result.verdict).lower()
    assert result.channels == ()
    assert "G1" in {s.id for s in result.safeguards}


@pytest.mark.parametrize("answer", ["likely_read", "possibly", "no"])
def test_an_answer_short_of_needing_sanctions_relief_is_not_gated(brief_instrument, answer):
    result = score_answers(brief_instrument, answers_for(brief_instrument, sanctions_relief=answer))
    assert not result.gated
    assert result.channels


def test_a_thorny_security_issue_brings_confidence_building_and_expert_talks(brief_instrument):
    result = score_answers(brief_instrument, answers_for(brief_instrument, issue="cyber", security_sensitivity=5))
    assert {"G4", "H4"} <= recommended(result)
    security_rules = rules_naming(brief_instrument, "G4", "security_sensitivity") | rules_naming(brief_instrument, "G4", "issue")
    assert security_rules & set(result.record.rules_fired)
    expert_rules = rules_naming(brief_instrument, "H4", "security_sensitivity") | rules_naming(brief_instrument, "H4", "issue")
    assert expert_rules & set(result.record.rules_fired)


def test_a_high_security_sensitivity_alone_brings_confidence_building(brief_instrument):
    result = score_answers(brief_instrument, answers_for(brief_instrument, issue="climate", security_sensitivity=5))
    assert rules_naming(brief_instrument, "G4", "security_sensitivity") & set(result.record.rules_fired)


def test_a_low_security_issue_does_not_bring_the_security_safeguard_rule(brief_instrument):
    result = score_answers(
        brief_instrument, answers_for(brief_instrument, issue="climate", security_sensitivity=1, military_link="no")
    )
    security_rules = rules_naming(brief_instrument, "G4", "security_sensitivity")
    assert security_rules
    assert not security_rules & set(result.record.rules_fired)


@pytest.mark.parametrize("support", ["yes_both", "yes_some"])
def test_an_exporter_facing_backed_competitors_brings_trade_promotion(brief_instrument, support):
    answers = answers_for(brief_instrument, stakeholder_group="exporter", competitor_support=support)
    result = score_answers(brief_instrument, answers)
    assert "H6" in {c.id for c in result.channels}
    competitor_rules = rules_naming(brief_instrument, "H6", "competitor_support")
    assert competitor_rules & set(result.record.rules_fired)
    h6 = next(c for c in result.channels if c.id == "H6")
    assert competitor_rules & {reason.rule for reason in h6.reasons}


def test_an_exporter_without_backed_competitors_gets_no_competitor_reason(brief_instrument):
    answers = answers_for(brief_instrument, stakeholder_group="exporter", competitor_support="not_competing")
    result = score_answers(brief_instrument, answers)
    assert not rules_naming(brief_instrument, "H6", "competitor_support") & set(result.record.rules_fired)


def test_a_province_or_territory_brings_sub_national_ties(brief_instrument):
    answers = answers_for(brief_instrument, stakeholder_group="province_territory")
    assert "subnational_partner" in answers  # the province's own questions are on the path and answered
    result = score_answers(brief_instrument, answers)
    assert "H5" in {c.id for c in result.channels}
    assert rules_naming(brief_instrument, "H5", "stakeholder_group") & set(result.record.rules_fired)


def test_a_federal_department_gets_no_province_reason(brief_instrument):
    result = score_answers(brief_instrument, answers_for(brief_instrument, stakeholder_group="federal_department"))
    assert not rules_naming(brief_instrument, "H5", "stakeholder_group") & set(result.record.rules_fired)


def test_least_favourable_answers_hold_and_hit_the_red_line(brief_instrument):
    result = score_answers(brief_instrument, extreme_answers(brief_instrument, favourable=False))
    assert result.tier == "hold"
    assert result.gated
    assert result.channels == ()
