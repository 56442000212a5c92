"""Nothing runs off the page: every laid-out box stays inside the page's content area.

Uses WeasyPrint's laid-out pages (`Document.pages[i]._page_box`), an internal API: if a
WeasyPrint upgrade renames it, this test fails loudly rather than passing silently.
"""

from __future__ import annotations

import pytest
import weasyprint

from forms.checks import extreme_answers
from forms.engine import score_answers
from forms.loader import parse_instrument
from reports.fetcher import BASE_URL, PackageFetcher
from reports.pdf import render_report_html
from tests.reports.conftest import FIXTURES, HOSTILE, MINI_ANSWERS, long_text, make_meta


def overflowing_boxes(html: str) -> list[str]:
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=PackageFetcher()).render()
    found = []
    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        for box in page_box.descendants():
            if type(box).__name__ == "MarginBox" or getattr(box, "width", None) is None:
                continue
            overflow = box.border_box_x() + box.border_width() - right
            if overflow > 0.5:
                text = getattr(box, "text", "")[:30]
                found.append(f"page {number}: {type(box).__name__} <{box.element_tag}> {overflow:.0f}px {text!r}")
    return found


@pytest.fixture(scope="module")
def stretched():
    """The mini instrument with a 5000-character textarea and a 200-character unbroken label."""
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("max_length: 300", "max_length: 5000").replace('{en: "Anything else?"}', '{en: "' + "y" * 200 + '"}')
    return parse_instrument(text, "mini-stretched.yaml")


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_long_and_hostile_text_stay_on_the_page(stretched, page_size):
    for notes in (long_text(5000), HOSTILE * 10):
        result = score_answers(stretched, {**MINI_ANSWERS["skipped"], "notes": notes, "organisation": "z" * 50})
        html = render_report_html(stretched, result, make_meta(organisation="z" * 120), page_size=page_size)
        assert overflowing_boxes(html) == []


def test_brief_instrument_stays_on_the_page(brief_instrument):
    for favourable in (True, False):
        result = score_answers(brief_instrument, extreme_answers(brief_instrument, favourable=favourable))
        assert overflowing_boxes(render_report_html(brief_instrument, result, make_meta(), page_size="Letter")) == []


def test_the_check_finds_an_overflow():
    html = "<html><body style='width: 100%'><p style='width: 300mm'>wide</p></body></html>"
    assert overflowing_boxes(html)
