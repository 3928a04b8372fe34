"""invitation e-mail, delivery of messages, round deadline and reminders, client language

Revision ID: b4c1d2e3f405
Revises: c90462b62174
Create Date: 2026-11-30 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4c1d2e3f405'
down_revision = 'c90462b62174'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), server_default='en', nullable=False))
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadline', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('reminder_days', sa.JSON(), nullable=True))
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('reminders_stopped_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('invitation_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_invitation_messages_invitation_id_invitations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation_messages'))
    )
    with op.batch_alter_table('invitation_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_messages_invitation_id'), ['invitation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('invitation_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_messages_invitation_id'))
    op.drop_table('invitation_messages')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_column('reminders_stopped_at')
        batch_op.drop_column('language')
        batch_op.drop_column('email')
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.drop_column('reminder_days')
        batch_op.drop_column('deadline')
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_column('language')
