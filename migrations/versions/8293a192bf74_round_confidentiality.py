"""round confidentiality: confidential (or named) and a minimum group size

Revision ID: 8293a192bf74
Revises: c90462b62174
Create Date: 2026-12-01 21:35:00.000000

Rounds that exist before this migration become *named* (confidential = false): they keep showing every figure,
as they did, so nothing changes for a consultant without their doing. New rounds are confidential by default
(the model's default, and the column's server default once the existing rows are filled in). The minimum group
size is 5 for every round, and can never be set below 3.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8293a192bf74'
down_revision = 'c90462b62174'
branch_labels = None
depends_on = None


# Plain ALTER TABLE ADD/DROP COLUMN, no batch mode: on SQLite, batch mode copies the table and drops the old one,
# and with foreign keys on (roadmap.db) dropping `rounds` deletes every invitation of every round by cascade.
ROUNDS = sa.table('rounds', sa.column('confidential', sa.Boolean))


def upgrade():
    # The server default is for new rows: confidential. Existing rounds are then made named, as they were.
    op.add_column('rounds', sa.Column('confidential', sa.Boolean(), server_default='1', nullable=False))
    op.execute(ROUNDS.update().values(confidential=False))
    op.add_column(
        'rounds',
        sa.Column(
            'minimum_group',
            sa.Integer(),
            sa.CheckConstraint('minimum_group >= 3', name=op.f('ck_rounds_minimum_group_at_least_3')),
            server_default='5',
            nullable=False,
        ),
    )


def downgrade():
    op.drop_column('rounds', 'minimum_group')
    op.drop_column('rounds', 'confidential')
