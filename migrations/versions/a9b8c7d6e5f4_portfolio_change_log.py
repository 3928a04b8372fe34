"""portfolio_stamp and portfolio_changes: which clients changed, so every process may keep its portfolio figures

Revision ID: a9b8c7d6e5f4
Revises: c3d4e5f6a7b8
Create Date: 2026-12-02 15:00:00.000000

The stamp's one row is made here with a new epoch and value 0: processes that kept figures of the database before
this revision read everything again (their epoch is none).
"""
import uuid

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9b8c7d6e5f4'
down_revision = 'c3d4e5f6a7b8'
branch_labels = None
depends_on = None


def upgrade():
    stamp = op.create_table('portfolio_stamp',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('epoch', sa.String(length=32), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('pruned', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portfolio_stamp'))
    )
    op.create_table('portfolio_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portfolio_changes'))
    )
    with op.batch_alter_table('portfolio_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portfolio_changes_seq'), ['seq'], unique=False)
    op.bulk_insert(stamp, [{'id': 1, 'epoch': uuid.uuid4().hex, 'value': 0, 'pruned': 0}])


def downgrade():
    with op.batch_alter_table('portfolio_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portfolio_changes_seq'))
    op.drop_table('portfolio_changes')
    op.drop_table('portfolio_stamp')
