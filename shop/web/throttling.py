"""Login throttling (issue #14): only failed attempts count, per client address, per
account from that address, and — slower — per account from anywhere.

The per-account limit from anywhere does not apply to a browser that has logged in to
this account before (a signed cookie), so an attacker elsewhere cannot lock the user out.
"""

import hashlib
from collections.abc import Callable

from flask import current_app, g, request
from flask_limiter.util import get_remote_address
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from shop.extensions import limiter

# Failed logins allowed before the next attempt is refused with 429 and the wait.
PER_ADDRESS = "20 per minute;100 per hour"
PER_ACCOUNT_AND_ADDRESS = "10 per 15 minutes"
PER_ACCOUNT = "30 per hour"
# Wrong current passwords on the account page (someone using a session left open).
PASSWORD_CHANGE = "5 per 15 minutes"

KNOWN_BROWSER_COOKIE = "known_login"
_KNOWN_BROWSER_DAYS = 180


def _email() -> str:
    return (request.form.get("email") or "").strip().lower()


def account_key() -> str:
    return "login-account:" + _email()


def account_and_address_key() -> str:
    return f"login-account-address:{_email()}|{get_remote_address()}"


def staff_account_key() -> str:
    # The back office's login counts apart from the customers' (§12: separate accounts).
    return "staff-login-account:" + _email()


def staff_account_and_address_key() -> str:
    return f"staff-login-account-address:{_email()}|{get_remote_address()}"


def login_limits(
    account_key: Callable[[], str],
    account_and_address_key: Callable[[], str],
    exempt_known_browser: bool,
) -> Callable:
    """The three limits of a login form, each counting failed attempts only.

    exempt_known_browser: the per-account limit from anywhere spares a browser that logged in
    to the account before (customers; the back office has no such cookie).
    """
    counting = {"methods": ["POST"], "deduct_when": is_failed_attempt}

    def decorate(view: Callable) -> Callable:
        view = limiter.limit(
            PER_ACCOUNT,
            key_func=account_key,
            exempt_when=is_known_browser if exempt_known_browser else None,
            **counting,
        )(view)
        view = limiter.limit(PER_ACCOUNT_AND_ADDRESS, key_func=account_and_address_key, **counting)(
            view
        )
        return limiter.limit(PER_ADDRESS, **counting)(view)

    return decorate


def password_change_key() -> str:
    return f"password-change:{current_user.id if current_user.is_authenticated else ''}"


def mark_failed_attempt() -> None:
    """Tell the limits of this request that the attempt failed (and so counts)."""
    g.failed_attempt = True


def is_failed_attempt(response) -> bool:
    """deduct_when of the limits that count failures only."""
    return bool(g.get("failed_attempt"))


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="known-login")


def _account_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def remember_browser(response, email: str) -> None:
    """After a successful login: this browser may log in to the account despite PER_ACCOUNT."""
    response.set_cookie(
        KNOWN_BROWSER_COOKIE,
        _serializer().dumps(_account_digest(email)),
        max_age=_KNOWN_BROWSER_DAYS * 24 * 3600,
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        samesite="Lax",
    )


def is_known_browser() -> bool:
    try:
        remembered = _serializer().loads(request.cookies.get(KNOWN_BROWSER_COOKIE, ""))
    except BadSignature:
        return False
    return remembered == _account_digest(_email())
