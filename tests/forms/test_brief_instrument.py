"""The brief's own instrument: complete against product.md, sound by every model check, and right on the brief's cases."""

from __future__ import annotations

import re

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
PRINCIPLES = ["G1", "G7"]  # product.md: the brief applies them to every engagement


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
    items = (*brief_instrument.criteria, *brief_instrument.actions, *brief_instrument.principles)
    item = next((x for x in items if x.id == item_id), None)
    assert item is not None, f"{item_id} is missing"
    assert text_for(item.title) and text_for(item.description)
    titles = section_words(brief_instrument, item.brief_sections)
    expected = BRIEF_SECTIONS[item_id]
    assert len(titles) == len(expected)
    for word in expected:
        assert any(word in title for title in titles), (item_id, word, titles)


def test_the_channels_and_safeguards_are_the_briefs(brief_instrument):
    assert [a.id for a in brief_instrument.channels] == CHANNELS
    assert [a.id for a in brief_instrument.safeguards] == [s for s in SAFEGUARDS if s not in PRINCIPLES]
    assert [p.id for p in brief_instrument.principles] == PRINCIPLES
    for action in brief_instrument.actions:
        assert action.rules, action.id
        assert all(text_for(rule.reason) for rule in action.rules)
    assert all(not p.rules for p in brief_instrument.principles)


def test_every_channel_has_a_first_step_for_every_role(brief_instrument):
    for channel in brief_instrument.channels:
        assert channel.first_step is not None, channel.id
        assert "others" in channel.first_step


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
    assert result.tier == "hold" and result.scored_tier == "pragmatic"
    assert "G1" in {p.id for p in result.principles}


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


# -- advice that discriminates (issue 13) -------------------------------------------------


def channels_of(instrument: Instrument, **overrides) -> tuple[set[str], object]:
    result = score_answers(instrument, answers_for(instrument, **overrides))
    return {c.id for c in result.channels}, result


def test_a_university_planning_seminars_gets_informal_platforms_not_strategic_consultations(brief_instrument):
    channels, result = channels_of(
        brief_instrument, stakeholder_group="university", issue="academic_research", intent=("events",), open_level="people"
    )
    assert result.tier == "pragmatic"
    assert "H7" in channels and "H2" not in channels
    assert all("Deputy Minister" not in text_for(step) for step in result.next_steps)


def test_a_machinery_exporter_gets_trade_promotion_not_specialist_consultations(brief_instrument):
    channels, _result = channels_of(
        brief_instrument, stakeholder_group="exporter", issue="trade_value_added", intent=("business",), product_type="value_added"
    )
    assert "H6" in channels
    assert "H4" not in channels


def test_respondents_on_the_same_tier_get_different_channels(brief_instrument):
    seen = {}
    for group, issue, intent in (
        ("province_territory", "clean_tech", ("regional_ties",)),
        ("university", "academic_research", ("research",)),
        ("exporter", "trade_value_added", ("business",)),
        ("federal_department", "counter_terrorism", ("official_talks",)),
    ):
        channels, result = channels_of(brief_instrument, stakeholder_group=group, issue=issue, intent=intent)
        assert result.tier == "pragmatic"
        seen[group] = frozenset(channels)
    assert len(set(seen.values())) == len(seen), seen


def test_an_arctic_result_names_trade_promotion_only_when_it_fires(brief_instrument):
    channels, result = channels_of(brief_instrument, stakeholder_group="federal_department", issue="arctic", intent=("multilateral",))
    assert result.tier == "pragmatic"
    assert "H3" in channels and "H6" not in channels
    steps = " ".join(text_for(step) for step in result.next_steps)
    assert "Trade Commissioner" not in steps and "Export Development" not in steps


@pytest.mark.parametrize("group", ["exporter", "business_association", "university", "ngo", "diaspora_organisation", "independent_expert", "other"])
def test_a_respondent_outside_government_is_never_told_to_act_inside_government(brief_instrument, group):
    for tier in brief_instrument.tiers:
        from forms.model import text_for_role

        step = text_for(text_for_role(tier.next_steps, brief_instrument.role_of(group)))
        assert "inside government" not in step and "Agree" not in step, (group, tier.id)
    _channels, result = channels_of(brief_instrument, stakeholder_group=group, intent=("events", "research"))
    assert all("inside government" not in text_for(step) for step in result.next_steps)


