"""The result page links the service pages beside the reference; review and result pages print."""

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


def test_review_and_result_offer_a_print_button_only_to_the_script(respondent):
    review = respondent.complete().text
    respondent.submit()
    result = respondent.get("/result").text
    for page in (review, result):
        assert '<script src="/static/print.js" defer></script>' in page
        assert "data-print hidden>" in page  # shown by print.js; without JavaScript it stays hidden
    with respondent.client.get("/static/print.js") as response:
        script = response.text
    assert "window.print()" in script and "hidden = false" in script
