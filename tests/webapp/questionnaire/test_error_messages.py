"""On the brief's own instrument, a step posted empty shows each required question's short message,
the same text in the error summary and beside the field, in English and in French."""

from __future__ import annotations

import html
import re

import pytest

from forms.loader import default_instrument_path, load_instrument
from tests.conftest import migrated_app
from tests.webapp.questionnaire.support import Respondent

SUMMARY_ITEM = re.compile(r'<li><a href="#([\w-]+)">(.*?)</a></li>')
FIELD_ERROR = re.compile(r'<p class="field-error" id="([\w-]+)-error"><span class="visually-hidden">[^<]*</span> (.*?)</p>')


@pytest.fixture(scope="module")
def app(database_url):  # type: ignore[no-untyped-def]
    yield from migrated_app(database_url, RESUME_DAYS=30)  # the shipped instruments


@pytest.fixture(scope="module")
def instrument():  # type: ignore[no-untyped-def]
    return load_instrument(default_instrument_path())


def messages(page: str) -> tuple[dict[str, str], dict[str, str]]:
    """The error summary's messages and the fields' messages, by question id."""
    summary = page[page.index('<div class="error-summary"') : page.index("</ul>", page.index('<div class="error-summary"'))]
    return (
        {qid: html.unescape(text) for qid, text in SUMMARY_ITEM.findall(summary)},
        {qid: html.unescape(text) for qid, text in FIELD_ERROR.findall(page)},
    )


def required_on(instrument, step_id: str) -> list:  # type: ignore[no-untyped-def]
    return [q for q in instrument.step(step_id).questions if q.required and q.show_if is None]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_empty_step_shows_the_same_short_message_in_the_summary_and_beside_each_field(client, instrument, language):
    respondent = Respondent(client)
    respondent.get(f"/language/{language}?next=/")
    respondent.start()
    response = respondent.step("profile", {})
    assert response.status_code == 400
    in_summary, beside_fields = messages(response.text)
    expected = {q.id: q.error[language] for q in required_on(instrument, "profile")}
    assert in_summary == beside_fields == expected


def test_the_second_step_s_messages_are_short_and_never_the_question(client, instrument):
    respondent = Respondent(client)
    respondent.start()
    assert respondent.step("profile", {"issue": "arctic", "stakeholder_group": "ngo", "intent": "events"}).status_code == 302
    respondent.get("/step/stakes")
    response = respondent.step("stakes", {})
    in_summary, beside_fields = messages(response.text)
    assert in_summary == beside_fields
    assert in_summary["canadian_stake"] == "Select how much Canadians could gain or lose"
    for question in required_on(instrument, "stakes"):
        assert question.label["en"] not in in_summary[question.id]
        assert question.label["en"] in response.text, "the question itself is still asked on the page"


def test_each_summary_link_leads_to_its_question_s_first_input_and_no_id_is_used_twice(client, instrument):
    respondent = Respondent(client)
    respondent.start()
    page = respondent.step("profile", {}).text
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for question_id in messages(page)[0]:
        first_input = re.search(rf'<(?:input|textarea)\b[^>]*\bname="{question_id}"[^>]*>', page).group(0)
        assert f'id="{question_id}"' in first_input