def test_every_step_in_next_steps_comes_from_the_tier_or_a_channel_that_fired(brief_instrument):
    from forms.model import text_for_role

    _channels, result = channels_of(brief_instrument, stakeholder_group="ngo", intent=("events",))
    role = brief_instrument.role_of("ngo")
    allowed = [text_for_role(brief_instrument.tier(result.tier).next_steps, role)]
    allowed += [text_for_role(a.first_step, role) for a in brief_instrument.channels if a.id in {c.id for c in result.channels}]
    assert list(result.next_steps) == allowed


def test_every_reason_names_the_answer_that_triggered_it(brief_instrument):
    for action in brief_instrument.actions:
        for rule in action.rules:
            reason = text_for(rule.reason)
            assert re.search(r"because you (said|chose|answered|want|expect)", reason), (rule.id, reason)
            assert "your answers support" not in reason and "is recommended:" not in reason, rule.id


# -- questions that do not lead (issue 13) ------------------------------------------------

SCORING_HINTS = re.compile(
    r"the (more|bigger|stronger|higher)\b|stronger the case|matters? more|scores?\b|raises the bar|only costs|is a sign",
    re.IGNORECASE,
)


def test_hints_say_what_a_question_means_never_how_it_scores(brief_instrument):
    for question in brief_instrument.questions.values():
        for language in ("en", "fr"):
            hint = text_for(question.help, language)
            assert not SCORING_HINTS.search(hint), (question.id, hint)
    assert not any("plus ce qui est en jeu" in text_for(q.help, "fr").lower() for q in brief_instrument.questions.values())


def test_every_scored_scale_and_single_choice_offers_i_dont_know(brief_instrument):
    for question in brief_instrument.questions.values():
        if question.type in ("scale", "single") and question.scored_criteria:
            assert any(o.abstain for o in question.options), question.id


def test_independent_experts_can_answer_for_themselves(brief_instrument):
    labels = {o.value: text_for(o.label) for o in brief_instrument.question("stakeholder_group").options}
    assert "independent expert" in labels["independent_expert"]


@pytest.mark.parametrize(("question", "value"), [("stake_areas", "none"), ("intent", "nothing_ourselves"), ("channels_open", "none")])
def test_none_of_these_is_exclusive(brief_instrument, question, value):
    assert brief_instrument.question(question).option(value).exclusive


def test_double_barrelled_questions_are_split(brief_instrument):
    questions = brief_instrument.questions
    assert "partner_reaction" not in questions
    assert "Ukraine" not in text_for(questions["allies_reaction"].label)
    assert "allies" not in text_for(questions["ukraine_reaction"].label)
    assert "open_level" in questions and "ministerial_expectation" in questions
    ministers = [o.value for o in questions["ministerial_expectation"].options]
    assert ministers == ["not_needed", "later", "from_start", "dont_know"]
    assert "not in the relationship as a whole" in text_for(questions["security_incidents"].label)


def test_competitors_backing_is_asked_of_firms_only(brief_instrument):
    province = answers_for(brief_instrument, stakeholder_group="province_territory", issue="clean_tech")
    assert "product_type" in province and "competitor_support" not in province
    exporter = answers_for(brief_instrument, stakeholder_group="exporter", issue="clean_tech")
    assert "competitor_support" in exporter


def test_the_french_of_limits_purpose_says_what_the_english_says(brief_instrument):
    label = text_for(brief_instrument.question("limits_purpose").label, "fr")
    assert "la maintenir" in label and "les maintenir" not in label


def test_the_archived_version_still_loads_and_passes_its_checks():
    from forms.loader import default_instrument_paths

    (archived,) = [p for p in default_instrument_paths() if "archive" in str(p)]
    old = load_instrument(archived)
    assert (old.slug, old.version, old.archived) == ("canada-russia-2020", "1.0.0", True)
    findings = check_instrument(old)
    assert problems(findings) == []
    # Its rules on the tier alone are reported, not enforced: its responses must still be shown.
    assert any(f.topic == "specificity" and "not enforced" in f.message for f in findings)
