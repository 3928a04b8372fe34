"""round reopening: when a closed round was last reopened, and by whom

Revision ID: 4b1d6c0e9a7f
Revises: 4b1c2d3e5f60
Create Date: 2026-12-02 10:00:00.000000

Both columns are empty for every existing round (none has been reopened). Who reopened it is kept as their name
(or e-mail address) at that moment: a record, not a reference to the account.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4b1d6c0e9a7f'
down_revision = '4b1c2d3e5f60'
branch_labels = None
depends_on = None


# Plain ALTER TABLE ADD/DROP COLUMN, no batch mode (see 8293a192bf74: batch mode on SQLite would copy and drop
# `rounds`, deleting every invitation by cascade).
def upgrade():
    op.add_column('rounds', sa.Column('reopened_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('rounds', sa.Column('reopened_by', sa.String(254), nullable=True))


def downgrade():
    op.drop_column('rounds', 'reopened_by')
    op.drop_column('rounds', 'reopened_at')
