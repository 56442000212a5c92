"""The recommendation an official forwards: pages 1 and 2 hold the decision and every action, the annex
starts on a page of its own, and no rule code reaches a reader."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest

from forms.checks import extreme_answers
from forms.engine import score_clean
from forms.i18n import text_for
from forms.model import Instrument
from reports.fetcher import PackageFetcher
from reports.i18n import identity
from reports.pdf import render_recommendation_pdf
from tests.reports.conftest import MINI_ANSWERS, Rendered, make_meta
from tests.reports.test_layout import french_gettext
from webapp.admin.synthetic import AnswerSampler

ANNEX_TITLE = "Annex: how this result was reached"
WHY_TITLE = "Why this recommendation"


def sampled_answers(instrument: Instrument, seed: int) -> dict:
    """A realistic on-path answer set (the demo data's sampler), leaning towards re-engaging."""
    rng = random.Random(seed)
    sampler = AnswerSampler(instrument, rng)
    issue = rng.choice(instrument.question("issue").options).value
    group = rng.choice(instrument.question("stakeholder_group").options).value
    return sampler.answers(str(issue), str(group), rng.uniform(0.55, 0.95))


def joined(text: str) -> str:
    """Text with whitespace collapsed and words split at a line-end hyphen joined again."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text))


def bookmark_pages(rendered: Rendered) -> dict[str, int]:
    """Top-level bookmark title -> the index of the page it points to."""
    return {
        item.title: rendered.reader.get_destination_page_number(item)
        for item in rendered.reader.outline
        if not isinstance(item, list)
    }


def decision_texts(rendered: Rendered, language: str = "en", gettext=identity) -> list[str]:  # type: ignore[no-untyped-def]
    """What pages 1 and 2 must say: the outcome, its sentence, every channel and safeguard."""
    result = rendered.result
    outcome = gettext("Not on the agenda as scoped") if result.gated else text_for(result.tier_title, language)
    items = [text_for(item.title, language) for item in (*result.channels, *result.safeguards)]
    return [outcome, text_for(result.verdict, language), *items]


def assert_two_page_recommendation(rendered: Rendered, language: str = "en", gettext=identity) -> None:  # type: ignore[no-untyped-def]
    """Decision and actions on pages 1 and 2; the annex on a page of its own, under its title.

    Page 1 is laid out for up to four channels and four safeguards (the instrument's target); with
    more, they run onto page 2 and the "why" and annex move one page on.
    """
    first_two = joined(" ".join(rendered.pages[:2]))
    for text in decision_texts(rendered, language, gettext):
        assert joined(text) in first_two, f"{text!r} is not on pages 1 and 2"
    pages = {re.sub(r"\s+", " ", title): page for title, page in bookmark_pages(rendered).items()}
    annex_title = re.sub(r"\s+", " ", gettext(ANNEX_TITLE))  # as the page text reads it
    annex = pages[annex_title]
    assert rendered.pages[annex].startswith(annex_title)
    assert annex_title not in " ".join(rendered.pages[:annex])
    assert gettext("Criterion by criterion") not in rendered.pages[annex - 1]
    result = rendered.result
    if len(result.channels) <= 4 and len(result.safeguards) <= 4:
        why = pages[gettext(WHY_TITLE)]
        assert (why, annex) == (1, 2), f"why on page {why + 1}, annex on page {annex + 1}"


def assert_no_rule_codes(instrument: Instrument, rendered: Rendered) -> None:
    text = rendered.text
    for item in (*instrument.channels, *instrument.safeguards):
        for rule in item.rules:
            assert rule.id not in text, f"rule code {rule.id} printed for readers"
    assert not re.findall(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b", text), "an identifier printed for readers"


@pytest.mark.parametrize("case", list(MINI_ANSWERS))
@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_mini_recommendation_is_two_pages_then_the_annex(mini, render_memo, case, page_size):
    rendered = render_memo(f"mini-{case}-{page_size}", mini, MINI_ANSWERS[case], page_size=page_size)
    assert_two_page_recommendation(rendered)
    assert_no_rule_codes(mini, rendered)


def test_a_fired_channel_is_named_on_page_1_with_its_reason(mini_case):
    rendered = mini_case("pragmatic")
    channel = rendered.result.channels[0]
    assert text_for(channel.title, "en") in rendered.pages[0]
    assert text_for(channel.reasons[0].text, "en") in rendered.pages[0]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_brief_extremes_put_the_decision_on_pages_1_and_2(brief_instrument, render_memo, page_size, language):
    gettext = french_gettext() if language == "fr" else identity
    meta = make_meta(language=language)
    for favourable in (True, False):
        answers = extreme_answers(brief_instrument, favourable=favourable)
        key = f"brief-{favourable}-{page_size}-{language}"
        rendered = render_memo(key, brief_instrument, answers, meta, page_size=page_size, language=language, gettext=gettext)
        assert_two_page_recommendation(rendered, language, gettext)
        assert_no_rule_codes(brief_instrument, rendered)


@pytest.mark.parametrize("seed", range(4))
def test_brief_realistic_answers_put_the_decision_on_pages_1_and_2(brief_instrument, render_memo, seed):
    answers = sampled_answers(brief_instrument, seed)
    rendered = render_memo(f"brief-sampled-{seed}", brief_instrument, answers, page_size="Letter" if seed % 2 else "A4")
    assert_two_page_recommendation(rendered)
    assert_no_rule_codes(brief_instrument, rendered)


def crowded_result(instrument: Instrument, language: str, safeguards: int = 4):  # type: ignore[no-untyped-def]
    """A result with the most page 1 is laid out for: four channels and `safeguards` safeguards, the
    ones with the longest reasons in `language` seen over many realistic answer sets, every principle."""
    seen: dict[str, dict] = {"channels": {}, "safeguards": {}}
    base = None
    for seed in range(120):
        result = score_clean(instrument, sampled_answers(instrument, seed))
        fits = not result.gated and len(result.channels) <= 4
        if fits and (base is None or len(result.next_steps) > len(base.next_steps)):
            base = result
        for kind in seen:
            for item in getattr(result, kind):
                seen[kind].setdefault(item.id, item)
    assert base is not None
    longest = lambda items, n: tuple(sorted(items, key=lambda i: -len(text_for(i.reasons[0].text, language)))[:n])  # noqa: E731
    return replace(base, channels=longest(seen["channels"].values(), 4), safeguards=longest(seen["safeguards"].values(), safeguards))


@pytest.mark.parametrize(
    ("language", "page_size", "safeguards"),
    [("en", "A4", 4), ("fr", "A4", 4), ("en", "Letter", 4), ("fr", "Letter", 3)],  # Letter is 18 mm shorter
)
def test_page_1_holds_four_channels_and_their_safeguards(brief_instrument, language, page_size, safeguards):
    """The longest reasons seen, in both languages: the decision page still ends on page 1."""
    result = crowded_result(brief_instrument, language, safeguards)
    assert len(result.channels) == 4 and len(result.safeguards) == safeguards
    gettext = french_gettext() if language == "fr" else identity
    pdf = render_recommendation_pdf(brief_instrument, result, make_meta(language=language), language, page_size, gettext)
    rendered = Rendered(pdf, PackageFetcher(), result)
    assert bookmark_pages(rendered)[gettext(WHY_TITLE)] == 1, "page 1 ran over"


def test_the_two_pages_alone_without_the_annex(mini):
    result = score_clean(mini, MINI_ANSWERS["pragmatic"])
    rendered = Rendered(render_recommendation_pdf(mini, result, make_meta(), annex=False), PackageFetcher(), result)
    assert len(rendered.reader.pages) == 2
    assert list(bookmark_pages(rendered)) == ["Re-engagement recommendation: Arctic", WHY_TITLE]
    assert ANNEX_TITLE not in rendered.text
