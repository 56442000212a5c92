"""the channels and safeguards called for, in a column of their own; a covering index holds them
and the criterion scores for the admin aggregates

Revision ID: aeb0c118ed98
Revises: cd001a6a57fd
Create Date: 2026-12-12 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = 'aeb0c118ed98'
down_revision = 'cd001a6a57fd'
branch_labels = None
depends_on = None

BATCH = 1000
JSON_TYPE = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), 'postgresql')
SCORES_INDEX = ['instrument_slug', 'status', 'issue', 'stakeholder_group', 'gated', 'benefit', 'risk', 'criterion_scores', 'called_for', 'instrument_version']
KINDS = ('channels', 'safeguards')
responses = sa.table(
    'responses', sa.column('id', sa.Integer), sa.column('status', sa.String), sa.column('result', sa.JSON), sa.column('called_for', JSON_TYPE),
)


def _fill_called_for(connection):
    """Each submitted response's actions, read from its stored result, in batches of BATCH rows."""
    store = responses.update().where(responses.c.id == sa.bindparam('row_id')).values(called_for=sa.bindparam('actions', type_=JSON_TYPE))
    last = 0
    while True:
        rows = connection.execute(
            sa.select(responses.c.id, responses.c.result)
            .where(responses.c.status == 'submitted', responses.c.id > last).order_by(responses.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        actions = [
            {'row_id': row.id, 'actions': {kind: [a['id'] for a in (row.result or {}).get(kind) or [] if 'id' in a] for kind in KINDS}}
            for row in rows
        ]
        connection.execute(store, actions)
        last = rows[-1].id


def upgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('called_for', JSON_TYPE, nullable=True, comment='Ids of the channels and safeguards the result calls for: {channels: [...], safeguards: [...]}; null for drafts'))
    _fill_called_for(op.get_bind())
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.create_index('ix_responses_scores', SCORES_INDEX, unique=False)


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index('ix_responses_scores')
        batch_op.drop_column('called_for')
