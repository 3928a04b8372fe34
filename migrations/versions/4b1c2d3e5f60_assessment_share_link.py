"""assessment share link: the hash of a read-only share token and when it was made

Revision ID: 4b1c2d3e5f60
Revises: b4c1d2e3f405
Create Date: 2026-12-02 10:00:00.000000

Both columns are null for every existing assessment: nobody has a share link until the owner makes one.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4b1c2d3e5f60'
down_revision = 'b4c1d2e3f405'
branch_labels = None
depends_on = None


# Plain ADD/DROP COLUMN, no batch mode (see 8293a192bf74: batch mode on SQLite copies and drops the table).
def upgrade():
    op.add_column('assessments', sa.Column('share_token_hash', sa.String(length=64), nullable=True))
    op.add_column('assessments', sa.Column('shared_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index(op.f('ix_assessments_share_token_hash'), 'assessments', ['share_token_hash'], unique=True)


def downgrade():
    op.drop_index(op.f('ix_assessments_share_token_hash'), table_name='assessments')
    op.drop_column('assessments', 'shared_at')
    op.drop_column('assessments', 'share_token_hash')
