"""The result page links the service pages beside the reference that a respondent quotes."""

from __future__ import annotations


def test_the_result_links_contact_privacy_and_feedback_near_the_reference(respondent):
    respondent.complete()
    respondent.submit()
    page = respondent.get("/result").text
    links = page.index('class="service-links"')
    assert page.index('class="reference"') < links < page.index("/result/pdf")
    line = page[links:page.index("</p>", links)]
    for target in ("/contact", "/privacy", "/feedback"):
        assert f'href="{target}"' in line
