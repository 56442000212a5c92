"""Rate limits: sign-in per address and per account (never a lock-out of the real admin), new
drafts and score requests per address; a clear 429 with Retry-After."""

from __future__ import annotations

import threading

from tests.conftest import migrated_app
from tests.webapp.admin.conftest import ADMIN_EMAIL, PASSWORD, csrf_from

ATTACKER, ADMIN_DESK = "198.51.100.66", "203.0.113.10"


def attempt(client, email: str, password: str, address: str):  # type: ignore[no-untyped-def]
    page = client.get("/admin/sign-in", environ_base={"REMOTE_ADDR": address})
    return client.post(
        "/admin/sign-in",
        data={"email": email, "password": password, "csrf_token": csrf_from(page.get_data(as_text=True))},
        environ_base={"REMOTE_ADDR": address},
    )


def sign_out(client, address: str) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/admin/responses", environ_base={"REMOTE_ADDR": address})
    answer = client.post("/admin/sign-out", data={"csrf_token": csrf_from(page.get_data(as_text=True))}, environ_base={"REMOTE_ADDR": address})
    assert answer.status_code == 302


def test_one_address_trying_many_accounts_is_stopped(app, accounts):
    client = app.test_client()
    answers = [attempt(client, f"guess{n}@example.org", "wrong password", ATTACKER) for n in range(11)]
    assert [a.status_code for a in answers[:10]] == [400] * 10
    refused = answers[10]
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert "Too many sign-in attempts" in refused.get_data(as_text=True)


def test_an_attacker_slows_guessing_on_an_account_down(app, accounts):
    statuses = [attempt(app.test_client(), ADMIN_EMAIL, "wrong password", f"198.51.100.{n}").status_code for n in range(5)]
    assert statuses[:3] == [400, 400, 400] and statuses[3:] == [429, 429]


def test_an_attacker_cannot_lock_the_real_admin_out(app, accounts):
    admins_browser = app.test_client()
    assert attempt(admins_browser, ADMIN_EMAIL, PASSWORD, ADMIN_DESK).status_code == 302  # this browser is now known
    sign_out(admins_browser, ADMIN_DESK)
    attacker = app.test_client()
    for _ in range(20):
        attempt(attacker, ADMIN_EMAIL, "wrong password", ATTACKER)
    assert attempt(attacker, ADMIN_EMAIL, PASSWORD, ATTACKER).status_code == 429  # even the right password waits
    assert attempt(admins_browser, ADMIN_EMAIL, PASSWORD, ADMIN_DESK).status_code == 302


def test_a_known_browser_cookie_for_another_account_does_not_help(app, accounts):
    from tests.webapp.admin.conftest import VIEWER_EMAIL

    browser = app.test_client()
    assert attempt(browser, VIEWER_EMAIL, PASSWORD, ADMIN_DESK).status_code == 302
    sign_out(browser, ADMIN_DESK)
    statuses = [attempt(browser, ADMIN_EMAIL, "wrong password", f"192.0.2.{n}").status_code for n in range(4)]
    assert statuses[-1] == 429


def allowed_of_forty_concurrent_attempts(app, account: str, address_of) -> int:  # type: ignore[no-untyped-def]
    """Forty sign-in attempts on `account` at once (from `address_of(n)`): how many may go ahead."""
    from webapp import limits

    allowed = []

    def one(number: int) -> None:
        with app.test_request_context(environ_base={"REMOTE_ADDR": address_of(number)}):
            allowed.append(limits.sign_in_wait(account) == 0)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(allowed)


def test_concurrent_attempts_are_counted_atomically(app):
    # SIGN_IN_ACCOUNT_LIMIT: exactly its number, however the requests interleave.
    assert allowed_of_forty_concurrent_attempts(app, "target@example.org", lambda n: ATTACKER) == 3


def test_new_drafts_are_limited_per_address_with_a_clear_page(database_url):
    for app in migrated_app(database_url, NEW_DRAFT_LIMIT="2 per hour"):
        client = app.test_client()
        statuses = []
        for _ in range(3):
            page = client.get("/")
            statuses.append(client.post("/start", data={"csrf_token": csrf_from(page.get_data(as_text=True))}))
        assert [a.status_code for a in statuses] == [302, 302, 429]
        assert int(statuses[2].headers["Retry-After"]) > 0
        assert "Too many requests" in statuses[2].get_data(as_text=True)
        other = client.get("/", environ_base={"REMOTE_ADDR": "192.0.2.50"})
        assert other.status_code == 200


def test_score_requests_are_limited_per_address(database_url):
    for app in migrated_app(database_url, SCORE_API_LIMIT="2 per minute"):
        client = app.test_client()
        url = "/api/v1/instruments/canada-russia-2020/score"
        answers = [client.post(url, json={"answers": {}}) for _ in range(3)]
        assert [a.status_code for a in answers] == [400, 400, 429]
        assert answers[2].get_json()["error"] == "Too many requests"
        assert int(answers[2].headers["Retry-After"]) > 0


def test_every_limited_endpoint_exists(app):
    """A renamed view would silently lose its limit: the table must name real endpoints."""
    from webapp.limits import ENDPOINT_LIMITS

    assert set(ENDPOINT_LIMITS) <= set(app.view_functions)


def test_counts_live_in_redis_when_redis_url_is_set():
    from webapp.limits import storage_uri

    assert storage_uri({"REDIS_URL": "redis://cache:6379/0"}) == "redis://cache:6379/0"
    assert storage_uri({"REDIS_URL": ""}) == "memory://"
    assert storage_uri({"RATE_LIMIT_STORAGE_URI": "redis://other/1", "REDIS_URL": "redis://cache/0"}) == "redis://other/1"


def test_concurrent_attempts_are_counted_atomically_in_redis(database_url):
    import uuid

    import pytest
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/12", socket_timeout=1, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    for app in migrated_app(database_url, RATE_LIMIT_STORAGE_URI="redis://127.0.0.1:6379/12"):
        run = uuid.uuid4().hex  # fresh counts: Redis outlives the test
        assert allowed_of_forty_concurrent_attempts(app, f"{run}@example.org", lambda n, run=run: f"{run}-{n}") == 3
