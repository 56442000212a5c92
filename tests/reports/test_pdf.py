"""The recommendation PDF, read back with pypdf: contents, metadata, outline, pages, tags."""

from __future__ import annotations

import io
import threading

import pytest
from pypdf import PdfReader

from forms.checks import extreme_answers
from forms.engine import score_answers
from reports.fetcher import SERVED_DIRS, PackageFetcher
from reports.pdf import render_recommendation_pdf, render_report_html
from tests.reports.conftest import MINI_ANSWERS, REFERENCE, make_meta

TIERS = {
    "hold": ("Hold", "Hold for now."),
    "informal": ("Informal re-opening", "Re-open informally."),
    "officials": ("Officials-level dialogue", "Talk at officials level."),
    "pragmatic": ("Pragmatic re-engagement", "Re-engage pragmatically."),
}


def test_answer_sets_reach_their_case(mini):
    for tier in TIERS:
        result = score_answers(mini, MINI_ANSWERS[tier])
        assert (result.tier, result.gated) == (tier, False)
    assert score_answers(mini, MINI_ANSWERS["gated"]).gated


@pytest.mark.parametrize("tier", TIERS)
def test_each_tier_renders_its_decision_on_page_1(mini_case, tier):
    rendered = mini_case(tier)
    title, verdict = TIERS[tier]
    first = rendered.pages[0]
    assert "Re-engagement recommendation: Arctic" in first
    assert title in first and verdict in first
    assert "What to do next" in first
    for step in rendered.result.next_steps:
        assert step["en"] in first
    assert "Reference RE-2025-000123" in first and "November 25, 2025" in first  # the cover, folded in


@pytest.mark.parametrize("tier", TIERS)
def test_every_page_carries_the_reference_and_page_n_of_m(mini_case, tier):
    rendered = mini_case(tier)
    count = len(rendered.reader.pages)
    assert count >= 3
    for number, text in enumerate(rendered.pages, 1):
        assert f"Reference {REFERENCE}" in text
        assert f"Page {number} of {count}" in text
    for text in rendered.pages[1:]:
        assert "Re-engagement recommendation: Arctic" in text  # running header, after page 1


def test_the_gate_overrides_the_tier_and_says_what_must_change(mini_case):
    rendered = mini_case("gated")
    first = rendered.pages[0]
    assert "Not on the agenda as scoped" in first
    assert "re-scope it without sanctions relief" in first
    assert "What would have to change" in first and "Red line hit: Sanctions relief." in first
    assert "No channel is recommended while a red line is hit." in first
    assert "Pragmatic re-engagement" not in first  # no tier above the weakest on the decision page
    # The tier the scores alone give is named as such, never as the recommendation.
    assert rendered.result.tier == "hold" and rendered.result.scored_tier == "officials"
    why = " ".join(rendered.pages[1].split())
    assert '"Officials-level dialogue"' in why and "A red line overrides that tier" in why


def test_the_pdf_states_the_standing_principles_once_and_the_next_steps_that_fired(mini_case):
    text = " ".join(mini_case("pragmatic").text.split())
    assert text.count("Principles for every engagement") == 1
    assert "Sanctions are off the table." in text
    assert "Hold a seminar." in text  # the first step of the one channel that fired (H7), for an NGO
    assert "Call the trade commissioners." not in text


def test_optional_questions_skipped_show_as_not_answered_and_lower_confidence(mini_case):
    rendered = mini_case("skipped")
    text = rendered.text
    assert rendered.result.confidence.share == 0.5
    assert "50% of the weighted questions shown were answered." in rendered.pages[0]
    assert "Questions left blank or answered \"I don't know\": 3." in rendered.pages[0]
    assert text.count("Not answered") == 4  # organisation, partners, market, notes
    assert "I don't know" in text
    assert "Left blank or answered \"I don't know\":" in text


def test_long_free_text_flows_onto_more_pages_and_is_printed_whole(mini_long_notes, render_memo):
    from tests.reports.conftest import long_text

    notes = long_text(5000)
    assert 4990 <= len(notes) <= 5000
    answers = {**MINI_ANSWERS["skipped"], "notes": notes}
    short = render_memo("long-baseline", mini_long_notes, MINI_ANSWERS["skipped"])
    rendered = render_memo("long", mini_long_notes, answers)
    assert len(rendered.reader.pages) >= len(short.reader.pages) + 1
    flat = rendered.text.replace(" ", "")
    assert "https://example.org/" + "x" * 280 in flat  # the unbroken token, wrapped but whole
    assert rendered.pages[-1].count("END") + rendered.pages[-2].count("END") >= 1
    assert rendered.fetcher.refused == []


def test_hostile_free_text_is_printed_as_text_and_fetches_nothing(mini, render_memo):
    from tests.reports.conftest import HOSTILE

    answers = {**MINI_ANSWERS["skipped"], "notes": HOSTILE, "organisation": "<script>x</script>"}
    meta = make_meta(organisation="<b>Org</b> url(http://evil/o)")
    rendered = render_memo("hostile", mini, answers, meta)
    assert rendered.fetcher.refused == []
    assert all(any(url.startswith(folder.as_uri() + "/") for folder in SERVED_DIRS) for url in rendered.fetcher.fetched)
    text = rendered.text
    fragments = ('<script>alert("pwned")</script>', "<img src=http://evil/x>", "url(http://evil/)", "@import", "file:///etc/passwd")
    for fragment in fragments:
        assert fragment in text, fragment
    assert "<b>Org</b> url(http://evil/o)" in rendered.pages[0].replace(" ,", ",")
    for page in rendered.reader.pages:
        for annotation in page.get("/Annots") or []:
            assert "evil" not in str(annotation.get_object())


