"""A logged-in user changes their password on the account page."""

from datetime import datetime

from shop.models import User
from shop.services.password_hashing import hash_password, verify_password
from shop.services.password_tokens import (
    PASSWORD_PURPOSES,
    check_password_rule,
    invalidate_tokens,
)
from shop.services.sessions import restart_session
from shop.services.unit_of_work import unit_of_work


class WrongPassword(Exception):
    """The current password given does not match."""


def change_password(user: User, current: str, new: str, user_agent: str, now: datetime) -> str:
    """Set a new password after checking the current one; end every session and open
    password link of the user and return the token of this browser's new session."""
    if not verify_password(user.password_hash, current):
        raise WrongPassword()
    check_password_rule(user, new)
    # Hashed before the unit of work begins: hashing is slow on purpose, the lock is not.
    password_hash = hash_password(new)
    with unit_of_work():
        user.password_hash = password_hash
        invalidate_tokens(user.id, now, PASSWORD_PURPOSES)
        return restart_session(user, user_agent, now)
