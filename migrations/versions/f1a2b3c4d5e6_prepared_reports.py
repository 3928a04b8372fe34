"""round_report_cache and report_renders: round reports shared by every process, and reports being made now

Revision ID: f1a2b3c4d5e6
Revises: d5e6f7a8b901
Create Date: 2026-12-02 02:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1a2b3c4d5e6'
down_revision = 'd5e6f7a8b901'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('round_report_cache',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_round_report_cache_round_id_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_report_cache')),
    sa.UniqueConstraint('round_id', 'language', name=op.f('uq_round_report_cache_round_id'))
    )
    op.create_table('report_renders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=64), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_renders')),
    sa.UniqueConstraint('subject', 'key', name=op.f('uq_report_renders_subject'))
    )


def downgrade():
    op.drop_table('report_renders')
    op.drop_table('round_report_cache')
