"""The analysts' "so what": what respondents wrote on an issue, the channels and safeguards their
results called for by group, and the priority page's issue-by-group view."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.webapp.admin.conftest import SLUG
from webapp.admin.called_for import called_for
from webapp.admin.free_text import FreeTextFilters, free_text_page


def _result(channels=(), safeguards=()) -> dict:  # type: ignore[no-untyped-def]
    return {"channels": [{"id": c} for c in channels], "safeguards": [{"id": g} for g in safeguards]}


@pytest.fixture
def arctic_voices(make_response):  # type: ignore[no-untyped-def]
    """Arctic responses with comments: two groups, one red line, one anonymised, one draft, one blank."""
    said = lambda text: {"issue": "arctic", "anything_else": text}  # noqa: E731
    return {
        "exporter": make_response(group="exporter", tier_rank=3, answers=said("Our competitors are already there."),
                                  result=_result(["H6", "H3"], ["G4"])),
        "ngo": make_response(group="ngo", tier_rank=1, answers=said("Start with scientists."), result=_result(["H7"], ["G3", "G4"])),
        "gated": make_response(group="ngo", tier_rank=0, gated=True, answers=said("Only if sanctions go."), result=_result([], ["G1"])),
        "anonymised": make_response(group="ngo", answers=said("Call me."), anonymised=True, result=_result(["H7"])),
        "blank": make_response(group="exporter", answers=said("   "), result=_result(["H6"])),
        "draft": make_response(group="ngo", status="draft", answers=said("Unfinished thought")),
        "cyber": make_response(issue="cyber", group="ngo", answers={"issue": "cyber", "anything_else": "Another issue"}),
    }


def _page(app, **filters):  # type: ignore[no-untyped-def]
    from webapp.instruments import registry

    with app.app_context():
        return free_text_page(registry().default, FreeTextFilters(issue="arctic", **filters))


def test_free_text_lists_submitted_non_anonymised_answers_of_the_issue(app, arctic_voices):
    page = _page(app)
    assert {item.text for item in page.items} == {"Our competitors are already there.", "Start with scientists.", "Only if sanctions go."}
    assert page.total == 3
    assert page.by_group == {"exporter": 1, "ngo": 2}
    gated = next(item for item in page.items if item.gated)
    assert gated.tier == "hold", "a red line shows as the weakest tier"


@pytest.mark.parametrize("filters, expected", [
    ({"group": "ngo"}, {"Start with scientists.", "Only if sanctions go."}),
    ({"tier": "pragmatic"}, {"Our competitors are already there."}),
    ({"group": "exporter", "tier": "hold"}, set()),
])
def test_free_text_filters_by_group_and_tier(app, arctic_voices, filters, expected):
    page = _page(app, **filters)
    assert {item.text for item in page.items} == expected
    assert page.by_group.keys() <= {"exporter", "ngo"}


def test_free_text_comes_a_page_at_a_time(app, make_response):
    for number in range(5):
        make_response(answers={"issue": "arctic", "anything_else": f"comment {number}"})
    from webapp.instruments import registry

    with app.app_context():
        first = free_text_page(registry().default, FreeTextFilters(issue="arctic"), page=1, per_page=2)
        last = free_text_page(registry().default, FreeTextFilters(issue="arctic"), page=9, per_page=2)
    assert first.total == 5 and first.pages == 3 and len(first.items) == 2
    assert last.page == 3 and len(last.items) == 1


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    written=st.lists(st.tuples(st.sampled_from(("exporter", "ngo")), st.sampled_from(("A comment.", "  ", None)), st.booleans()), max_size=12),
    per_page=st.integers(1, 4),
    group=st.sampled_from((None, "exporter", "ngo")),
)
def test_the_pages_of_free_text_together_are_every_answer_newest_first(app, make_response, written, per_page, group):
    """Whatever the responses, their blanks and anonymised ones, the pages in turn hold each answer once."""
    from sqlalchemy import delete

    from webapp.extensions import db
    from webapp.instruments import registry
    from webapp.models import Response

    with app.app_context():
        db.session.execute(delete(Response))
        db.session.commit()
    shown = []
    for number, (who, text, anonymised) in enumerate(written):
        answers = {"issue": "arctic", **({"anything_else": f"{text} {number}" if text.strip() else text} if text is not None else {})}
        reference = make_response(group=who, answers=answers, anonymised=anonymised)
        if text is not None and text.strip() and not anonymised and group in (None, who):
            shown.append((reference, answers["anything_else"]))
    with app.app_context():
        first = free_text_page(registry().default, FreeTextFilters(issue="arctic", group=group), page=1, per_page=per_page)
        pages = [free_text_page(registry().default, FreeTextFilters(issue="arctic", group=group), page=n, per_page=per_page) for n in range(1, first.pages + 1)]
    assert first.total == len(shown)
    assert [(item.reference, item.text) for page in pages for item in page.items] == shown[::-1], "newest first, each once"


@pytest.mark.parametrize("per_page", [1, 2, 3, 5])
def test_a_response_with_several_free_text_answers_may_span_two_pages(app, make_response, monkeypatch, per_page):
    from webapp.instruments import registry
    from webapp.responses import scoring

    monkeypatch.setattr(scoring, "free_text_questions", lambda instrument: ["anything_else", "second_thoughts"])
    for number in range(3):
        make_response(answers={"issue": "arctic", "anything_else": f"first {number}", "second_thoughts": f"second {number}"})
    with app.app_context():
        pages = [free_text_page(registry().default, FreeTextFilters(issue="arctic"), page=n, per_page=per_page) for n in range(1, 7)]
    assert pages[0].total == 6
    got = [item.text for page in pages[: pages[0].pages] for item in page.items]
    assert got == ["first 2", "second 2", "first 1", "second 1", "first 0", "second 0"]


def test_channels_and_safeguards_are_counted_by_group(app, arctic_voices):
    with app.app_context():
        counts = called_for(SLUG, "arctic")
    assert counts.count("channels", "H6") == 2 and counts.count("channels", "H6", "exporter") == 2
    assert counts.count("channels", "H7") == 2 and counts.count("channels", "H7", "ngo") == 2
    assert counts.count("safeguards", "G4") == 2
    assert counts.count("safeguards", "G1", "ngo") == 1
    assert counts.count("channels", "H1") == 0


def test_the_issue_page_shows_what_was_written_and_called_for(admin_client, arctic_voices):
    body = admin_client.get("/admin/issues/arctic").get_data(as_text=True)
    assert "What respondents wrote" in body and "Channels and safeguards called for" in body
    assert "Our competitors are already there." in body and "Call me." not in body and "Unfinished thought" not in body
    assert "Another issue" not in body
    filtered = admin_client.get("/admin/issues/arctic?group=exporter").get_data(as_text=True)
    assert "Our competitors are already there." in filtered and "Start with scientists." not in filtered
    assert "1 answer<" in filtered


def test_the_issue_page_is_in_french(admin_client, arctic_voices):
    admin_client.get("/language/fr?next=/")
    body = admin_client.get("/admin/issues/arctic").get_data(as_text=True)
    assert "Ce que les personnes répondantes ont écrit" in body and "Canaux et garanties recommandés" in body


def test_the_priority_page_shows_each_issue_by_group(admin_client, make_response):
    make_response(issue="arctic", group="exporter", benefit=80, risk=20, tier_rank=3)
    make_response(issue="arctic", group="ngo", benefit=20, risk=70, tier_rank=0, gated=True)
    body = admin_client.get("/admin/priorities").get_data(as_text=True)
    table = body[body.index('id="by-group-caption"'):]
    table = table[: table.index("</table>")]
    assert "+60" in table and "-50" in table
    assert "1 red line" in table
    assert "Hold" in table and "Pragmatic" in table
