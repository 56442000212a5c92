"""Admin sessions end on the server: sign-out ends every session of the account; idle sessions expire."""

from __future__ import annotations

import time

from tests.webapp.admin.conftest import ADMIN_EMAIL, csrf_from, sign_in


def session_cookie(client) -> str:  # type: ignore[no-untyped-def]
    return client.get_cookie("session").value


def test_a_cookie_copied_before_sign_out_opens_nothing_after(app, admin_client):
    copied = session_cookie(admin_client)
    other_device = app.test_client()
    assert sign_in(other_device, ADMIN_EMAIL).status_code == 302
    page = admin_client.get("/admin/responses")
    assert admin_client.post("/admin/sign-out", data={"csrf_token": csrf_from(page.get_data(as_text=True))}).status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/admin/responses").status_code == 302
    assert other_device.get("/admin/responses").status_code == 302  # every session of the account ends


def test_an_idle_session_expires(app, admin_client):
    assert admin_client.get("/admin/responses").status_code == 200
    with admin_client.session_transaction() as session:
        session["admin_seen"] = int(time.time()) - (app.config["ADMIN_IDLE_MINUTES"] * 60 + 5)
    answer = admin_client.get("/admin/responses")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/admin/sign-in")
    page = admin_client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "without activity" in page
    assert admin_client.get("/admin/responses").status_code == 302


def test_an_active_session_stays(app, admin_client):
    with admin_client.session_transaction() as session:
        session["admin_seen"] = int(time.time()) - 60
    assert admin_client.get("/admin/responses").status_code == 200

