"""A stakeholder's response: the draft they fill in step by step, then the submitted result.

Scores are stored in columns (benefit, risk, tier), and the criterion scores and the channels and
safeguards called for in small JSON columns beside them, so that SQL aggregates them from one row
per response (or from an index holding them); the full result is kept as JSON too, so that an old
result reads the same after an edit of the instrument.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Index, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import Model, db
from webapp.timestamps import UTCDateTime, utcnow

# The small JSON the aggregates read: JSONB on PostgreSQL, whose fields are read without parsing
# the text again. None is stored as SQL NULL (a draft has no result), not as the JSON value null.
AGGREGATED_JSON = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


class ResponseStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Response(Model):
    __tablename__ = "responses"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'submitted')", name="status_known"),
        CheckConstraint("status = 'draft' OR (submitted_at IS NOT NULL AND tier IS NOT NULL)", name="submitted_has_result"),
        # A red line overrides the scores everywhere: a gated response's tier is the weakest.
        CheckConstraint("NOT gated OR tier_rank IS NULL OR tier_rank = 0", name="gated_is_weakest"),
        Index("ix_responses_issue_group", "instrument_slug", "issue", "stakeholder_group"),
        Index("ix_responses_status_submitted", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="Internal key")
    reference: Mapped[str] = mapped_column(String(20), unique=True, comment="Reference shown to the respondent and on the PDF")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, comment="SHA-256 of the private resume token; the token itself is never stored")
    instrument_slug: Mapped[str] = mapped_column(String(64), comment="Instrument answered")
    instrument_version: Mapped[str] = mapped_column(String(32), comment="Instrument version the answers were given on")
    language: Mapped[str] = mapped_column(String(8), default="en", comment="Language the respondent used")
    status: Mapped[str] = mapped_column(String(16), default=ResponseStatus.DRAFT.value, comment="draft or submitted")
    issue: Mapped[str | None] = mapped_column(String(64), comment="Issue the response is about (profile answer)")
    stakeholder_group: Mapped[str | None] = mapped_column(String(64), comment="Respondent's stakeholder group (profile answer)")
    organisation: Mapped[str | None] = mapped_column(String(200), comment="Organisation, optional; dropped when anonymised")
    answers: Mapped[dict] = mapped_column(db.JSON, default=dict, comment="Answers on the path, by question id")
    current_step: Mapped[str | None] = mapped_column(String(64), comment="Furthest step reached (resume there); '_review' once every step was passed")
    revision: Mapped[int] = mapped_column(server_default="0", comment="Bumped on every save: a save based on an older revision is retried, never lost")
    benefit: Mapped[float | None] = mapped_column(comment="Benefit score 0-100 at submission")
    risk: Mapped[float | None] = mapped_column(comment="Risk score 0-100 at submission")
    tier: Mapped[str | None] = mapped_column(String(32), comment="Recommended tier at submission: the weakest when a red line was hit")
    tier_rank: Mapped[int | None] = mapped_column(comment="Rank of the recommended tier, 0 = weakest (always 0 when gated)")
    scored_tier: Mapped[str | None] = mapped_column(
        String(32), comment="Tier from the scores alone, before the red line (the matrix cell); never the recommendation"
    )
    scored_tier_rank: Mapped[int | None] = mapped_column(comment="Rank of the tier from the scores alone, before the red line")
    gated: Mapped[bool] = mapped_column(default=False, comment="A red-line gate fired")
    confidence: Mapped[float | None] = mapped_column(comment="Share of weighted questions answered, 0-1")
    criterion_scores: Mapped[dict[str, float | None] | None] = mapped_column(
        AGGREGATED_JSON, comment="Score 0-100 of each criterion by id (null when no answer scored it); null for drafts"
    )
    called_for: Mapped[dict[str, list[str]] | None] = mapped_column(
        AGGREGATED_JSON, comment="Ids of the channels and safeguards the result calls for: {channels: [...], safeguards: [...]}; null for drafts"
    )
    result: Mapped[dict | None] = mapped_column(db.JSON, comment="The result as JSON (English texts), kept as submitted")
    anonymised: Mapped[bool] = mapped_column(default=False, comment="Organisation and free text dropped by an admin")
    free_text_answers: Mapped[int] = mapped_column(
        default=0, server_default="0", comment="Answers written in the respondent's own words (long text, not blank); 0 for drafts and once anonymised"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, comment="Draft started")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, comment="Last save")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="Submission time; null for drafts")

    # Every ORM UPDATE is guarded by the revision it read and bumps it: a write based on a row that
    # another request changed meanwhile matches nothing and raises StaleDataError (see `store`).
    __mapper_args__ = {"version_id_col": revision}

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED.value

    def __repr__(self) -> str:
        return f"<Response {self.reference} {self.status} {self.issue}/{self.stakeholder_group}>"
