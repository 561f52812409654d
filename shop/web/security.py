"""Security headers, login loading and error pages for the whole site."""

import logging
import math
import time

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from shop.extensions import limiter, login_manager
from shop.services.unit_of_work import discard

log = logging.getLogger(__name__)

# Strict CSP: no inline script or style, everything from our own origin (htmx is vendored).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


def init_app(app: Flask) -> None:
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # The client's address (rate limits, session binding) and scheme (HSTS) as the
        # proxies saw them; headers beyond the trusted hops could be forged by the client.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)
    app.before_request(load_user_first)
    app.after_request(add_security_headers)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(429, handle_too_many_requests)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)


def load_user(token: str):
    """The user of the live session whose token the cookie carries (issue #14)."""
    from shop.models.clock import utcnow
    from shop.services.sessions import load_session_user

    return load_session_user(token, utcnow())


def load_user_first():
    """Resolve the login before the view runs, so the session check never happens while
    the view has uncommitted changes (it writes last_seen_at on its own connection)."""
    if request.endpoint != "static":
        current_user._get_current_object()


def add_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def handle_csrf_error(error: CSRFError):
    return render_template("errors/error.html", code=400, reason="csrf"), 400


def retry_after_seconds(now: float) -> int:
    """Seconds until every limit this request broke lets the client in again."""
    # The window's own end: flask-limiter's `reset_at` rounds it up a whole second, which
    # told a client stopped for 15 minutes to wait 901 s ("16 minutes").
    # Redis reports the end as now + its key's TTL in whole seconds, up to a second late too:
    # a fixed window never lasts longer than itself.
    waits = [
        min(math.ceil(limit.window[0] - now), limit.limit.get_expiry())
        for limit in limiter.current_limits
        if limit.breached
    ]
    return max(1, max(waits, default=60))


def handle_too_many_requests(error: HTTPException):
    seconds = retry_after_seconds(time.time())
    if seconds < 60:
        wait = ngettext(
            "Too many attempts. Please try again in %(num)d second.",
            "Too many attempts. Please try again in %(num)d seconds.",
            seconds,
        )
    else:
        wait = ngettext(
            "Too many attempts. Please try again in %(num)d minute.",
            "Too many attempts. Please try again in %(num)d minutes.",
            math.ceil(seconds / 60),
        )
    page = render_template("errors/error.html", code=429, reason=None, wait=wait)
    return page, 429, {"Retry-After": str(seconds)}


def handle_http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    return render_template("errors/error.html", code=error.code, reason=None), error.code


def handle_unexpected_error(error: Exception):
    """Never show a stack trace: log it, answer with a plain page.

    A unit of work that failed has rolled back already; a failed read outside one is
    discarded, so the error page itself can still query.
    """
    log.exception("unhandled error on %s %s", request.method, request.path)
    discard()
    return render_template("errors/error.html", code=500, reason=None), 500
