"""Model checks: every tier, red line, question and rule reachable, the matrix monotone, criteria covered."""

from __future__ import annotations

import pytest

from forms.checks import Finding, check_instrument, extreme_answers, problems
from forms.outline import outline
from tests.forms.support import edited_mini

MATRIX_ROWS = """    - [hold, informal, officials, pragmatic]
    - [hold, informal, officials, officials]
    - [hold, informal, informal, informal]
    - [hold, hold, hold, informal]
"""
H7_RULES = """      - id: H7-ngo
        when: {all: [{q: stakeholder_group, in: [ngo]}, {tier_at_least: informal}]}
        reason: {en: "You answered for an NGO, which can host informal platforms."}
"""


def failures(instrument, topic: str) -> list[str]:
    return [f.message for f in problems(check_instrument(instrument)) if f.topic == topic]


def with_h7_rule(rule_id: str, when: str):
    """The mini with one more rule on channel H7."""
    extra = f"      - id: {rule_id}\n        when: {when}\n        reason: {{en: A rule under test.}}\n"
    return edited_mini((H7_RULES, H7_RULES + extra))


# -- a sound instrument -------------------------------------------------------------------


def test_the_mini_passes_every_check(mini):
    findings = check_instrument(mini)
    assert problems(findings) == []
    assert {f.topic for f in findings} == {
        "matrix", "criteria", "questions", "tiers", "extremes", "red lines", "rules", "reasons", "specificity"
    }


def test_each_reachable_tier_is_reported_with_an_example(mini):
    tiers = [f.message for f in check_instrument(mini) if f.topic == "tiers"]
    assert [m.split("'")[1] for m in tiers] == ["hold", "informal", "officials", "pragmatic"]
    assert all("reachable (e.g. benefit" in m for m in tiers)


def test_a_finding_reads_as_a_report_line():
    assert (
        str(Finding(False, "tiers", "'x' is reached by no set of answers")) == "FAIL tiers: 'x' is reached by no set of answers"
    )
    assert str(Finding(True, "matrix", "fine")) == "ok   matrix: fine"


def test_the_checks_are_deterministic(mini):
    assert check_instrument(mini) == check_instrument(mini)


# -- unreachable tiers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # The best answers give benefit 83: a top band from 100 is never reached.
        ("benefit_thresholds: [30, 55, 75]", "benefit_thresholds: [30, 55, 100]"),
        # Risk is never below 0: the lowest risk band, the only one holding 'pragmatic', is never reached.
        ("risk_thresholds: [30, 60, 80]", "risk_thresholds: [0, 60, 80]"),
    ],
    ids=["benefit threshold moved to 100", "risk band 0 emptied"],
)
def test_an_unreachable_tier_is_reported_by_name(old, new):
    instrument = edited_mini((old, new))
    assert failures(instrument, "tiers") == ["'pragmatic' is reached by no set of answers"]
    # The most favourable answers no longer give the strongest tier either.
    (extremes,) = failures(instrument, "extremes")
    assert "most favourable answers give" in extremes and "(expected 'pragmatic')" in extremes


def test_a_tier_missing_from_the_matrix_is_unreachable():
    instrument = edited_mini(
        (
            MATRIX_ROWS,
            MATRIX_ROWS.replace("[hold, informal, officials, officials]", "[hold, informal, pragmatic, pragmatic]").replace(
                "[hold, informal, officials, pragmatic]", "[hold, informal, pragmatic, pragmatic]"
            ),
        )
    )
    assert failures(instrument, "tiers") == ["'officials' is reached by no set of answers"]


# -- the matrix ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old_row", "new_row", "expected"),
    [
        (
            "[hold, informal, officials, pragmatic]",
            "[hold, officials, informal, pragmatic]",
            "row 0 (risk band 0): 'informal' after 'officials' weakens the tier as benefit rises",
        ),
        (
            "[hold, hold, hold, informal]",
            "[hold, hold, hold, pragmatic]",
            "column 3 (benefit band 3): 'pragmatic' below 'informal' strengthens the tier as risk rises",
        ),
    ],
    ids=["weaker as benefit rises", "stronger as risk rises"],
)
def test_a_non_monotone_matrix_is_reported(old_row, new_row, expected):
    instrument = edited_mini((MATRIX_ROWS, MATRIX_ROWS.replace(old_row, new_row)))
    assert expected in failures(instrument, "matrix")


