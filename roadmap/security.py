"""Transport security: Secure cookies over HTTPS, login sessions that end when idle, trusting a TLS-terminating
proxy only when told to, and ids in URLs that the database can hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask, Request, abort, has_request_context, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

# Longer URLs get 414 and longer header lines 431 from the app, with its headers (gunicorn lets more through).
MAX_URL_LENGTH = 8192
MAX_HEADER_LENGTH = 8190
# What Flask-Login keeps in the session; removed together when a login session has been idle too long.
LOGIN_KEYS = ("_user_id", "_fresh", "_id", "_remember", "_remember_seconds")


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """The signed-cookie session, with `Secure` over HTTPS and an idle limit for logged-in sessions.

    `Secure` when SESSION_COOKIE_SECURE says so or the request came over HTTPS: one configuration serves both
    `flask run` on http://127.0.0.1 (a Secure cookie would never come back) and a site behind HTTPS.

    A login session is permanent and signed again with every response, so the signature's time is the last
    request: a cookie signed longer than LOGIN_IDLE_MINUTES ago is logged out on the server, whatever the browser
    kept. The language choice and the CSRF secret stay, for PERMANENT_SESSION_LIFETIME from when they last changed.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        try:
            data, signed_at = serializer.loads(
                cookie, max_age=int(app.permanent_session_lifetime.total_seconds()), return_timestamp=True
            )
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        if "_user_id" in session and now() - signed_at > login_idle_limit(app):
            for key in LOGIN_KEYS:
                session.pop(key, None)
        return session

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        """A login session is signed again with every response (its idle time counts from the last one); a visitor's
        language choice and CSRF secret only when they change: signing costs as much as a small page's own work, and
        such a cookie is kept for PERMANENT_SESSION_LIFETIME from its last change."""
        if "_user_id" in session:
            return super().should_set_cookie(app, session)
        return session.modified

    def get_expiration_time(self, app: Flask, session: SessionMixin) -> datetime | None:
        if session.permanent and "_user_id" in session:
            return now() + login_idle_limit(app)
        return super().get_expiration_time(app, session)


def refuse_oversize_requests() -> None:
    target = request.environ.get("RAW_URI") or request.full_path
    if len(target) > MAX_URL_LENGTH:
        abort(414)
    if any(len(name) + len(value) + 2 > MAX_HEADER_LENGTH for name, value in request.headers.items()):
        abort(431)


def now() -> datetime:
    return datetime.now(UTC)


def login_idle_limit(app: Flask) -> timedelta:
    return timedelta(minutes=float(app.config["LOGIN_IDLE_MINUTES"]))


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in every route: a number beyond a database integer (PostgreSQL's 2**31 - 1) does not match, so
    the route answers 404 as for an id that does not exist, instead of an overflow error from the database."""

    def __init__(self, map: Map, *args: int | bool, **kwargs: int | bool) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)  # type: ignore[arg-type]


def init_app(app: Flask) -> None:
    """Call before the blueprints are registered: their rules take the `int` converter when they are added."""
    app.session_interface = HttpsAwareSessionInterface()
    app.url_map.converters["int"] = DatabaseIdConverter
    app.before_request(refuse_oversize_requests)
    # Behind N proxies, trust their X-Forwarded-For/-Proto/-Host (client address for rate limits, https for
    # Secure cookies). Off by default: without a proxy in front, anyone could send these headers.
    proxies = int(app.config.get("PROXY_FIX") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
