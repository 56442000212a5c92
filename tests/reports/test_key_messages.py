"""The briefing's key messages are written from its figures: strongest and weakest cases, split
issues with the groups that pull apart, red lines by group; and every page of an issue carries
its title."""

from __future__ import annotations

import io

from reports.briefing import render_briefing_html, render_briefing_pdf
from reports.i18n import Translator, identity
from reports.key_messages import key_messages

_ = Translator(identity)


def _row(rank, label, score, n=20, gated=0, split=False, red_lined=False, too_few=False):  # type: ignore[no-untyped-def]
    return {"rank": rank, "issue": label.lower(), "label": label, "score": score, "n": n, "gated": gated, "split": split,
            "red_lined": red_lined, "too_few": too_few, "benefit": 50, "risk": 50, "agreement": 0.8, "gated_share": gated / n if n else 0.0}


def _group(label, n, gated, benefit, risk):  # type: ignore[no-untyped-def]
    return {"label": label, "n": n, "gated": gated, "benefit": {"mean": benefit}, "risk": {"mean": risk}, "tier_counts": [], "agreement": 0.8}


def _issue(title, groups, split=False):  # type: ignore[no-untyped-def]
    n = sum(g["n"] for g in groups)
    overall = {"n": n, "split": split, "gated": sum(g["gated"] for g in groups), "agreement": 0.4 if split else 0.8, "criteria": [],
               "tier_counts": [], "label": "All respondents"}
    return {"title": title, "overall": overall, "groups": groups, "tiers": [], "min_responses": 10, "charts": {"tiers": "", "criteria": ""}}


def briefing(rows, issues):  # type: ignore[no-untyped-def]
    return {"title": "Briefing", "organisation": "Org", "instrument_title": "Instrument", "language": "en", "generated": "today",
            "generated_iso": "2026-12-04T00:00:00", "total": sum(r["n"] for r in rows), "rule": [],
            "priority": {"rows": rows, "chart": "", "min_responses": 10}, "issues": issues}


def _consultation():  # type: ignore[no-untyped-def]
    rows = [_row(1, "Climate", 39.0), _row(2, "Arctic", 20.0, split=True), _row(3, "Health", 8.0), _row(4, "Trade", -30.0, gated=12),
            _row(5, "Cyber", -50.0, gated=15, red_lined=True, n=20)]
    issues = [
        _issue("Climate", [_group("Exporters", 10, 0, 80, 30), _group("NGOs", 10, 0, 70, 40)]),
        _issue("Arctic", [_group("Provinces", 10, 0, 90, 20), _group("Diaspora", 10, 0, 20, 60)], split=True),
        _issue("Health", [_group("NGOs", 20, 0, 60, 50)]),
        _issue("Trade", [_group("Exporters", 10, 2, 40, 60), _group("Diaspora", 10, 10, 20, 80)]),
        _issue("Cyber", [_group("Diaspora", 20, 15, 10, 70)]),
    ]
    return briefing(rows, issues)


def test_the_messages_name_the_top_issues_the_split_ones_and_the_red_lines_by_group():
    messages = key_messages(_consultation(), _)
    assert messages[0] == ("The strongest cases for resuming dialogue: Climate (priority score +39), "
                           "Arctic (priority score +20) and Health (priority score +8).")
    assert "The weakest case: Trade (priority score -30)." in messages
    assert "Respondents are split on Arctic: read their place in the list with care." in messages
    assert "On Arctic, the net case ranges from +70 (Provinces) to -40 (Diaspora)." in messages
    red = next(m for m in messages if "hit a red line" in m)
    assert red.startswith("27 of 100 responses hit a red line")
    assert red.index("Diaspora (25 of 40, 62%)") < red.index("Exporters (2 of 20, 10%)"), "the groups that hit it most often first"
    assert "Not on the agenda as scoped, as most of their responses hit a red line: Cyber." in messages


def test_without_responses_or_red_lines_the_messages_say_so():
    assert key_messages(briefing([_row(0, "Arctic", None, n=0)], []), _) == ["No response has been submitted yet."]
    calm = briefing([_row(1, "Arctic", 10.0, n=5, too_few=True)], [_issue("Arctic", [_group("NGOs", 5, 0, 60, 50)])])
    messages = key_messages(calm, _)
    assert messages[0] == "No issue has enough responses (at least 10) to be ranked with confidence."
    assert "Respondents broadly agree on every issue: none is split." in messages
    assert "No response hit a red line (sanctions relief)." in messages


def test_the_briefing_opens_with_the_key_messages():
    html = render_briefing_html(_consultation())
    assert html.index("<h2>Key messages</h2>") < html.index("The strongest cases") < html.index('<h2 class="list-title">')


def test_every_page_of_an_issue_carries_its_title():
    from pypdf import PdfReader

    data = _consultation()
    long_groups = [_group(f"Group {number}", 5, 0, 60, 40) for number in range(60)]  # a table over several pages
    data["issues"] = [_issue("Arctic", long_groups)]
    reader = PdfReader(io.BytesIO(render_briefing_pdf(data)))
    issue_pages = [page.extract_text() for page in reader.pages][1:]
    assert len(issue_pages) >= 2, "the issue runs over more than one page"
    # The running header is drawn after the page's content: the line before the footer.
    assert all(text.splitlines()[-2] == "Arctic" for text in issue_pages), [text[-40:] for text in issue_pages]
