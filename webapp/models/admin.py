"""Admin accounts and the audit log of what admins did to responses and accounts."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import Model
from webapp.responses.model import Response
from webapp.timestamps import UTCDateTime, utcnow


class Role(enum.StrEnum):
    """admin: everything; viewer: reads and exports, never changes or deletes a response."""

    ADMIN = "admin"
    VIEWER = "viewer"


class AdminUser(UserMixin, Model):
    __tablename__ = "admin_users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'viewer')", name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True, comment="Internal key")
    email: Mapped[str] = mapped_column(String(254), unique=True, comment="Sign-in name, stored lower-case")
    password_hash: Mapped[str] = mapped_column(String(255), comment="scrypt hash (werkzeug); the password itself is never stored")
    role: Mapped[str] = mapped_column(String(16), default=Role.VIEWER.value, comment="admin or viewer")
    active: Mapped[bool] = mapped_column(default=True, comment="False: cannot sign in")
    session_version: Mapped[int] = mapped_column(default=1, comment="Bumped on password reset: signs out every open session")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="Account created")
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="Last successful sign-in")

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN.value

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return bool(self.active)

    def get_id(self) -> str:
        # The session holds id and version: a password reset invalidates sessions signed in before it.
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<AdminUser {self.email} {self.role}>"


class AuditEntry(Model):
    """One thing an admin did (or tried): kept when the account or the response is gone."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_action_at", "action", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True, comment="Internal key")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True, comment="When")
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("admin_users.id", ondelete="SET NULL"),
        comment="Admin who acted; null for the command line or a deleted account",
    )
    actor: Mapped[str] = mapped_column(String(254), comment="Who acted, as shown (email, or 'command line')")
    action: Mapped[str] = mapped_column(
        String(32), comment="anonymise, delete, sign_in, sign_in_failed, create_user, reset_password"
    )
    target: Mapped[str | None] = mapped_column(String(254), comment="Response reference or account email acted on")
    detail: Mapped[str | None] = mapped_column(Text, comment="What changed, in plain words (never the removed data itself)")

    def __repr__(self) -> str:
        return f"<AuditEntry {self.at} {self.actor} {self.action} {self.target}>"


# Covering indexes for the admin aggregates: the database answers them from an index alone,
# without reading the rows (which carry the large answers and result JSON). The priority list and
# the counts and sums of benefit and risk read the narrow one; the per-issue criterion figures,
# the what-if ranking (with the instrument versions it rests on) and the actions called for read
# the one that also holds the criterion scores and the actions (a few hundred bytes a response,
# read, never searched). The free-text section of an issue's page counts and pages through the
# responses with answers in the respondent's own words from a third, reading only the rows shown.
Index(
    "ix_responses_aggregate",
    Response.instrument_slug,
    Response.status,
    Response.issue,
    Response.stakeholder_group,
    Response.tier_rank,
    Response.gated,
    Response.benefit,
    Response.risk,
)
Index(
    "ix_responses_scores",
    Response.instrument_slug,
    Response.status,
    Response.issue,
    Response.stakeholder_group,
    Response.gated,
    Response.benefit,
    Response.risk,
    Response.criterion_scores,
    Response.called_for,
    Response.instrument_version,
)
Index(
    "ix_responses_free_text",
    Response.instrument_slug,
    Response.status,
    Response.issue,
    Response.stakeholder_group,
    Response.anonymised,
    Response.free_text_answers,
    Response.tier,
    Response.submitted_at,
    Response.id,
)
