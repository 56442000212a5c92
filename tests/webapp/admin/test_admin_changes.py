"""Anonymise and delete, each behind a confirmation step and recorded in the audit log."""

from __future__ import annotations

from tests.webapp.admin.conftest import ADMIN_EMAIL, post_confirmed


def test_anonymise_drops_organisation_and_free_text_and_keeps_scores(app, admin_client, scored_response):
    reference = scored_response(organisation="Northern Institute", comment="Call me on 555-0100")
    from webapp.models import AuditEntry, Response

    with app.app_context():
        assert Response.query.filter_by(reference=reference).one().free_text_answers == 1
    confirm = admin_client.get(f"/admin/responses/{reference}/anonymise").get_data(as_text=True)
    assert "Anonymise this response?" in confirm
    response = post_confirmed(admin_client, f"/admin/responses/{reference}/anonymise")
    assert response.status_code == 302 and response.headers["Location"] == f"/admin/responses/{reference}"
    with app.app_context():
        stored = Response.query.filter_by(reference=reference).one()
        assert stored.organisation is None and stored.anonymised and stored.free_text_answers == 0
        assert "organisation" not in stored.answers and "anything_else" not in stored.answers
        assert stored.answers["issue"] and stored.benefit is not None and stored.tier == "pragmatic"
        assert len(stored.criterion_scores) == 14 and stored.criterion_scores["B1"] is not None
        entry = AuditEntry.query.filter_by(action="anonymise").one()
        assert (entry.actor, entry.target) == (ADMIN_EMAIL, reference)
        assert "anything_else" in entry.detail and "555-0100" not in entry.detail
    page = admin_client.get(f"/admin/responses/{reference}").get_data(as_text=True)
    assert "Northern Institute" not in page and "555-0100" not in page and "Pragmatic re-engagement" in page
    audit = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "Anonymised" in audit and reference in audit


def test_delete_removes_the_response_with_its_scores(app, admin_client, scored_response):
    reference = scored_response()
    assert "Delete this response?" in admin_client.get(f"/admin/responses/{reference}/delete").get_data(as_text=True)
    response = post_confirmed(admin_client, f"/admin/responses/{reference}/delete")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/responses"
    from webapp.models import AuditEntry, Response

    with app.app_context():
        assert Response.query.filter_by(reference=reference).count() == 0
        entry = AuditEntry.query.filter_by(action="delete").one()
        assert (entry.actor, entry.target) == (ADMIN_EMAIL, reference)
    assert admin_client.get(f"/admin/responses/{reference}").status_code == 404
    assert "Deleted" in admin_client.get("/admin/audit").get_data(as_text=True)


def test_sign_ins_are_audited(app, admin_client):
    from webapp.models import AuditEntry

    with app.app_context():
        assert AuditEntry.query.filter_by(action="sign_in", target=ADMIN_EMAIL).count() == 1


def test_the_audit_log_pages_newest_first(app, admin_client):
    from webapp.admin import queries, services
    from webapp.extensions import db

    with app.app_context():
        for number in range(queries.AUDIT_PER_PAGE + 5):
            services.record("delete", None, f"R-{number:04d}")
        db.session.commit()
    first = admin_client.get("/admin/audit").get_data(as_text=True)
    second = admin_client.get("/admin/audit?page=2").get_data(as_text=True)
    assert "R-0104" in first and "R-0000" not in first and "Older entries" in first
    assert "R-0000" in second and "Newer entries" in second
