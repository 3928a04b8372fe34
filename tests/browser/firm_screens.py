"""The screens of a firm (its members, a client's team, the log, the brand and a branded welcome), for the
accessibility table (test_accessibility.py)."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import expect

from roadmap.db import session
from roadmap.models import User
from roadmap.services import accounts, audit, branding, firms
from tests.browser.site import Site


def with_colleagues(site: Site) -> tuple[int, str]:
    """The screen's consultant (the admin of their firm) with a partner and a viewer, and an open invitation;
    returns the partner's id and the invitation's token."""
    admin_id = site.login()
    with site.app.app_context():
        admin = session().get(User, admin_id)
        assert admin is not None and admin.firm is not None
        partner = accounts.create_user(
            session(),
            f"partner-{admin_id}@example.org",
            "a long password",
            "consultant",
            "Piet Partner",
            join=admin.firm,
            firm_role="partner",
        )
        accounts.create_user(
            session(),
            f"viewer-{admin_id}@example.org",
            "a long password",
            "consultant",
            None,
            join=admin.firm,
            firm_role="viewer",
        )
        _invitation, token = firms.invite(session(), admin, f"new-{admin_id}@example.org", "Nina", "consultant")
        return partner.id, token


def members(site: Site) -> None:
    with_colleagues(site)
    site.go("/firm/members")


def members_with_errors(site: Site) -> None:
    members(site)
    site.page.locator("form[action$='/firm/members/invite'] button[type=submit]").click()
    expect(site.page.get_by_role("alert")).to_be_visible()


def remove_member(site: Site) -> None:
    partner_id, _token = with_colleagues(site)
    site.go(f"/firm/members/{partner_id}/remove")


def join(with_errors: bool = False) -> Callable[[Site], None]:
    def reach(site: Site) -> None:
        _partner, token = with_colleagues(site)
        site.page.context.clear_cookies()
        site.go(f"/join/{token}")
        if with_errors:
            site.submit()
            expect(site.page.get_by_role("alert")).to_be_visible()

    return reach


def join_closed(site: Site) -> None:
    site.go("/join/" + "x" * 43)


def team(site: Site) -> None:
    with_colleagues(site)
    site.go(f"/clients/{site.client()}/team")


def audit_log(query: str = "") -> Callable[[Site], None]:
    """The firm's log with a few events (and with `query`, its filters)."""

    def reach(site: Site) -> None:
        user_id = site.login()
        with site.app.app_context():
            user = session().get(User, user_id)
            assert user is not None
            actor = audit.Actor.of(user, "192.0.2.10")
            for action, subject in (
                ("sign_in", None),
                ("client_created", "client 1 Acme Ltd"),
                ("export", "portfolio"),
            ):
                audit.note(session(), action, actor=actor, firm_id=actor.firm_id, subject=subject, detail=None)
        site.go("/firm/log" + query)
        if query:
            expect(site.page.get_by_role("alert")).to_be_visible()

    return reach


def brand_with_errors(site: Site) -> None:
    site.login()
    site.go("/firm/brand")
    site.page.locator("#name").fill("Noord Advies")
    site.page.locator("#accent").fill("#ffff00")
    site.submit()
    expect(site.page.get_by_role("alert")).to_be_visible()


def branded_welcome(site: Site) -> None:
    token = site.invited()
    with site.app.app_context():
        user = session().get(User, site.login())
        assert user is not None and user.firm is not None
        logo = b'<svg xmlns="http://www.w3.org/2000/svg" width="90" height="30"><rect width="90" height="30"/></svg>'
        branding.save_firm_brand(session(), user.firm, "Noord Advies", "#0b4f6c", logo)
    site.page.context.clear_cookies()  # as the respondent sees it
    site.go(f"/a/{token}/welcome")