# -- rules, gates, questions, criteria ----------------------------------------------------


@pytest.mark.parametrize(
    "when",
    [
        "{all: [{tier_at_least: pragmatic}, {tier_at_most: hold}]}",
        "{all: [{q: issue, in: [arctic]}, {q: issue, in: [trade]}]}",
        '{all: [{q: sanctions, in: ["no"]}, {criterion: R1, gte: 90}]}',
        "{all: [{gated: true}, {tier_at_least: pragmatic}]}",
    ],
    ids=["contradictory tiers", "two issues at once", "score the answers cannot give", "channels never fire when gated"],
)
def test_a_rule_that_can_never_fire_is_reported(when):
    instrument = with_h7_rule("H7-never", when)
    assert failures(instrument, "rules") == ["H7 rule 'H7-never' fires for no set of answers"]


def test_a_rule_that_needs_a_step_opened_by_the_profile_can_fire():
    """The search must change a profile answer and answer the step it opens: exporter is not the first option."""
    instrument = edited_mini(
        (
            "          - {value: exporter, label: {en: Exporter}, points: {}}\n"
            "          - {value: province_territory, label: {en: Province or territory}, points: {}}\n"
            "          - {value: ngo, label: {en: NGO}, points: {}}\n",
            "          - {value: ngo, label: {en: NGO}, points: {}}\n"
            "          - {value: province_territory, label: {en: Province or territory}, points: {}}\n"
            "          - {value: exporter, label: {en: Exporter}, points: {}}\n",
        ),
    )
    assert extreme_answers(instrument, True)["stakeholder_group"] == "ngo"
    assert "competitors" not in extreme_answers(instrument, True)
    assert problems(check_instrument(instrument)) == []


def test_an_unreachable_red_line_is_reported():
    instrument = edited_mini(
        ('when: {q: sanctions, in: ["yes"]}', 'when: {all: [{q: sanctions, in: ["yes"]}, {q: sanctions, in: ["no"]}]}')
    )
    assert failures(instrument, "red lines") == ["'sanctions' (R1) is hit by no set of answers"]


def test_a_question_no_path_can_show_is_reported():
    instrument = edited_mini(
        (
            "      - id: competitors\n",
            "      - id: competitors\n        show_if: {all: [{q: issue, in: [arctic]}, {q: issue, in: [trade]}]}\n",
        )
    )
    assert failures(instrument, "questions") == ["'competitors' (step 'trade') is shown by no set of answers"]


def test_a_step_no_path_can_show_hides_all_its_questions():
    instrument = edited_mini(
        (
            "show_if: {any: [{q: stakeholder_group, in: [exporter]}, {q: issue, in: [trade]}]}",
            "show_if: {all: [{q: stakeholder_group, in: [exporter]}, {q: stakeholder_group, in: [ngo]}]}",
        )
    )
    assert failures(instrument, "questions") == [
        f"'{q}' (step 'trade') is shown by no set of answers" for q in ("competitors", "market", "notes")
    ]


def test_a_criterion_scored_by_no_question_is_reported():
    instrument = edited_mini(
        (
            "  - {id: R1, side: risk,",
            "  - {id: B3, side: benefit, weight: 1, title: {en: Global}, description: {en: Global.}, brief_sections: [plan]}\n"
            "  - {id: R1, side: risk,",
        )
    )
    assert failures(instrument, "criteria") == ["B3 is scored by no question"]


def test_a_criterion_scored_by_one_question_only_is_reported():
    instrument = edited_mini(("points: {B2: 10, R2: 40, R1: 30}", "points: {B2: 10, R2: 40}"))
    assert failures(instrument, "criteria") == ["R1 is scored by one question only (sanctions); it needs at least two"]


# -- extremes and outline -----------------------------------------------------------------


