"""Nothing runs off the page: every laid-out box stays inside the page's content area.

Uses WeasyPrint's laid-out pages (`Document.pages[i]._page_box`), an internal API: if a
WeasyPrint upgrade renames it, this test fails loudly rather than passing silently.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import weasyprint

from forms.checks import extreme_answers
from forms.engine import score_answers
from forms.loader import parse_instrument
from reports.fetcher import BASE_URL, PackageFetcher
from reports.pdf import render_report_html
from tests.reports.conftest import FIXTURES, HOSTILE, MINI_ANSWERS, long_text, make_meta

HEADINGS = {"h1", "h2", "h3", "h4"}


def french_gettext():  # type: ignore[no-untyped-def]
    """The app's French catalogue, as the web app passes it to the report."""
    from babel.support import Translations

    return Translations.load(str(Path(__file__).resolve().parents[2] / "webapp" / "translations"), ["fr"]).gettext


def _headings_and_content_bottom(box, in_heading: bool, headings: list, bottoms: list) -> None:  # type: ignore[no-untyped-def]
    """Collect heading boxes, and the bottom of every text or image outside a heading."""
    name = type(box).__name__
    if name == "MarginBox":
        return
    tag = getattr(box, "element_tag", None)
    if tag in HEADINGS and not in_heading:
        headings.append(box)
    inside = in_heading or tag in HEADINGS
    if not inside and (name == "TextBox" or name.endswith("ReplacedBox")):
        bottoms.append(box.position_y + box.margin_height())
    for child in getattr(box, "children", ()):
        _headings_and_content_bottom(child, inside, headings, bottoms)


def stranded_headings(html: str) -> list[str]:
    """Headings with nothing but other headings below them on their page (left alone at its foot)."""
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=PackageFetcher()).render()
    found = []
    for number, page in enumerate(document.pages, 1):
        headings: list = []
        bottoms = [0.0]
        _headings_and_content_bottom(page._page_box, False, headings, bottoms)
        for heading in headings:
            if heading.position_y >= max(bottoms):
                text = " ".join(getattr(b, "text", "") for b in heading.descendants() if type(b).__name__ == "TextBox")
                found.append(f"page {number}: <{heading.element_tag}> {text[:50]!r}")
    return found


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


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_no_heading_is_left_alone_at_the_foot_of_a_page(brief_instrument, language, page_size):
    gettext = french_gettext() if language == "fr" else (lambda message: message)
    for favourable in (True, False):
        result = score_answers(brief_instrument, extreme_answers(brief_instrument, favourable=favourable))
        html = render_report_html(brief_instrument, result, make_meta(language=language), language, page_size, gettext)
        assert stranded_headings(html) == []


def test_the_heading_check_finds_a_stranded_heading():
    html = (
        "<html><body><p style='height: 240mm; margin: 0'>text</p><h2 style='break-after: auto'>Alone at the foot</h2>"
        "<p style='height: 40mm; break-inside: avoid'>next page</p></body></html>"
    )
    assert stranded_headings(html) == ["page 1: <h2> 'Alone at the foot'"]
