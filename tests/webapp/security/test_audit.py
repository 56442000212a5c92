"""The audit log records exports (who, format, filters, rows), and the app offers no way to edit it."""

from __future__ import annotations

from sqlalchemy import select

from tests.webapp.admin.conftest import ADMIN_EMAIL


def audit_entries(app, action: str):  # type: ignore[no-untyped-def]
    from webapp.extensions import db
    from webapp.models import AuditEntry

    with app.app_context():
        return [(e.actor, e.target, e.detail) for e in db.session.scalars(select(AuditEntry).where(AuditEntry.action == action))]


def test_every_export_is_audited_with_its_format_filters_and_rows(app, admin_client, make_response):
    make_response(issue="arctic")
    make_response(issue="cyber")
    for url in ("/admin/export/responses.csv?issue=arctic", "/admin/export/responses.json", "/admin/export/responses.xlsx"):
        with admin_client.get(url) as answer:
            assert answer.status_code == 200
    entries = audit_entries(app, "export")
    assert {target for _, target, _ in entries} == {"csv", "json", "xlsx"}
    assert all(actor == ADMIN_EMAIL for actor, _, _ in entries)
    csv_detail = next(detail for _, target, detail in entries if target == "csv")
    assert "issue=arctic" in csv_detail and "rows: 1" in csv_detail
    assert "rows: 2" in next(detail for _, target, detail in entries if target == "json")
    assert "Export" in admin_client.get("/admin/audit").get_data(as_text=True)


def test_no_route_of_the_app_changes_the_audit_log(app):
    for rule in app.url_map.iter_rules():
        if "audit" in rule.rule:
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule
