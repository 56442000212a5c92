"""Pages that show a respondent's answers, organisation or resume link are never cached."""

from __future__ import annotations


def test_every_questionnaire_page_is_no_store(respondent):
    pages = [respondent.start()]
    respondent.complete()
    pages.append(respondent.get("/step/profile"))
    pages.append(respondent.get("/review"))
    pages.append(respondent.step("profile", {"issue": "arctic", "stakeholder_group": "ngo"}, action="later", query="?change=1"))
    pages.append(respondent.get("/saved"))
    respondent.get("/review")
    respondent.submit()
    pages.append(respondent.get("/result"))
    for page in pages:
        assert page.headers["Cache-Control"] == "no-store", (page.request.path, page.headers.get("Cache-Control"))
