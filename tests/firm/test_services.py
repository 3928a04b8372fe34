"""services.firms: invitations, accepting one, roles, removing a member, a client's team; every refusal stores
nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from roadmap.db import as_utc, session
from roadmap.models import ApiToken, Client, ClientMember, MemberInvitation, User, utcnow
from roadmap.services import accounts, api_tokens, firms
from roadmap.services.errors import Conflict, Invalid, NotFound
from tests.firm.conftest import NEW_PASSWORD, fresh
from tests.workspace.test_access import snapshot

pytestmark = pytest.mark.usefixtures("db")


def refused(app: Flask, error: type[Exception], call: Callable[[], object]) -> Exception:
    """The call raises `error` and the database is as it was."""
    before = snapshot(app)
    with pytest.raises(error) as raised:
        call()
    session().rollback()
    assert snapshot(app) == before
    return raised.value


def test_an_invitation_keeps_only_the_hash_of_a_256_bit_token_for_72_hours(firm: dict[str, User]) -> None:
    invitation, token = firms.invite(session(), fresh(firm["admin"]), " New@Example.org ", "Nina", "partner")
    assert len(token) == 43  # token_urlsafe(32): 256 bits
    stored = session().get(MemberInvitation, invitation.id)
    assert stored is not None
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(session().execute(sa.select(MemberInvitation.__table__)).all())
    assert (stored.email, stored.name, stored.role, stored.invited_by_id) == (
        "new@example.org",
        "Nina",
        "partner",
        firm["admin"].id,
    )
    assert as_utc(stored.expires_at) - as_utc(stored.created_at) == timedelta(hours=72)


@pytest.mark.parametrize(
    ("email", "name", "role", "error"),
    [
        ("partner@example.org", None, "consultant", firms.AlreadyMember),
        ("PARTNER@example.org", None, "consultant", firms.AlreadyMember),
        ("not an address", None, "consultant", firms.InvitationRefused),
        ("n@example.org", "x" * 201, "consultant", firms.InvitationRefused),
        ("n@example.org", "Evil\u202e", "consultant", firms.InvitationRefused),
        ("n@example.org", None, "owner", firms.InvitationRefused),
    ],
)
def test_an_invitation_that_cannot_be_made_stores_nothing(
    app: Flask, firm: dict[str, User], email: str, name: str | None, role: str, error: type[Exception]
) -> None:
    refused(app, error, lambda: firms.invite(session(), fresh(firm["admin"]), email, name, role))


def test_a_second_open_invitation_for_the_same_address_is_refused(
    app: Flask, firm: dict[str, User], invited: Callable[..., tuple[int, str]]
) -> None:
    invited("new@example.org")
    error = refused(
        app,
        firms.AlreadyInvited,
        lambda: firms.invite(session(), fresh(firm["admin"]), "new@example.org", None, "viewer"),
    )
    assert isinstance(error, Conflict)


def test_only_a_firm_admin_invites(app: Flask, firm: dict[str, User]) -> None:
    for role in ("partner", "consultant", "viewer"):
        refused(
            app,
            firms.NotAllowed,
            lambda role=role: firms.invite(session(), fresh(firm[role]), "n@example.org", None, "viewer"),
        )


def test_accepting_makes_the_member_once(
    app: Flask, firm: dict[str, User], invited: Callable[..., tuple[int, str]]
) -> None:
    _id, token = invited(role="partner")
    user = firms.accept(session(), token, "", NEW_PASSWORD, NEW_PASSWORD)
    assert (user.email, user.name, user.firm_role, user.firm.id if user.firm else None) == (
        "new@example.org",
        "Nina New",
        "partner",
        firm["admin"].firm.id if firm["admin"].firm else None,
    )
    assert accounts.authenticate(session(), "new@example.org", NEW_PASSWORD) is not None
    error = refused(
        app, firms.InvitationClosed, lambda: firms.accept(session(), token, "X", "another password", "another password")
    )
    assert error.reason == "used"


@pytest.mark.parametrize(
    ("name", "password", "repeated", "field"),
    [
        ("", "short", "short", "password"),
        ("", "p" * 201, "p" * 201, "password"),
        ("", NEW_PASSWORD, NEW_PASSWORD + "!", "repeated"),
        ("Line\nbreak", NEW_PASSWORD, NEW_PASSWORD, "name"),
    ],
)
def test_a_password_or_name_that_cannot_be_used_stores_nothing(
    app: Flask, invited: Callable[..., tuple[int, str]], name: str, password: str, repeated: str, field: str
) -> None:
    _id, token = invited()
    error = refused(app, firms.PasswordRefused, lambda: firms.accept(session(), token, name, password, repeated))
    assert isinstance(error, Invalid) and error.field == field


def test_a_link_expires_after_72_hours(app: Flask, invited: Callable[..., tuple[int, str]]) -> None:
    start = utcnow() - timedelta(hours=72, seconds=1)
    _id, token = invited(now=start)
    error = refused(app, firms.InvitationClosed, lambda: firms.accept(session(), token, "", NEW_PASSWORD, NEW_PASSWORD))
    assert error.reason == "expired"
    almost = utcnow() - timedelta(hours=72) + timedelta(seconds=5)
    _id, token = invited("other@example.org", now=almost)
    assert firms.accept(session(), token, "", NEW_PASSWORD, NEW_PASSWORD).email == "other@example.org"


def test_a_revoked_link_is_refused_and_a_resent_one_replaces_it(
    app: Flask, firm: dict[str, User], invited: Callable[..., tuple[int, str]]
) -> None:
    invitation_id, token = invited()
    _invitation, new_token = firms.resend(session(), fresh(firm["admin"]), invitation_id)
    refused(app, firms.InvitationNotFound, lambda: firms.accept(session(), token, "", NEW_PASSWORD, NEW_PASSWORD))
    firms.revoke(session(), fresh(firm["admin"]), invitation_id)
    error = refused(
        app, firms.InvitationClosed, lambda: firms.accept(session(), new_token, "", NEW_PASSWORD, NEW_PASSWORD)
    )
    assert error.reason == "revoked"
    refused(app, firms.InvitationClosed, lambda: firms.revoke(session(), fresh(firm["admin"]), invitation_id))
    refused(app, firms.InvitationClosed, lambda: firms.resend(session(), fresh(firm["admin"]), invitation_id))


def test_an_expired_invitation_can_be_sent_again_for_72_hours_more(
    firm: dict[str, User], invited: Callable[..., tuple[int, str]]
) -> None:
    invitation_id, _token = invited(now=utcnow() - timedelta(days=5))
    invitation, token = firms.resend(session(), fresh(firm["admin"]), invitation_id)
    assert firms.state_of(invitation) == "open"
    assert firms.accept(session(), token, "", NEW_PASSWORD, NEW_PASSWORD).firm_role == "consultant"


def test_another_firms_invitation_is_not_found(
    app: Flask, make_user: Callable[..., User], invited: Callable[..., tuple[int, str]]
) -> None:
    invitation_id, _token = invited()
    other = make_user("elsewhere@example.org")
    refused(app, firms.InvitationNotFound, lambda: firms.revoke(session(), fresh(other), invitation_id))
    refused(app, firms.InvitationNotFound, lambda: firms.resend(session(), fresh(other), invitation_id))


def test_roles_change_but_the_firm_keeps_an_admin(app: Flask, firm: dict[str, User]) -> None:
    boss = fresh(firm["admin"])
    refused(app, firms.LastAdmin, lambda: firms.change_role(session(), boss, boss.id, "partner"))
    refused(app, firms.MemberNotFound, lambda: firms.change_role(session(), boss, 10_000, "partner"))
    refused(app, Invalid, lambda: firms.change_role(session(), boss, firm["partner"].id, "owner"))
    refused(
        app, firms.NotAllowed, lambda: firms.change_role(session(), fresh(firm["partner"]), firm["viewer"].id, "admin")
    )
    assert firms.change_role(session(), boss, firm["partner"].id, "admin").firm_role == "admin"
    assert (
        firms.change_role(session(), fresh(boss), boss.id, "consultant").firm_role == "consultant"
    )  # another admin now
    partner = fresh(firm["partner"])
    refused(app, firms.LastAdmin, lambda: firms.change_role(session(), partner, partner.id, "viewer"))


def test_a_lead_made_viewer_hands_their_clients_to_the_admin_and_can_still_read_them(
    firm: dict[str, User], make_client: Callable[..., int]
) -> None:
    client_id = make_client(firm["consultant"], "Led")
    firms.change_role(session(), fresh(firm["admin"]), firm["consultant"].id, "viewer")
    client = session().get(Client, client_id)
    assert client is not None
    assert client.consultant_id == firm["admin"].id
    assert [m.user_id for m in client.members] == [firm["consultant"].id]


def test_removing_a_member_ends_their_access_and_keeps_their_clients(
    app: Flask, firm: dict[str, User], make_client: Callable[..., int]
) -> None:
    led = make_client(firm["consultant"], "Led by Con")
    helped = make_client(firm["partner"], "Helped by Con")
    session().add(ClientMember(client_id=helped, user_id=firm["consultant"].id))
    session().commit()
    _secret, _token = api_tokens.create(session(), fresh(firm["consultant"]), "CRM")
    version = fresh(firm["consultant"]).session_version
    firms.remove_member(session(), fresh(firm["admin"]), firm["consultant"].id)
    gone = fresh(firm["consultant"])
    assert gone.membership is None and gone.disabled_at is not None and gone.session_version == version + 1
    assert [t is not None for t in session().scalars(sa.select(ApiToken.revoked_at))] == [True]
    assert session().scalar(sa.select(sa.func.count()).select_from(ClientMember)) == 0
    led_client, helped_client = session().get(Client, led), session().get(Client, helped)
    assert led_client is not None and helped_client is not None
    assert (led_client.consultant_id, led_client.firm_id) == (
        firm["admin"].id,
        firm["admin"].firm.id if firm["admin"].firm else 0,
    )
    assert helped_client.consultant_id == firm["partner"].id


def test_a_removal_that_is_not_allowed_stores_nothing(
    app: Flask, firm: dict[str, User], make_user: Callable[..., User]
) -> None:
    boss = fresh(firm["admin"])
    refused(app, firms.CannotRemoveSelf, lambda: firms.remove_member(session(), boss, boss.id))
    refused(app, firms.NotAllowed, lambda: firms.remove_member(session(), fresh(firm["partner"]), firm["viewer"].id))
    other = make_user("elsewhere@example.org")
    refused(app, firms.MemberNotFound, lambda: firms.remove_member(session(), fresh(other), firm["viewer"].id))


def test_a_removed_member_invited_again_gets_their_account_back(
    firm: dict[str, User], invited: Callable[..., tuple[int, str]]
) -> None:
    firms.remove_member(session(), fresh(firm["admin"]), firm["viewer"].id)
    _id, token = invited(firm["viewer"].email, role="consultant")
    user = firms.accept(session(), token, "Vera", NEW_PASSWORD, NEW_PASSWORD)
    assert (user.id, user.firm_role, user.is_active) == (firm["viewer"].id, "consultant", True)


def test_the_team_of_a_client(app: Flask, firm: dict[str, User], make_client: Callable[..., int]) -> None:
    client_id = make_client(firm["consultant"], "Acme")

    def client() -> Client:
        found = session().get(Client, client_id)
        assert found is not None
        return found

    lead = fresh(firm["consultant"])
    firms.set_team(session(), lead, client(), firm["partner"].id, [firm["viewer"].id, firm["consultant"].id])
    assert client().consultant_id == firm["partner"].id
    assert sorted(m.user_id for m in client().members) == sorted([firm["viewer"].id, firm["consultant"].id])
    firms.unassign(session(), fresh(firm["partner"]), client(), firm["viewer"].id)
    assert [m.user_id for m in client().members] == [firm["consultant"].id]
    firms.assign(session(), fresh(firm["admin"]), client(), firm["viewer"].id)
    firms.change_lead(session(), fresh(firm["admin"]), client(), firm["admin"].id)
    assert client().consultant_id == firm["admin"].id


def test_a_team_change_that_breaks_the_rule_stores_nothing(
    app: Flask, firm: dict[str, User], make_client: Callable[..., int], make_user: Callable[..., User]
) -> None:
    client_id = make_client(firm["partner"], "Acme")
    other = make_user("elsewhere@example.org")
    client = session().get(Client, client_id)
    assert client is not None
    admin = fresh(firm["admin"])
    error = refused(app, firms.TeamRefused, lambda: firms.change_lead(session(), admin, client, firm["viewer"].id))
    assert error.field == "lead"
    refused(app, firms.TeamRefused, lambda: firms.assign(session(), admin, client, other.id))
    refused(app, firms.TeamRefused, lambda: firms.change_lead(session(), admin, client, other.id))
    # may_assign: the consultant neither leads nor is firm-wide; a viewer changes nothing; another firm acts not.
    for actor in (firm["consultant"], firm["viewer"], other):
        refused(
            app, firms.NotAllowed, lambda actor=actor: firms.assign(session(), fresh(actor), client, firm["viewer"].id)
        )


def test_errors_are_of_the_service_kinds() -> None:
    assert issubclass(firms.MemberNotFound, NotFound) and issubclass(firms.LastAdmin, Conflict)
    assert issubclass(firms.InvitationRefused, Invalid) and issubclass(firms.TeamRefused, Invalid)
