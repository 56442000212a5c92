"""the number of free-text answers of each response, in a column of its own, with an index for the
free-text section of an issue's page

Revision ID: f7a3c1d9e2b4
Revises: aeb0c118ed98
Create Date: 2026-12-05 03:30:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "f7a3c1d9e2b4"
down_revision = "aeb0c118ed98"
branch_labels = None
depends_on = None

BATCH = 1000
FREE_TEXT_INDEX = [
    "instrument_slug",
    "status",
    "issue",
    "stakeholder_group",
    "anonymised",
    "free_text_answers",
    "tier",
    "submitted_at",
    "id",
]
responses = sa.table(
    "responses",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("anonymised", sa.Boolean),
    sa.column("instrument_slug", sa.String),
    sa.column("instrument_version", sa.String),
    sa.column("answers", sa.JSON),
    sa.column("free_text_answers", sa.Integer),
)


def _fill_free_text_answers(connection):
    """Each submitted, non-anonymised response's count as a submission counts it (with the
    instrument version it was answered on, else the one served), in batches of BATCH rows."""
    from webapp.instruments import registry
    from webapp.responses.scoring import free_text_answers

    store = responses.update().where(responses.c.id == sa.bindparam("row_id")).values(free_text_answers=sa.bindparam("written"))
    last = 0
    while True:
        rows = connection.execute(
            sa.select(responses.c.id, responses.c.instrument_slug, responses.c.instrument_version, responses.c.answers)
            .where(responses.c.status == "submitted", responses.c.anonymised.is_(False), responses.c.id > last)
            .order_by(responses.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        counts = []
        for row in rows:
            instrument = registry().answered_on(row.instrument_slug, row.instrument_version)
            written = len(free_text_answers(instrument, row.answers or {})) if instrument is not None else 0
            if written:
                counts.append({"row_id": row.id, "written": written})
        if counts:
            connection.execute(store, counts)
        last = rows[-1].id


def upgrade():
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "free_text_answers",
                sa.Integer(),
                server_default="0",
                nullable=False,
                comment="Answers written in the respondent's own words (long text, not blank); 0 for drafts and once anonymised",
            )
        )
    _fill_free_text_answers(op.get_bind())
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index("ix_responses_free_text", FREE_TEXT_INDEX, unique=False)


def downgrade():
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_index("ix_responses_free_text")
        batch_op.drop_column("free_text_answers")
