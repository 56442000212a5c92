"""Rate limits (Flask-Limiter): new drafts and score requests per client address, and sign-in
attempts shaped so that nobody can lock the real admin out.

Counts live in Redis when REDIS_URL is set (shared by every process; each count is one atomic
step), else in the process's memory. Every attempt is counted before its password is checked,
so forty concurrent attempts get exactly the limit's number through.

Sign-in is limited three ways:
- per client address, whatever the account: one client trying many accounts is stopped;
- per account, for browsers that have never signed in to it: a slow-down (a few attempts a
  minute), not a lock-out: guessing stays slow, and the real admin is at worst asked to wait;
- per account and known browser: a browser that signed in to the account before carries a signed
  cookie and is counted on its own, so another client's failures never hold it back.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from flask import Flask, current_app, request
from flask_limiter import Limiter
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import RateLimitItem, parse
from werkzeug.wrappers import Response

EXTENSION_KEY = "rate_limits"
KNOWN_BROWSER_COOKIE = "admin_browser"
KNOWN_BROWSER_DAYS = 180
# Endpoint -> the setting holding its limit per client address.
ENDPOINT_LIMITS = {
    "questionnaire.begin": "NEW_DRAFT_LIMIT",
    "api.score": "SCORE_API_LIMIT",
}


def client_address() -> str:
    """The client's address (ProxyFix sets it from X-Forwarded-For behind PROXY_COUNT proxies)."""
    return request.remote_addr or "unknown"


def storage_uri(config: dict) -> str:
    return config.get("RATE_LIMIT_STORAGE_URI") or config.get("REDIS_URL") or "memory://"


def init_app(app: Flask) -> None:
    """A limiter of this app's own, and the per-address limits on the endpoints that create or compute."""
    limiter = Limiter(
        key_func=client_address,
        app=app,
        storage_uri=storage_uri(app.config),
        # A Redis that stops answering must not hold a request (or a worker's shutdown) forever.
        storage_options={"socket_timeout": 2, "socket_connect_timeout": 2} if storage_uri(app.config).startswith("redis") else {},
        strategy="moving-window",
        headers_enabled=True,
        enabled=app.config.get("RATE_LIMITS_ENABLED", True),
    )
    app.extensions[EXTENSION_KEY] = limiter
    for endpoint, setting in ENDPOINT_LIMITS.items():
        view = app.view_functions.get(endpoint)
        if view is not None:
            app.view_functions[endpoint] = limiter.limit(app.config[setting])(view)  # type: ignore[assignment]  # the decorator's annotation also allows async views


def limiter() -> Limiter:
    return current_app.extensions[EXTENSION_KEY]


def _account_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()[:32]


def _browser_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="admin-known-browser")


def known_browser(email: str) -> str | None:
    """The id of this browser when it has signed in to `email`'s account before, else None."""
    cookie = request.cookies.get(KNOWN_BROWSER_COOKIE)
    if not cookie:
        return None
    try:
        account, browser = _browser_serializer().loads(cookie, max_age=KNOWN_BROWSER_DAYS * 86400)
    except (BadSignature, ValueError, TypeError):
        return None
    return browser if account == _account_key(email) else None


def remember_browser(response: Response, email: str) -> None:
    """After a sign-in: mark this browser as known to the account (HttpOnly, signed, path /admin)."""
    value = _browser_serializer().dumps([_account_key(email), secrets.token_hex(8)])
    response.set_cookie(
        KNOWN_BROWSER_COOKIE,
        value,
        max_age=KNOWN_BROWSER_DAYS * 86400,
        path="/admin",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        httponly=True,
        samesite="Lax",
    )


def sign_in_wait(email: str) -> int:
    """Count this sign-in attempt; 0 when it may go ahead, else the seconds to wait before the next."""
    if not limiter().enabled:
        return 0
    config = current_app.config
    account = _account_key(email)
    browser = known_browser(email)
    checks: list[tuple[RateLimitItem, tuple[str, ...]]] = [
        (parse(config["SIGN_IN_ADDRESS_LIMIT"]), ("sign-in-address", client_address()))
    ]
    if browser is not None:
        checks.append((parse(config["SIGN_IN_KNOWN_BROWSER_LIMIT"]), ("sign-in-browser", account, browser)))
    else:
        checks.append((parse(config["SIGN_IN_ACCOUNT_LIMIT"]), ("sign-in-account", account)))
    counter = limiter().limiter
    for item, keys in checks:
        if not counter.hit(item, *keys):
            reset_at = counter.get_window_stats(item, *keys).reset_time
            return max(1, int(reset_at - time.time()) + 1)
    return 0


def reset() -> None:
    """Forget every count (tests, or an operator after an incident)."""
    if limiter().enabled:
        limiter().reset()
