"""criterion scores with each response: one JSON column instead of a row per criterion

Revision ID: cd001a6a57fd
Revises: 7b3e9c2a4f10
Create Date: 2026-12-12 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = 'cd001a6a57fd'
down_revision = '7b3e9c2a4f10'
branch_labels = None
depends_on = None

BATCH = 1000
SCORES_TYPE = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), 'postgresql')
responses = sa.table(
    'responses',
    sa.column('id', sa.Integer), sa.column('criterion_scores', SCORES_TYPE), sa.column('result', sa.JSON),
)
criterion_results = sa.table(
    'criterion_results',
    sa.column('response_id', sa.Integer), sa.column('criterion', sa.String), sa.column('side', sa.String),
    sa.column('score', sa.Double), sa.column('drivers', sa.Text),
)


def _response_batches(connection, where):
    """Lists of at most BATCH rows of `responses` (id, criterion_scores, result) matching `where`, in id order."""
    last = 0
    while True:
        rows = connection.execute(
            sa.select(responses.c.id, responses.c.criterion_scores, responses.c.result)
            .where(where, responses.c.id > last).order_by(responses.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        yield rows
        last = rows[-1].id


def upgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('criterion_scores', SCORES_TYPE, nullable=True, comment='Score 0-100 of each criterion by id (null when no answer scored it); null for drafts'))

    connection = op.get_bind()
    has_rows = sa.exists().where(criterion_results.c.response_id == responses.c.id)
    store = responses.update().where(responses.c.id == sa.bindparam('row_id')).values(
        criterion_scores=sa.bindparam('scores', type_=SCORES_TYPE)
    )
    for batch in _response_batches(connection, has_rows):
        scores = {row.id: {} for row in batch}
        found = connection.execute(
            sa.select(criterion_results.c.response_id, criterion_results.c.criterion, criterion_results.c.score)
            .where(criterion_results.c.response_id.between(batch[0].id, batch[-1].id))
            .order_by(criterion_results.c.response_id, criterion_results.c.criterion)
        )
        for response_id, criterion, score in found:
            if response_id in scores:
                scores[response_id][criterion] = score
        connection.execute(store, [{'row_id': key, 'scores': value} for key, value in scores.items()])

    op.drop_table('criterion_results')


def _restored_rows(row):
    """The criterion rows of one response: scores from the column, sides and drivers from the stored result."""
    shown = {c.get('id'): c for c in (row.result or {}).get('criteria', [])}
    for criterion, score in (row.criterion_scores or {}).items():
        # Each shipped instrument names its criteria B1.. (benefit) and R1.. (risk).
        side = shown.get(criterion, {}).get('side') or ('benefit' if criterion.startswith('B') else 'risk')
        drivers = ','.join(d['question'] for d in shown.get(criterion, {}).get('drivers', [])) or None
        yield {'response_id': row.id, 'criterion': criterion, 'side': side, 'score': score, 'drivers': drivers}


def downgrade():
    op.create_table('criterion_results',
    sa.Column('response_id', sa.Integer(), nullable=False, comment='Response'),
    sa.Column('criterion', sa.String(length=16), nullable=False, comment='Criterion id (B1..R7)'),
    sa.Column('side', sa.String(length=8), nullable=False, comment='benefit or risk'),
    sa.Column('score', sa.Double(), nullable=True, comment='0-100; null when no answer scored it'),
    sa.Column('drivers', sa.Text(), nullable=True, comment='Question ids that drove the score, comma-separated'),
    sa.CheckConstraint('score IS NULL OR (score >= 0 AND score <= 100)', name=op.f('ck_criterion_results_score_bounded')),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_criterion_results_response_id_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', 'criterion', name=op.f('pk_criterion_results'))
    )
    with op.batch_alter_table('criterion_results', schema=None) as batch_op:
        batch_op.create_index('ix_criterion_results_criterion', ['criterion', 'response_id'], unique=False)
        batch_op.create_index('ix_criterion_results_scores', ['response_id', 'criterion', 'score'], unique=False)

    connection = op.get_bind()
    for batch in _response_batches(connection, responses.c.criterion_scores.isnot(None)):
        rows = [restored for row in batch for restored in _restored_rows(row)]
        if rows:
            connection.execute(criterion_results.insert(), rows)

    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_column('criterion_scores')
