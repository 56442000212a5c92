"""The responses list counts what the briefing counts: submitted responses by default, with a
status column and a status filter for the drafts."""

from __future__ import annotations

import re


def test_the_list_counts_submitted_responses_like_the_briefing(app, admin_client, make_response):
    for issue in ("arctic", "arctic", "cyber"):
        make_response(issue=issue)
    make_response(status="draft")
    make_response(status="draft")
    body = admin_client.get("/admin/responses").get_data(as_text=True)
    assert "Showing 1 to 3 of 3 submitted responses" in body
    with app.test_request_context():
        from webapp.admin import pages
        from webapp.instruments import registry

        assert pages.briefing(registry().default, "en", "Org")["total"] == 3
    everything = admin_client.get("/admin/responses?status=").get_data(as_text=True)
    assert "of 5 responses" in everything
    assert len(re.findall(r'<span class="badge badge--draft">Draft</span>', everything)) == 2
    assert len(re.findall(r"<td>Submitted</td>", everything)) == 3
    drafts = admin_client.get("/admin/responses?status=draft").get_data(as_text=True)
    assert "of 2 drafts" in drafts
    assert '<option selected value="submitted">' in body or 'selected value="submitted"' in body
