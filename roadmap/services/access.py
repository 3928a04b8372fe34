"""Who may see and change what: the one access rule of the workspace, its API and its downloads.

A client belongs to a firm. Within the firm:

| role | sees | changes |
|---|---|---|
| admin (firm admin) | every client of the firm | those clients; members, brand, the firm's log |
| partner | every client of the firm | those clients |
| consultant | the clients they lead or are assigned to | those clients |
| viewer | the clients they are assigned to | nothing |

A site admin (`User.is_admin`) sees every client of every firm. Whatever a user may not see is absent from every
query (`visible`), so the web layer answers 404 and another firm's id looks exactly like one that does not exist.
A request that would change something is refused as a whole when `may_change` is false (the web layer's 403).
"""

from __future__ import annotations

import sqlalchemy as sa

from roadmap.models import Client, ClientMember, User

# The roles that see every client of their firm.
FIRM_WIDE = ("admin", "partner")


def visible(statement: sa.Select, user: User) -> sa.Select:
    """`statement` (which selects from or joins `clients`) limited to the clients the user may see."""
    if user.is_admin:
        return statement
    membership = user.membership
    if membership is None:
        return statement.where(sa.false())
    statement = statement.where(Client.firm_id == membership.firm_id)
    if membership.role in FIRM_WIDE:
        return statement
    assigned = sa.select(ClientMember.client_id).where(ClientMember.user_id == user.id)
    if membership.role == "viewer":
        return statement.where(Client.id.in_(assigned))
    return statement.where(sa.or_(Client.consultant_id == user.id, Client.id.in_(assigned)))


def may_change(user: User) -> bool:
    """Whether the user may change clients, rounds, invitations and plans they can see (a viewer may not)."""
    return user.is_admin or (user.membership is not None and user.membership.role != "viewer")


def may_manage_firm(user: User) -> bool:
    """Members, roles, the brand and the log of the user's firm: its admins only."""
    return user.membership is not None and user.membership.role == "admin"


def may_assign(user: User, client: Client) -> bool:
    """Who leads a client and who is assigned to it: the firm's admins and partners, and the client's lead."""
    if not may_change(user):
        return False
    return user.is_admin or user.firm_role in FIRM_WIDE or client.consultant_id == user.id


def in_firm(user: User, client: Client) -> bool:
    """Whether the user is a member of the client's firm (a site admin may see another firm's, not act for it)."""
    return user.membership is not None and user.membership.firm_id == client.firm_id
