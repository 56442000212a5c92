"""Sign-in, roles, and the meta-test: every admin route demands sign-in and every POST a CSRF token."""

from __future__ import annotations

import pytest

from tests.webapp.admin.conftest import ADMIN_EMAIL, PASSWORD, csrf_from, sign_in

SECRET_ORGANISATION = "Very Secret Organisation"


def _admin_urls(app, reference: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(method, url) for every admin rule, with real arguments so an unguarded view would show data."""
    values = {"reference": reference, "issue": "arctic", "key": "doc-admin-spreadsheet-0"}
    urls = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("admin.") or rule.endpoint == "admin.sign_in":
                continue
            url = url_for(rule.endpoint, **{arg: values[arg] for arg in rule.arguments})
            for method in sorted((rule.methods or set()) & {"GET", "POST"}):
                urls.append((method, url))
    return urls


def test_the_admin_area_has_the_routes_the_meta_test_walks(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("admin.")}
    assert {
        "admin.responses",
        "admin.response_detail",
        "admin.issue",
        "admin.priorities",
        "admin.export_csv",
        "admin.export_xlsx",
        "admin.export_json",
        "admin.export_briefing",
        "admin.anonymise",
        "admin.delete",
        "admin.audit",
    } <= endpoints


def test_every_admin_route_signed_out_answers_with_no_data(app, client, make_response):
    reference = make_response(organisation=SECRET_ORGANISATION, benefit=61.875, criteria={"B1": 42.125})
    other = make_response(organisation="Another Secret", issue="arctic")
    urls = _admin_urls(app, reference)
    assert len(urls) >= 14
    for method, url in urls:
        response = client.open(url, method=method)
        body = response.get_data(as_text=True)
        assert response.status_code in (302, 400, 401), (method, url, response.status_code)
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/admin/sign-in"), (method, url)
        # Nothing of the responses: no organisation, no score, no other reference, no export or PDF.
        for secret in (SECRET_ORGANISATION, "Another Secret", other, "61.9", "62", "42.1", "%PDF", "score_B1", '"responses"'):
            assert secret not in body, (method, url, secret)
    with app.app_context():
        from webapp.models import Response

        assert Response.query.filter_by(reference=reference).one().organisation == SECRET_ORGANISATION


def test_every_admin_post_demands_a_csrf_token(app, admin_client, make_response):
    reference = make_response(organisation=SECRET_ORGANISATION)
    posts = [url for method, url in _admin_urls(app, reference) if method == "POST"]
    assert posts
    for url in posts:
        response = admin_client.post(url, data={})
        assert response.status_code == 400, url
    with app.app_context():
        from webapp.models import Response

        assert Response.query.filter_by(reference=reference).one().organisation == SECRET_ORGANISATION


def test_sign_in_goes_on_to_the_page_asked_for(app, accounts):
    client = app.test_client()
    first = client.get("/admin/priorities")
    assert first.status_code == 302 and "next=%2Fadmin%2Fpriorities" in first.headers["Location"]
    response = sign_in(client, ADMIN_EMAIL, next_url="/admin/priorities")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/priorities"
    assert client.get("/admin/priorities").status_code == 200


def test_sign_in_never_redirects_off_site(app, accounts):
    client = app.test_client()
    response = sign_in(client, ADMIN_EMAIL, next_url="//evil.example/")
    assert response.headers["Location"] == "/admin/responses"


def test_a_wrong_password_is_refused_with_an_error_summary(app, accounts):
    client = app.test_client()
    response = sign_in(client, ADMIN_EMAIL, "wrong password entirely")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "<title>Error:" in body and "The email address or the password is wrong." in body
    assert client.get("/admin/responses").status_code == 302


def test_a_failed_sign_in_is_audited_as_coming_from_the_sign_in_form(app, accounts):
    from webapp.models.admin import AuditEntry

    sign_in(app.test_client(), ADMIN_EMAIL, "wrong password entirely")
    with app.app_context():
        entry = AuditEntry.query.filter_by(action="sign_in_failed").one()
        assert (entry.actor, entry.actor_id, entry.target) == ("sign-in form (not signed in)", None, ADMIN_EMAIL)


def test_an_unknown_account_gets_the_same_message(app, accounts):
    response = sign_in(app.test_client(), "nobody@example.org", PASSWORD)
    assert response.status_code == 400 and "The email address or the password is wrong." in response.get_data(as_text=True)


def test_sign_out_ends_the_session(admin_client):
    page = admin_client.get("/admin/responses")
    response = admin_client.post("/admin/sign-out", data={"csrf_token": csrf_from(page.get_data(as_text=True))})
    assert response.status_code == 302
    assert admin_client.get("/admin/responses").status_code == 302


def test_passwords_are_stored_as_scrypt_hashes(app, accounts):
    from webapp.models import AdminUser

    with app.app_context():
        user = AdminUser.query.filter_by(email=ADMIN_EMAIL).one()
        assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash


def test_admin_pages_are_not_cached(admin_client):
    assert admin_client.get("/admin/responses").headers["Cache-Control"] == "no-store"


# ------------------------------------------------------------------ roles
def test_viewer_reads_and_exports(viewer_client, make_response):
    reference = make_response(organisation="Readable Org")
    for url in (
        "/admin/responses",
        f"/admin/responses/{reference}",
        "/admin/priorities",
        "/admin/issues/arctic",
        "/admin/export/responses.csv",
        "/admin/export/responses.json",
        "/admin/export/responses.xlsx",
        "/admin/audit",
    ):
        with viewer_client.get(url) as response:
            assert response.status_code == 200, url


@pytest.mark.parametrize("action", ["anonymise", "delete"])
def test_viewer_cannot_anonymise_or_delete(app, viewer_client, admin_client, make_response, action):
    reference = make_response(organisation="Kept Org")
    detail = viewer_client.get(f"/admin/responses/{reference}").get_data(as_text=True)
    assert f"/admin/responses/{reference}/{action}" not in detail
    assert viewer_client.get(f"/admin/responses/{reference}/{action}").status_code == 403
    token = csrf_from(viewer_client.get("/admin/responses").get_data(as_text=True))
    assert viewer_client.post(f"/admin/responses/{reference}/{action}", data={"csrf_token": token}).status_code == 403
    with app.app_context():
        from webapp.models import Response

        assert Response.query.filter_by(reference=reference).one().organisation == "Kept Org"
    assert f"/admin/responses/{reference}/{action}" in admin_client.get(f"/admin/responses/{reference}").get_data(as_text=True)


# ------------------------------------------------------------------ commands
def test_create_command_takes_the_password_from_a_hidden_prompt(app, runner):
    result = runner.invoke(args=["admin", "create", "New@Example.org", "--role", "viewer"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output and "Created viewer account new@example.org" in result.output
    assert sign_in(app.test_client(), "new@example.org").status_code == 302


def test_create_command_reads_the_environment_and_refuses_weak_or_duplicate(app, runner, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", PASSWORD)
    assert runner.invoke(args=["admin", "create", "env@example.org"]).exit_code == 0
    duplicate = runner.invoke(args=["admin", "create", "env@example.org"])
    assert duplicate.exit_code == 1 and "already exists" in duplicate.output
    monkeypatch.setenv("ADMIN_PASSWORD", "short")
    weak = runner.invoke(args=["admin", "create", "weak@example.org"])
    assert weak.exit_code == 1 and "at least 12" in weak.output


def test_reset_password_signs_out_open_sessions(app, runner, admin_client, monkeypatch):
    new_password = "another long password"
    monkeypatch.setenv("ADMIN_PASSWORD", new_password)
    result = runner.invoke(args=["admin", "reset-password", ADMIN_EMAIL])
    assert result.exit_code == 0 and new_password not in result.output
    assert admin_client.get("/admin/responses").status_code == 302
    assert sign_in(app.test_client(), ADMIN_EMAIL, PASSWORD).status_code == 400
    assert sign_in(app.test_client(), ADMIN_EMAIL, new_password).status_code == 302
    assert runner.invoke(args=["admin", "reset-password", "ghost@example.org"]).exit_code == 1
