"""A logged-in user changes their password on the account page."""

from datetime import datetime

from shop.auth.passwords import hash_password, verify_password
from shop.extensions import db
from shop.models import User
from shop.services.password_tokens import (
    PASSWORD_PURPOSES,
    check_password_rule,
    invalidate_tokens,
)
from shop.services.sessions import restart_session


class WrongPassword(Exception):
    """The current password given does not match."""


def change_password(user: User, current: str, new: str, user_agent: str, now: datetime) -> str:
    """Set a new password after checking the current one; end every session and open
    password link of the user and return the token of this browser's new session."""
    if not verify_password(user.password_hash, current):
        raise WrongPassword()
    check_password_rule(user, new)
    user.password_hash = hash_password(new)
    invalidate_tokens(user.id, now, PASSWORD_PURPOSES)
    raw = restart_session(user, user_agent, now)
    db.session.commit()
    return raw
