"""Choice questions are drawn once per (question, language, choice, errors) and reused."""

from __future__ import annotations

import re

from webapp.questionnaire.fragments import MEMO_KEY


def _radios(html: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" id="[^"]+" name="{name}" value="([^"]+)"( checked)?', html)


def test_a_step_page_reuses_the_drawn_choices_and_still_shows_each_answer(app, respondent):
    respondent.start()
    memo = app.extensions[MEMO_KEY]
    first = respondent.get("/step/profile").text
    size = len(memo)
    assert size >= 2  # issue and stakeholder_group were drawn and kept
    again = respondent.get("/step/profile").text
    assert len(memo) == size  # nothing new drawn for the same page
    assert _radios(first, "issue") == _radios(again, "issue")
    assert all(checked == "" for _, checked in _radios(again, "issue"))

    respondent.step("profile", {"issue": "cyber", "stakeholder_group": "ngo"}, action="later")
    after = respondent.get("/step/profile").text
    assert ("cyber", " checked") in _radios(after, "issue")
    assert len(memo) > size


def test_errors_are_drawn_with_the_field_and_text_answers_are_never_memoised(app, respondent):
    respondent.start()
    response = respondent.step("profile", {"organisation": "Acme <b>Ltd</b>"})
    assert response.status_code == 400
    assert 'class="field-error"' in response.text
    assert "Acme &lt;b&gt;Ltd&lt;/b&gt;" in response.text
    drawn = "".join(str(html) for html in app.extensions[MEMO_KEY].values())
    assert "Acme" not in drawn
    assert "field-error" in drawn
