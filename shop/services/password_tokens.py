"""Single-use, expiring links to set a password (reset, invitation, registration)."""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update

from shop.auth.passwords import hash_password
from shop.extensions import db
from shop.models import PasswordToken, User


class InvalidToken(Exception):
    """The link is unknown, used or expired."""


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(user: User, purpose: str, now: datetime, valid_for: timedelta) -> str:
    """Create a token and return the raw value for the link; only its hash is stored."""
    raw = secrets.token_urlsafe(32)
    db.session.add(
        PasswordToken(
            user_id=user.id, token_hash=_digest(raw), purpose=purpose, expires_at=now + valid_for
        )
    )
    return raw


def find_valid_token(raw: str, now: datetime) -> PasswordToken:
    token = db.session.scalar(select(PasswordToken).where(PasswordToken.token_hash == _digest(raw)))
    if token is None or token.used_at is not None or token.expires_at <= now:
        raise InvalidToken()
    return token


def set_password_with_token(raw: str, password: str, now: datetime) -> User:
    """Use the token once: set the password, end old sessions, invalidate the user's tokens."""
    token = find_valid_token(raw, now)
    # The guarded UPDATE settles a double submit: only one request can mark the token used.
    used = db.session.execute(
        update(PasswordToken)
        .where(PasswordToken.id == token.id, PasswordToken.used_at.is_(None))
        .values(used_at=now)
    )
    if used.rowcount != 1:
        db.session.rollback()
        raise InvalidToken()
    db.session.execute(
        update(PasswordToken)
        .where(PasswordToken.user_id == token.user_id, PasswordToken.used_at.is_(None))
        .values(used_at=now)
    )
    user = token.user
    user.password_hash = hash_password(password)
    user.end_sessions()
    db.session.commit()
    return user
