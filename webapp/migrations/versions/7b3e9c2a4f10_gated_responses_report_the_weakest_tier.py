"""gated responses report the weakest tier; the tier from the scores alone has its own columns

Revision ID: 7b3e9c2a4f10
Revises: 5e1c0a7d9b21
Create Date: 2026-12-04 21:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7b3e9c2a4f10'
down_revision = '5e1c0a7d9b21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scored_tier', sa.String(length=32), nullable=True, comment='Tier from the scores alone, before the red line (the matrix cell); never the recommendation'))
        batch_op.add_column(sa.Column('scored_tier_rank', sa.Integer(), nullable=True, comment='Rank of the tier from the scores alone, before the red line'))
    responses = sa.table(
        'responses',
        sa.column('tier', sa.String), sa.column('tier_rank', sa.Integer), sa.column('gated', sa.Boolean),
        sa.column('scored_tier', sa.String), sa.column('scored_tier_rank', sa.Integer), sa.column('instrument_slug', sa.String),
    )
    op.execute(responses.update().values(scored_tier=responses.c.tier, scored_tier_rank=responses.c.tier_rank))
    # A gated response recommends the weakest tier: its id is the one its instrument gives rank 0
    # (taken from any response on rank 0 of that instrument; every shipped instrument calls it 'hold').
    weakest = sa.select(sa.func.min(sa.text('r0.tier'))).select_from(sa.text('responses AS r0')).where(
        sa.text('r0.tier_rank = 0 AND r0.instrument_slug = responses.instrument_slug')
    ).scalar_subquery()
    op.execute(
        responses.update()
        .where(responses.c.gated.is_(True), responses.c.tier_rank.isnot(None))
        .values(tier=sa.func.coalesce(weakest, 'hold'), tier_rank=0)
    )
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.create_check_constraint('gated_is_weakest', 'NOT gated OR tier_rank IS NULL OR tier_rank = 0')
        batch_op.alter_column('tier', existing_type=sa.String(length=32), comment='Recommended tier at submission: the weakest when a red line was hit', existing_comment='Matrix tier at submission', existing_nullable=True)
        batch_op.alter_column('tier_rank', existing_type=sa.Integer(), comment='Rank of the recommended tier, 0 = weakest (always 0 when gated)', existing_comment='Tier rank, 0 = weakest', existing_nullable=True)


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_responses_gated_is_weakest'), type_='check')
    responses = sa.table(
        'responses', sa.column('tier', sa.String), sa.column('tier_rank', sa.Integer),
        sa.column('scored_tier', sa.String), sa.column('scored_tier_rank', sa.Integer),
    )
    op.execute(
        responses.update().where(responses.c.scored_tier.isnot(None)).values(tier=responses.c.scored_tier, tier_rank=responses.c.scored_tier_rank)
    )
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_column('scored_tier_rank')
        batch_op.drop_column('scored_tier')
