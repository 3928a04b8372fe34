"""Who calls the workspace API: the consultant of a personal access token in `Authorization: Bearer …`.

Cookies are never looked at here: a login session alone gets 401, like no token at all, so a page on another site
cannot make a logged-in browser call the API (and the API needs no CSRF token). Requests are rate limited per
token (API_TOKEN_RATE_LIMIT), counted by the token's SHA-256 (without a token, by client address).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, request
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import TooManyRequests

from roadmap.db import session
from roadmap.extensions import csrf, limiter
from roadmap.models import User
from roadmap.services import access, api_tokens
from roadmap.web.auditing import address
from roadmap.web.errors import ApiError, api_response

CHALLENGE = 'Bearer realm="roadmap workspace API"'


def bearer_secret() -> str | None:
    """The token in the Authorization header, if it has the Bearer scheme."""
    scheme, _space, value = request.headers.get("Authorization", "").partition(" ")
    return (value.strip() or None) if scheme.lower() == "bearer" else None


def rate_key() -> str:
    secret = bearer_secret()
    return f"token:{api_tokens.secret_hash(secret)}" if secret else f"address:{get_remote_address()}"


def token_limit() -> str:
    return str(current_app.config["API_TOKEN_RATE_LIMIT"])


def authenticate() -> None:
    """Every request of the blueprint: a token that works, of an account that is not disabled, or 401."""
    secret = bearer_secret()
    if secret is None:
        raise Unauthorized("Send a personal access token in the header Authorization: Bearer <token>.")
    user = api_tokens.user_of_secret(session(), secret, address=address())
    if user is None:
        raise Unauthorized("This token does not open the API: it is unknown or revoked, or its account is disabled.")
    g.api_user = user
    if request.method not in ("GET", "HEAD", "OPTIONS") and not access.may_change(user):
        raise ApiError(403, "This account is a viewer: it reads its clients and changes nothing.")


class Unauthorized(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(401, message, ["Authorization: make a token on your account page, under API tokens"])


def challenge(error: Unauthorized) -> tuple[Response, int]:
    response, status = api_response(error.status, error.message, error.details)
    response.headers["WWW-Authenticate"] = CHALLENGE
    return response, status


def too_many(error: TooManyRequests) -> tuple[Response, int]:
    return api_response(429, "Too many requests with this token. Try again later.", [f"limit: {error.description}"])


def api_user() -> User:
    """The consultant whose token opened this request."""
    user: User = g.api_user
    return user


def protect(bp: Blueprint) -> None:
    """Bearer tokens only, no CSRF, a rate limit per token, and the API's error format for refusals."""
    csrf.exempt(bp)
    limiter.shared_limit(token_limit, scope="api-token", key_func=rate_key)(bp)  # one count for all its routes
    bp.before_request(authenticate)
    bp.register_error_handler(Unauthorized, challenge)
    bp.register_error_handler(TooManyRequests, too_many)
