"""The step page's progress and its "come back later" control, on the mini instrument (2 or 3 steps:
the trade step shows for exporters and for the trade issue)."""

from __future__ import annotations

import re

import pytest

from tests.webapp.questionnaire.support import CASE, PROFILE

EXPORTER = {**PROFILE, "stakeholder_group": "exporter"}


def count(page: str) -> tuple[int, int]:
    """(N, M) of the page's "Step N of M"."""
    match = re.search(r'<p class="caption step-count">Step (\d+) of (\d+)', page)
    assert match, "no step count on the page"
    return int(match.group(1)), int(match.group(2))


def listed_steps(page: str) -> list[str]:
    return re.findall(r'<li class="progress__step[^"]*">', page)


def test_the_start_page_says_how_many_steps_any_answers_can_lead_to(client):
    assert "About 5 minutes, in 2 or 3 steps, depending on your answers." in client.get("/").text
    client.get("/language/fr")
    assert "Environ 5 minutes, en 2 ou 3 étapes, selon vos réponses." in client.get("/").text


def test_before_the_deciding_answers_the_step_says_the_total_can_change(respondent):
    page = respondent.start().text
    assert count(page) == (1, 2)
    assert "In all, 2 or 3 steps, depending on your answers." in page
    respondent.client.get("/language/fr")
    assert "En tout, 2 ou 3 étapes, selon vos réponses." in respondent.get("/step/profile").text


@pytest.mark.parametrize("action", ["next", "later"])
def test_an_answer_that_adds_a_step_counts_it_from_the_moment_it_is_saved(respondent, action):
    respondent.start()
    respondent.step("profile", EXPORTER, action=action)
    page = respondent.get("/step/profile").text
    assert count(page) == (1, 3)
    assert "depending on your answers" not in page, "the answers given settle the path"
    assert len(listed_steps(page)) == 3 and "<span>Trade</span>" in page


@pytest.mark.parametrize("issue", ["arctic", "trade", "cyber"])
@pytest.mark.parametrize("group", ["exporter", "province_territory", "ngo"])
def test_every_page_with_the_same_answers_gives_the_same_total(respondent, issue, group):
    respondent.start()
    respondent.step("profile", {**PROFILE, "issue": issue, "stakeholder_group": group})
    respondent.step("case", CASE)
    totals = set()
    for step_id in ("profile", "case", "trade"):
        page = respondent.get(f"/step/{step_id}")
        if page.status_code == 200:
            _number, total = count(page.text)
            totals.add(total)
            assert len(listed_steps(page.text)) == total
    if respondent.client.get("/review").status_code == 200:  # the trade step may still be open
        totals.add(len(re.findall(r'<h2 class="summary-heading">', respondent.get("/review").text)))
    assert len(totals) == 1, totals
    expected = 3 if group == "exporter" or issue == "trade" else 2
    assert totals == {expected}


def test_the_step_list_marks_done_current_and_later_steps(respondent):
    respondent.start()
    respondent.step("profile", EXPORTER)
    page = respondent.get("/step/case").text
    done, current, later = listed_steps(page)
    assert "progress__step--done" in done and "progress__step--current" in current and later == '<li class="progress__step">'
    mark = '<span class="progress__state"><span aria-hidden="true">✓</span><span class="visually-hidden"> (done)</span></span>'
    assert f'<a href="/step/profile">About you</a>{mark}' in page
    assert '<span aria-current="step">The case</span>' in page
    assert "<span>Trade</span>" in page, "a step not reached is no link"
    respondent.client.get("/language/fr")
    assert '<span class="visually-hidden"> (terminée)</span>' in respondent.get("/step/case").text


def test_a_step_that_joins_the_path_with_a_required_answer_missing_is_not_marked_done(respondent):
    respondent.complete()
    respondent.get("/step/profile?change=1")
    assert respondent.step("profile", EXPORTER, query="?change=1").location == "/step/trade?change=1"
    page = respondent.get("/step/profile").text
    current, case, trade = listed_steps(page)
    assert "progress__step--current" in current and "progress__step--done" in case
    assert trade == '<li class="progress__step">' and '<a href="/step/trade">Trade</a>' in page
    assert page.count("(done)") == 1


def test_each_step_has_one_come_back_later_control_that_says_what_it_does(respondent):
    page = respondent.start().text
    assert page.count('name="action" value="later"') == 1
    assert "<details" not in page and "Stop now" not in page
    assert 'value="later" aria-describedby="later-hint">Save and come back later</button>' in page
    hint = re.search(r'<p class="hint" id="later-hint">([^<]+)</p>', page).group(1)
    assert "already saved" in hint and "private link" in hint
    assert "/resume/" not in page, "the private link is shown on the page the button leads to"
    respondent.client.get("/language/fr")
    page = respondent.get("/step/profile").text
    assert "Enregistrer et revenir plus tard</button>" in page and "déjà enregistré" in page


def test_the_come_back_later_button_leads_to_the_private_link(respondent):
    respondent.start()
    assert respondent.step("profile", {"issue": "arctic"}, action="later").location == "/saved"
    page = respondent.get("/saved").text
    assert f"/resume/{respondent.resume_token()}</textarea>" in page
    assert '<button type="button" class="button button--secondary" hidden>Copy link</button>' in page
    assert '<p class="copy-link__status" aria-live="polite"></p>' in page
    assert 'data-copied-text="Link copied"' in page and '<script src="/static/copy_link.js" defer></script>' in page
