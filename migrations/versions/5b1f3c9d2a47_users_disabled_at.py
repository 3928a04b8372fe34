"""users.disabled_at: accounts an admin has disabled

Revision ID: 5b1f3c9d2a47
Revises: 8293a192bf74
Create Date: 2026-12-01 21:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1f3c9d2a47'
down_revision = '8293a192bf74'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN: a batch (copy and drop) of users would cascade to their clients on SQLite.
    op.add_column('users', sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    op.drop_column('users', 'disabled_at')
