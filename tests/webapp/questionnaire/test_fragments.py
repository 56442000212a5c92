"""Choice questions are drawn once per (question, language, choice, errors) and reused."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.questionnaire.forms import step_form_class
from webapp.questionnaire.fragments import MEMO_KEY, fields_html, saved_fields_html


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


def _saved_answer(question):  # type: ignore[no-untyped-def]
    """A strategy for what may be saved for `question`: nothing, an option (or several), or text."""
    values = [option.value for option in question.options]
    if question.type == "multiple":
        return st.none() | st.lists(st.sampled_from(values), min_size=1, unique=True).map(tuple)
    if question.is_choice:
        return st.none() | st.sampled_from(values)
    return st.none() | st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=30)


@st.composite
def step_and_answers(draw, instrument):  # type: ignore[no-untyped-def]
    step = draw(st.sampled_from(instrument.steps))
    answers = {q.id: draw(_saved_answer(q)) for q in step.questions}
    return step, {k: v for k, v in answers.items() if v is not None}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), warm=st.booleans(), language=st.sampled_from(["en", "fr"]))
def test_inputs_drawn_from_saved_answers_are_those_the_form_draws(app, data, warm, language):
    """Without a post, a step's inputs come from the memo and the saved answers, building the form
    only when the memo lacks something; they are exactly what the form's fields draw."""
    instrument = app.extensions["instruments"].default
    step, answers = data.draw(step_and_answers(instrument))
    with app.test_request_context(f"/step/{step.id}", headers={"Accept-Language": language}):
        app.extensions.setdefault(MEMO_KEY, {}).clear()
        form_class = step_form_class(instrument, step, language)
        expected = fields_html(form_class(saved_answers=answers).answer_fields(step.questions))
        if not warm:
            app.extensions[MEMO_KEY].clear()
        built = []

        def make_form():  # type: ignore[no-untyped-def]
            built.append(1)
            return form_class(saved_answers=answers)

        assert saved_fields_html(step.questions, answers, make_form) == expected
        needs_form = not warm or any(not q.is_choice for q in step.questions)
        assert len(built) == (1 if needs_form else 0)
