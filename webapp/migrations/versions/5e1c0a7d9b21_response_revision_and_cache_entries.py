"""response revision and cache entries

Revision ID: 5e1c0a7d9b21
Revises: ab4ffb07f633
Create Date: 2026-11-25 12:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e1c0a7d9b21'
down_revision = 'ab4ffb07f633'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cache_entries',
    sa.Column('key', sa.String(length=200), nullable=False, comment='Cache key, e.g. report-pdf:<template version>:<digest>'),
    sa.Column('value', sa.LargeBinary(), nullable=False, comment='Cached bytes'),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False, comment='Entry is ignored, then purged, after this time'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_cache_entries'))
    )
    with op.batch_alter_table('cache_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cache_entries_expires_at'), ['expires_at'], unique=False)

    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='0', nullable=False, comment='Bumped on every save: a save based on an older revision is retried, never lost'))
        batch_op.alter_column('current_step',
               existing_type=sa.String(length=64),
               comment="Furthest step reached (resume there); '_review' once every step was passed",
               existing_comment='Step to resume at',
               existing_nullable=True)


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.alter_column('current_step',
               existing_type=sa.String(length=64),
               comment='Step to resume at',
               existing_comment="Furthest step reached (resume there); '_review' once every step was passed",
               existing_nullable=True)
        batch_op.drop_column('revision')

    with op.batch_alter_table('cache_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cache_entries_expires_at'))

    op.drop_table('cache_entries')
