"""Transport security: Secure cookies over HTTPS, and trusting a TLS-terminating proxy only when told to."""

from __future__ import annotations

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """The session cookie gets `Secure` when SESSION_COOKIE_SECURE says so or the request came over HTTPS.

    So one configuration serves both `flask run` on http://127.0.0.1 (a Secure cookie would never come back)
    and a site behind HTTPS, where the cookie must never travel in clear.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


def init_app(app: Flask) -> None:
    app.session_interface = HttpsAwareSessionInterface()
    # Behind N proxies, trust their X-Forwarded-For/-Proto/-Host (client address for rate limits, https for
    # Secure cookies). Off by default: without a proxy in front, anyone could send these headers.
    proxies = int(app.config.get("PROXY_FIX") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
