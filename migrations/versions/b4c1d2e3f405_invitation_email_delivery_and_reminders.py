"""invitation e-mail, delivery of messages, round deadline and reminders, client language

Revision ID: b4c1d2e3f405
Revises: 5b1f3c9d2a47
Create Date: 2026-11-30 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4c1d2e3f405'
down_revision = '5b1f3c9d2a47'
branch_labels = None
depends_on = None


# Plain ALTER TABLE ADD/DROP COLUMN, no batch mode: on SQLite, batch mode copies a table and drops the old one,
# and with foreign keys on (roadmap.db) dropping `rounds` or `clients` deletes what hangs off them by cascade.
def upgrade():
    op.add_column('clients', sa.Column('language', sa.String(length=5), server_default='en', nullable=False))
    op.add_column('rounds', sa.Column('deadline', sa.Date(), nullable=True))
    op.add_column('rounds', sa.Column('reminder_days', sa.JSON(), nullable=True))
    op.add_column('invitations', sa.Column('email', sa.String(length=254), nullable=True))
    op.add_column('invitations', sa.Column('language', sa.String(length=5), nullable=True))
    op.add_column('invitations', sa.Column('reminders_stopped_at', sa.DateTime(timezone=True), nullable=True))
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
    for column in ('reminders_stopped_at', 'language', 'email'):
        op.drop_column('invitations', column)
    op.drop_column('rounds', 'reminder_days')
    op.drop_column('rounds', 'deadline')
    op.drop_column('clients', 'language')
