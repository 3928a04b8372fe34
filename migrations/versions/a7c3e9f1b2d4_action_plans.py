"""actions: action plans of assessments and clients

Revision ID: a7c3e9f1b2d4
Revises: f1a2b3c4d5e6
Create Date: 2026-12-09 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9f1b2d4'
down_revision = 'f1a2b3c4d5e6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=True),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('topic', sa.String(length=100), nullable=True),
    sa.Column('owner', sa.String(length=200), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=2000), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(assessment_id IS NULL) <> (client_id IS NULL)', name=op.f('ck_actions_one_plan')),
    sa.CheckConstraint(
        "status IN ('planned', 'in_progress', 'done', 'dropped')", name=op.f('ck_actions_known_status')
    ),
    sa.ForeignKeyConstraint(
        ['assessment_id'], ['assessments.id'], name=op.f('fk_actions_assessment_id_assessments'), ondelete='CASCADE'
    ),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_actions_client_id_clients'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actions'))
    )
    op.create_index(op.f('ix_actions_assessment_id'), 'actions', ['assessment_id'], unique=False)
    op.create_index(op.f('ix_actions_client_id'), 'actions', ['client_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_actions_client_id'), table_name='actions')
    op.drop_index(op.f('ix_actions_assessment_id'), table_name='actions')
    op.drop_table('actions')
