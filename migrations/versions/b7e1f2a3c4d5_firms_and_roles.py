"""firms: members by role, clients of the firm with a lead and assigned members, the brand, member invitations

Revision ID: b7e1f2a3c4d5
Revises: a7c3e9f1b2d4
Create Date: 2026-12-02 06:00:00.000000

Every existing account becomes the admin of a firm of its own, named as its `users.firm` was (no name when that
was empty, as before), and every client belongs to its consultant's firm with that consultant as its lead: nothing
is lost and every link keeps working. `users.firm` moves to `firms.name`.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e1f2a3c4d5'
down_revision = 'a7c3e9f1b2d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('firms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('accent', sa.String(length=7), nullable=True),
    sa.Column('logo', sa.LargeBinary(), nullable=True),
    sa.Column('logo_type', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_firms'))
    )
    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(
        "role IN ('admin', 'partner', 'consultant', 'viewer')", name=op.f('ck_memberships_known_role')
    ),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_memberships_firm_id_firms'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships')),
    sa.UniqueConstraint('user_id', name=op.f('uq_memberships_user_id'))
    )
    op.create_index(op.f('ix_memberships_firm_id'), 'memberships', ['firm_id'], unique=False)
    op.create_table('member_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(
        ['firm_id'], ['firms.id'], name=op.f('fk_member_invitations_firm_id_firms'), ondelete='CASCADE'
    ),
    sa.ForeignKeyConstraint(
        ['invited_by_id'], ['users.id'], name=op.f('fk_member_invitations_invited_by_id_users'), ondelete='SET NULL'
    ),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_invitations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_member_invitations_token_hash'))
    )
    op.create_index(op.f('ix_member_invitations_firm_id'), 'member_invitations', ['firm_id'], unique=False)
    op.create_table('client_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(
        ['client_id'], ['clients.id'], name=op.f('fk_client_members_client_id_clients'), ondelete='CASCADE'
    ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_client_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client_members')),
    sa.UniqueConstraint('client_id', 'user_id', name=op.f('uq_client_members_client_id'))
    )
    op.create_index(op.f('ix_client_members_client_id'), 'client_members', ['client_id'], unique=False)
    op.create_index(op.f('ix_client_members_user_id'), 'client_members', ['user_id'], unique=False)

    # Plain ALTER TABLE, no batch mode (see 8293a192bf74: batch mode on SQLite copies and drops the table, and the
    # cascades with it). SQLite adds a column with its reference only inline, so that is written out for it.
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(
            'ALTER TABLE clients ADD COLUMN firm_id INTEGER '
            'CONSTRAINT fk_clients_firm_id_firms REFERENCES firms (id) ON DELETE CASCADE'
        )
    else:
        op.add_column('clients', sa.Column('firm_id', sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f('fk_clients_firm_id_firms'), 'clients', 'firms', ['firm_id'], ['id'], ondelete='CASCADE'
        )
    op.create_index(op.f('ix_clients_firm_id'), 'clients', ['firm_id'], unique=False)
    op.add_column('clients', sa.Column('logo', sa.LargeBinary(), nullable=True))
    op.add_column('clients', sa.Column('logo_type', sa.String(length=20), nullable=True))

    _a_firm_for_every_account()
    op.drop_column('users', 'firm')


def _a_firm_for_every_account():
    """Each account the admin of a firm of its own, named as its old `firm` was."""
    bind = op.get_bind()
    users = sa.table('users', sa.column('id'), sa.column('firm'), sa.column('created_at'))
    firms = sa.table('firms', sa.column('id'), sa.column('name'), sa.column('created_at'))
    memberships = sa.table('memberships', sa.column('user_id'), sa.column('firm_id'), sa.column('role'),
                           sa.column('created_at'))
    clients = sa.table('clients', sa.column('firm_id'), sa.column('consultant_id'))
    for user in bind.execute(sa.select(users).order_by(users.c.id)).all():
        firm_id = bind.execute(
            sa.insert(firms).values(name=user.firm, created_at=user.created_at).returning(firms.c.id)
        ).scalar_one()
        bind.execute(sa.insert(memberships).values(
            user_id=user.id, firm_id=firm_id, role='admin', created_at=user.created_at
        ))
        bind.execute(sa.update(clients).where(clients.c.consultant_id == user.id).values(firm_id=firm_id))


def downgrade():
    # A firm's name goes back to its admin's (first member's) account; members of bigger firms keep theirs too.
    op.add_column('users', sa.Column('firm', sa.String(length=200), nullable=True))
    op.execute(
        'UPDATE users SET firm = (SELECT firms.name FROM memberships JOIN firms ON firms.id = memberships.firm_id '
        'WHERE memberships.user_id = users.id)'
    )
    op.drop_column('clients', 'logo_type')
    op.drop_column('clients', 'logo')
    op.drop_index(op.f('ix_clients_firm_id'), table_name='clients')
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f('fk_clients_firm_id_firms'), 'clients', type_='foreignkey')
    op.drop_column('clients', 'firm_id')
    op.drop_index(op.f('ix_client_members_user_id'), table_name='client_members')
    op.drop_index(op.f('ix_client_members_client_id'), table_name='client_members')
    op.drop_table('client_members')
    op.drop_index(op.f('ix_member_invitations_firm_id'), table_name='member_invitations')
    op.drop_table('member_invitations')
    op.drop_index(op.f('ix_memberships_firm_id'), table_name='memberships')
    op.drop_table('memberships')
    op.drop_table('firms')
