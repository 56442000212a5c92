"""criterion scores in the covering index of the admin aggregates

Revision ID: aeb0c118ed98
Revises: cd001a6a57fd
Create Date: 2026-12-12 14:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'aeb0c118ed98'
down_revision = 'cd001a6a57fd'
branch_labels = None
depends_on = None

AGGREGATED = ['instrument_slug', 'status', 'issue', 'stakeholder_group', 'tier_rank', 'gated', 'benefit', 'risk']


def upgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index('ix_responses_aggregate')
        batch_op.create_index('ix_responses_aggregate', [*AGGREGATED, 'criterion_scores'], unique=False)


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index('ix_responses_aggregate')
        batch_op.create_index('ix_responses_aggregate', AGGREGATED, unique=False)
