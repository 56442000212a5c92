"""The respondent's resume token in their session cookie, sealed (encrypted and authenticated).

Flask's session cookie is signed, not encrypted: anyone who sees the cookie (a shared computer,
a proxy log, a browser extension) could read a plain token from it and open the answers. The
token is therefore sealed with a key derived from SECRET_KEY (Fernet: AES with an HMAC), so
the cookie holds nothing readable, and a sealed value from another site's key opens nothing.
"""

from __future__ import annotations

import base64
import hashlib
from typing import cast

from cryptography.fernet import Fernet, InvalidToken
from flask import Flask, current_app, session
from flask.blueprints import BlueprintSetupState

from webapp.questionnaire import blueprint

SESSION_KEY = "response_token"
PENDING_KEY = "pending_resume"  # a link opened while another draft was in progress (resume_choice)
_EXTENSION_KEY = "resume_token_seal"


def _fernet() -> Fernet:
    fernet = current_app.extensions.get(_EXTENSION_KEY)
    if fernet is None:
        secret = str(current_app.config["SECRET_KEY"]).encode("utf-8")
        key = base64.urlsafe_b64encode(hashlib.sha256(b"reengage resume-token seal\x00" + secret).digest())
        fernet = current_app.extensions[_EXTENSION_KEY] = Fernet(key)
    return fernet


def seal(token: str) -> str:
    return _fernet().encrypt(token.encode("utf-8")).decode("ascii")


def unseal(sealed: object) -> str | None:
    """The token inside `sealed`, or None when it is not one of ours."""
    if not isinstance(sealed, str) or not sealed:
        return None
    try:
        return _fernet().decrypt(sealed.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError, ValueError):
        return None


def remember(token: str, key: str = SESSION_KEY) -> None:
    session[key] = seal(token)


def recall(key: str = SESSION_KEY) -> str | None:
    return unseal(session.get(key))


def forget(key: str = SESSION_KEY) -> None:
    session.pop(key, None)


@blueprint.record_once
def warm_the_seal(state: BlueprintSetupState) -> None:
    """Seal and open a token once as the app is set up: OpenSSL's first use of the cipher and the
    HMAC costs milliseconds, which a server's first respondent would otherwise wait for (gunicorn
    builds the app before it forks its workers, and they inherit the cipher ready)."""
    with cast(Flask, state.app).app_context():  # the setup state names the app by its sans-IO base class
        if unseal(seal("warm-up")) != "warm-up":
            raise RuntimeError("the resume-token seal does not open what it sealed")
