"""Writes of the admin area: accounts, sign-in, anonymising and deleting responses, the audit log.

Views and commands call these; each change and its audit entry are committed together.
"""

from __future__ import annotations

from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from forms.model import Instrument
from webapp.cache import forget_response
from webapp.extensions import db
from webapp.models import AdminUser, AuditEntry, Response, Role
from webapp.timestamps import utcnow

PASSWORD_METHOD = "scrypt"  # nosec B105 # the name of a hashing method, not a password
MIN_PASSWORD_LENGTH = 12
COMMAND_LINE = "command line"
SIGN_IN_FORM = "sign-in form (not signed in)"
# A hash to check against when the account does not exist, so that timing does not tell.
_DUMMY_HASH = generate_password_hash("not-a-password", method=PASSWORD_METHOD)


class AccountError(ValueError):
    """An account change that cannot be made; the message says why."""


def record(
    action: str, actor: AdminUser | None, target: str | None = None, detail: str | None = None, source: str = COMMAND_LINE
) -> AuditEntry:
    """Add an audit entry to the session; the caller commits it with the change it records.

    Without an account, `source` says where the action came from (the command line, the sign-in form).
    """
    entry = AuditEntry(
        action=action,
        actor_id=actor.id if actor is not None else None,
        actor=actor.email if actor is not None else source,
        target=target,
        detail=detail,
    )
    db.session.add(entry)
    return entry


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")


def create_admin(email: str, password: str, role: str = Role.ADMIN.value) -> AdminUser:
    email = normalise_email(email)
    if "@" not in email:
        raise AccountError("Give an email address as the account name.")
    if role not in (Role.ADMIN.value, Role.VIEWER.value):
        raise AccountError("The role must be 'admin' or 'viewer'.")
    check_password_strength(password)
    if db.session.scalar(select(AdminUser).filter_by(email=email)) is not None:
        raise AccountError(f"An account for {email} already exists.")
    user = AdminUser(email=email, password_hash=generate_password_hash(password, method=PASSWORD_METHOD), role=role)
    db.session.add(user)
    record("create_user", None, email, f"role {role}")
    db.session.commit()
    return user


def reset_password(email: str, password: str) -> AdminUser:
    """Set a new password and sign the account out of every open session."""
    check_password_strength(password)
    user = db.session.scalar(select(AdminUser).filter_by(email=normalise_email(email)))
    if user is None:
        raise AccountError(f"There is no account for {normalise_email(email)}.")
    user.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
    user.session_version += 1
    record("reset_password", None, user.email)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> AdminUser | None:
    """The account when the password matches (and it is active); every attempt is logged."""
    email = normalise_email(email)[:254]
    user = db.session.scalar(select(AdminUser).filter_by(email=email))
    ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not ok or not user.active:
        record("sign_in_failed", None, email, source=SIGN_IN_FORM)
        db.session.commit()
        return None
    user.last_sign_in_at = utcnow()
    record("sign_in", user, email)
    db.session.commit()
    return user


def record_export(actor: AdminUser, kind: str, filters: object, rows: int | None) -> None:
    """Log an export (who, which format, which filters, how many rows): exports carry organisations and free text."""
    chosen = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in vars(filters).items() if v not in (None, "")} if filters else {}
    shown = ", ".join(f"{k}={v}" for k, v in sorted(chosen.items())) or "none"
    record("export", actor, kind, f"filters: {shown}; rows: {'-' if rows is None else rows}"[:2000])
    db.session.commit()


def end_every_session(user: AdminUser) -> None:
    """Sign the account out everywhere: every session holds the version it signed in with."""
    db.session.execute(update(AdminUser).where(AdminUser.id == user.id).values(session_version=AdminUser.session_version + 1))
    db.session.commit()


def free_text_questions(instrument: Instrument | None) -> set[str]:
    """Questions whose answers are free text (organisation, comments): what anonymising drops."""
    if instrument is None:
        return {"organisation"}
    return {q.id for q in instrument.questions.values() if not q.is_choice}


def anonymise_response(response: Response, actor: AdminUser, instrument: Instrument | None) -> list[str]:
    """Drop the organisation and every free-text answer; keep choices and scores. Returns what was dropped."""
    text_ids = free_text_questions(instrument)
    dropped = sorted(qid for qid in (response.answers or {}) if qid in text_ids)
    response.answers = {qid: value for qid, value in (response.answers or {}).items() if qid not in text_ids}
    if response.organisation:
        dropped = sorted({*dropped, "organisation"})
    response.organisation = None
    if response.result and "answers" in response.result:
        response.result = {
            **response.result,
            "answers": {k: v for k, v in response.result["answers"].items() if k not in text_ids},
        }
    response.anonymised = True
    response.free_text_answers = 0
    cached = forget_response(response.reference)
    record("anonymise", actor, response.reference, "dropped: " + (", ".join(dropped) or "nothing (no free text)") + f"; cached documents removed: {cached}")
    db.session.commit()
    return dropped


def delete_response(response: Response, actor: AdminUser) -> None:
    """Delete a response; the audit entry keeps only its reference."""
    summary = f"{response.status}, issue {response.issue}, group {response.stakeholder_group}"
    db.session.delete(response)
    forget_response(response.reference)
    record("delete", actor, response.reference, summary)
    db.session.commit()