def test_hostile_text_is_escaped_in_the_html(mini):
    from tests.reports.conftest import HOSTILE

    result = score_answers(mini, {**MINI_ANSWERS["skipped"], "notes": HOSTILE})
    html = render_report_html(mini, result, make_meta(organisation='"><script>'))
    assert "<script>" not in html and "<img src=http://evil" not in html and "<link rel=stylesheet href=file" not in html
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in html
    assert html.count("http://evil") == HOSTILE.count("http://evil")  # only as text, no new references


def test_metadata_title_author_subject_language_and_date(mini_case):
    reader = mini_case("pragmatic").reader
    info = reader.metadata
    assert info.title == "Re-engagement recommendation: Arctic"
    assert info.author == "NGO"
    assert info.subject == "Re-engage pragmatically."
    assert "Pragmatic re-engagement" in info["/Keywords"]
    assert info.creation_date.year == 2025 and info.creation_date.month == 11
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_author_is_the_organisation_when_given(mini, render_memo):
    rendered = render_memo("org", mini, MINI_ANSWERS["officials"], make_meta(organisation="Arctic Institute"))
    assert rendered.reader.metadata.author == "Arctic Institute"


def test_tagged_pdf_ua(mini_case):
    reader = mini_case("officials").reader
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()
    assert reader.pdf_header.endswith("1.7")


def test_outline_has_the_sections_and_their_subsections(mini_case):
    outline = mini_case("officials").reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top == ["Re-engagement recommendation: Arctic", "Why this recommendation", "Annex: how this result was reached"]
    children = [item for item in outline if isinstance(item, list)]
    second = [child.title for group in children for child in group if not isinstance(child, list)]
    for title in ("What to do next", "How to engage", "Safeguards for these answers", "How sure this result is"):
        assert title in second
    for title in ("Criterion by criterion", "Channels and safeguards in full", "The answers", "About this result"):
        assert title in second
    third = [child.title for group in children for sub in group if isinstance(sub, list) for child in sub]
    assert any(title.startswith("B1") for title in third)


def test_fonts_are_the_shipped_ones_loaded_through_font_face(mini_case):
    """Embedded under the @font-face family name: no system font stood in for any text."""
    reader = mini_case("officials").reader
    fonts = set()
    for page in reader.pages[:3]:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert {name.split("+", 1)[1] for name in fonts} == {"Report-Sans", "Report-Sans-Bold"}, fonts


def test_a_thread_loads_the_fonts_once_through_the_fetcher(mini):
    """Each thread keeps one font configuration: its first render fetches the fonts, later ones reuse them."""
    result = score_answers(mini, MINI_ANSWERS["officials"])
    fetchers = [PackageFetcher(), PackageFetcher()]

    def render_twice():
        for fetcher in fetchers:
            render_recommendation_pdf(mini, result, make_meta(), fetcher=fetcher)

    thread = threading.Thread(target=render_twice)
    thread.start()
    thread.join()
    fonts = [(SERVED_DIRS[1] / name).as_uri() for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")]
    assert set(fonts) <= set(fetchers[0].fetched)
    assert not set(fonts) & set(fetchers[1].fetched)
    assert fetchers[0].refused == fetchers[1].refused == []


@pytest.mark.parametrize(("size", "expected"), [("A4", (595.3, 841.9)), ("Letter", (612.0, 792.0))])
def test_page_size(mini, render_memo, size, expected):
    rendered = render_memo(f"size-{size}", mini, MINI_ANSWERS["officials"], page_size=size)
    for page in rendered.reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == expected


def test_unknown_page_size_is_refused(mini):
    result = score_answers(mini, MINI_ANSWERS["officials"])
    with pytest.raises(ValueError, match="page_size"):
        render_recommendation_pdf(mini, result, make_meta(), page_size="A3")


def test_gettext_translates_every_ui_string_and_the_page_counter(mini):
    catalogue = {"What to do next": "Étapes suivantes", "Page %(page)s of %(pages)s": "p. %(page)s / %(pages)s", "Reference": "Référence"}
    result = score_answers(mini, MINI_ANSWERS["officials"])
    pdf = render_recommendation_pdf(mini, result, make_meta(language="fr"), language="fr", gettext=lambda m: catalogue.get(m, m))
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0].extract_text()
    assert "Étapes suivantes" in page and "p. 1 /" in page and "Référence RE-2025-000123" in page
    assert "novembre 2025" in page
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_brief_instrument_renders_its_extremes(brief_instrument, render_memo):
    best = render_memo("brief-best", brief_instrument, extreme_answers(brief_instrument, favourable=True))
    worst = render_memo("brief-worst", brief_instrument, extreme_answers(brief_instrument, favourable=False))
    assert best.result.tier == brief_instrument.tiers[-1].id
    assert worst.result.gated
    for rendered in (best, worst):
        assert rendered.fetcher.refused == []
        assert len(rendered.reader.pages) >= 4
        assert "Not answered" in rendered.text or rendered.result.confidence.blank
    assert "Not on the agenda as scoped" in worst.pages[0]
