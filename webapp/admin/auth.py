"""Who may see the admin area: Flask-Login sessions, a deny-by-default guard, role checks."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, logout_user

from webapp.admin import blueprint
from webapp.extensions import db
from webapp.models import AdminUser
from webapp.redirects import safe_target

login_manager = LoginManager()
# Endpoints of the blueprint open to anyone: the sign-in page only.
PUBLIC_ENDPOINTS = frozenset({"admin.sign_in"})
LAST_SEEN_KEY = "admin_seen"


def init_app(app: Flask) -> None:
    # No app-wide `current_user` in templates: loading the user on every public page would run the
    # session protection there and rewrite the stakeholder's session cookie on every request.
    login_manager.init_app(app, add_context_processor=False)
    login_manager.login_view = "admin.sign_in"
    login_manager.login_message = _l("Sign in to see the admin pages.")
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str) -> AdminUser | None:
    """The session holds "id:version"; a version older than the account's is signed out."""
    try:
        key, version = (int(part) for part in user_id.split(":", 1))
    except ValueError:
        return None
    user = db.session.get(AdminUser, key)
    if user is None or user.session_version != version or not user.active:
        return None
    return user


@blueprint.before_request
def require_sign_in():
    """Deny by default: every admin endpoint but the sign-in page needs a signed-in account."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if idle_too_long():
        logout_user()
        session.clear()
        flash(_("You were signed out after %(minutes)s minutes without activity.", minutes=current_app.config["ADMIN_IDLE_MINUTES"]))
        return redirect(url_for("admin.sign_in", next=request.full_path.rstrip("?")))
    return None


def idle_too_long() -> bool:
    """True when the last admin request of this session is older than ADMIN_IDLE_MINUTES;
    otherwise notes this one (at most once a minute, so the cookie is not rewritten on every page)."""
    now = int(time.time())
    seen = session.get(LAST_SEEN_KEY)
    if isinstance(seen, int) and now - seen > current_app.config["ADMIN_IDLE_MINUTES"] * 60:
        return True
    if not isinstance(seen, int) or now - seen >= 60:
        session[LAST_SEEN_KEY] = now
    return False


@blueprint.context_processor
def signed_in_user() -> dict:
    """`current_user` for the admin templates only."""
    return {"current_user": current_user}


@blueprint.after_request
def no_store(response):
    """Admin pages carry personal data: never cached by the browser or a proxy."""
    response.headers["Cache-Control"] = "no-store"
    return response


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """The admin role: viewers read and export but may not change or delete."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    wrapped.admin_only = True  # type: ignore[attr-defined]  # a marker attribute on the view function
    return wrapped


def safe_next(target: str | None) -> str:
    """A path on this site to go on to after sign-in, never an open redirect."""
    return safe_target(target, url_for("admin.responses"))
