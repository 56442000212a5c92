"""A step page built on another respondent's kept skeleton is the page drawn in full, for anyone."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.webapp.questionnaire.support import CASE, Respondent
from webapp.questionnaire import pages
from webapp.skeletons import MEMO_KEY

profiles = st.fixed_dictionaries(
    {
        "issue": st.sampled_from(["arctic", "trade", "cyber"]),
        "stakeholder_group": st.sampled_from(["exporter", "province_territory", "ngo"]),
        "organisation": st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=50),
    }
)
cases = st.fixed_dictionaries(
    {
        "interest": st.sampled_from(["1", "2", "3", "dont_know"]),
        "partners": st.one_of(st.just(["nobody"]), st.lists(st.sampled_from(["us", "eu"]), min_size=1, max_size=2, unique=True)),
        "sanctions": st.sampled_from(["no", "maybe"]),
        "security": st.sampled_from(["low", "high"]),
    }
)

PATHS = st.sampled_from(["/step/profile", "/step/case", "/step/profile?change=1", "/step/case?change=1"])


def at_case(app, profile: dict, case: dict | None = None) -> Respondent:  # type: ignore[no-untyped-def]
    respondent = Respondent(app.test_client())
    respondent.start()
    assert respondent.step("profile", profile).status_code == 302
    if case is not None:
        assert respondent.step("case", case).status_code == 302
    return respondent


def without_csrf_token(html: str) -> str:
    """The page with its CSRF token masked: the signed token carries a timestamp, so two draws a
    second apart differ there (the token itself is checked by every post in the other tests)."""
    masked, count = re.subn(r'name="csrf_token" value="[^"]+"', 'name="csrf_token" value="-"', html)
    assert count == 1
    return masked


def drawn_in_full(respondent: Respondent, path: str, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    with monkeypatch.context() as patch:
        patch.setattr(pages, "skeleton_key", lambda current, step: None)
        return respondent.get(path).text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    first=profiles,
    second=profiles,
    second_case=st.none() | cases,
    first_path=PATHS,
    path=PATHS,
)
def test_a_page_from_a_kept_skeleton_is_the_page_drawn_in_full(app, monkeypatch, first, second, second_case, first_path, path):
    one, other = at_case(app, first, CASE), at_case(app, second, second_case)
    app.extensions.setdefault(MEMO_KEY, {}).clear()
    assert one.get(first_path).status_code == 200  # keeps a skeleton, perhaps the one `other` needs
    page = other.get(path)
    assert page.status_code == 200
    assert without_csrf_token(page.text) == without_csrf_token(drawn_in_full(other, path, monkeypatch))


def test_respondents_at_the_same_place_share_one_skeleton(app):
    profile = {"issue": "arctic", "stakeholder_group": "ngo"}
    one = at_case(app, {**profile, "organisation": "First <b>Org</b>"})
    other = at_case(app, {**profile, "organisation": 'Second "Org" & co'})
    app.extensions.setdefault(MEMO_KEY, {}).clear()
    first_page, second_page = one.get("/step/profile").text, other.get("/step/profile").text
    assert len(app.extensions[MEMO_KEY]) == 1
    assert 'value="First &lt;b&gt;Org&lt;/b&gt;"' in first_page and "Second" not in first_page
    assert 'value="Second &#34;Org&#34; &amp; co"' in second_page and "First" not in second_page
    assert one.token != other.token and one.token in first_page and other.token in second_page
    assert one.resume_token() in first_page and other.resume_token() in second_page
    assert other.resume_token() not in first_page


def test_a_page_with_errors_or_a_notice_is_drawn_in_full(app):
    respondent = at_case(app, {"issue": "arctic", "stakeholder_group": "ngo", "organisation": ""})
    app.extensions.setdefault(MEMO_KEY, {}).clear()
    assert respondent.step("case", {}).status_code == 400
    assert respondent.get("/step/trade").status_code == 302  # not on the path: a notice on the next page
    assert "Answer the questions on this page first." in respondent.get("/step/case").text
    assert app.extensions[MEMO_KEY] == {}