def test_extreme_answers_of_the_mini(mini):
    assert extreme_answers(mini, favourable=True) == {
        "issue": "arctic",
        "stakeholder_group": "exporter",
        "interest": 3,
        "partners": ("us", "eu"),
        "sanctions": "no",
        "security": "low",
        "competitors": "yes",
        "market": "open",
    }
    assert extreme_answers(mini, favourable=False) == {
        "issue": "arctic",
        "stakeholder_group": "exporter",
        "interest": 1,
        "partners": ("nobody",),
        "sanctions": "yes",
        "security": "high",
        "competitors": "no",
        "market": "closed",
    }


def test_extreme_answers_never_abstain(mini, brief_instrument):
    for instrument in (mini, brief_instrument):
        for favourable in (True, False):
            for qid, value in extreme_answers(instrument, favourable).items():
                chosen = value if isinstance(value, tuple) else (value,)
                assert not any(instrument.question(qid).option(v).abstain for v in chosen), qid


def test_outline_lists_steps_questions_and_what_they_score(mini):
    text = outline(mini)
    lines = text.splitlines()
    assert lines[0] == "Mini consultation (mini, version 0.1)"
    assert "Step 3: Trade [conditional]" in lines
    assert "  - competitors: Are competitors backed by their trade commissioners? (required, single; scores B2)" in lines
    assert "  - market: How open is the market? (optional, single; scores B2, R1, R2)" in lines
    assert "  - issue: Which issue? (required, single; unscored)" in lines
    assert "Tiers: Hold < Informal re-opening < Officials-level dialogue < Pragmatic re-engagement" in lines
    assert "Channels: H6, H7; safeguards: G4" in lines
    assert "Standing principles (stated on every result): G1" in lines


def test_outline_prints_how_often_each_channel_and_safeguard_fires(mini):
    lines = outline(mini).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("How often each fires"))
    shares = {line.split()[0]: line.split()[1] for line in lines[start + 1 : start + 4]}
    assert set(shares) == {"H6", "H7", "G4"}
    assert all(share.endswith("%") for share in shares.values())
    assert lines[start + 4].startswith("Mean per result: ")


# -- specificity: advice that discriminates ----------------------------------------------


def test_the_mini_passes_the_specificity_check(mini):
    assert failures(mini, "specificity") == []
    assert failures(mini, "reasons") == []


def test_a_channel_that_fires_for_everyone_fails_the_specificity_check_by_name():
    instrument = with_h7_rule("H7-everyone", "{all: [{q: issue, answered: true}, {tier_at_least: informal}]}")
    messages = failures(instrument, "specificity")
    assert any(m.startswith("H7 fires in 100% of the") and "limit 60%" in m for m in messages), messages


def test_two_items_that_always_fire_together_are_reported():
    # G4 fires on R2 >= 60; an H7 rule on the same condition makes the pair inseparable.
    instrument = edited_mini((H7_RULES, "      - id: H7-security\n        when: {criterion: R2, gte: 60}\n        reason: {en: Security.}\n"))
    assert "H7 and G4 always fire together in the" in " ".join(failures(instrument, "specificity"))


def test_a_rule_on_the_tier_alone_is_refused():
    instrument = with_h7_rule("H7-tier", "{tier_at_least: informal}")
    assert failures(instrument, "reasons") == [
        "H7 rule 'H7-tier' looks only at the tier or the red line; add the answer that gives the reason"
    ]


def test_a_standing_principle_is_not_counted_and_an_archived_version_is_not_refused():
    everyone = "{all: [{q: issue, answered: true}, {tier_at_least: informal}]}"
    archived = edited_mini(
        ("version: \"0.1\"\n", "version: \"0.1\"\narchived: true\n"),
        (H7_RULES, H7_RULES + f"      - id: H7-everyone\n        when: {everyone}\n        reason: {{en: Everyone.}}\n"),
    )
    findings = [f for f in check_instrument(archived) if f.topic == "specificity"]
    assert findings and all(f.ok for f in findings)
    assert any("H7 fires in 100%" in f.message for f in findings)
