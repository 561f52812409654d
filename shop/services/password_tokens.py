"""Single-use, expiring links to set a password (reset, invitation, registration)."""

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from email.message import EmailMessage
from enum import StrEnum

from flask import current_app
from sqlalchemy import select, update

from shop.domain.passwords import PasswordProblem, password_problem, personal_words
from shop.extensions import db
from shop.mail import compose_mail
from shop.models import PasswordToken, User
from shop.services.mail_outbox import MailObsolete, public_url, queue_mail
from shop.services.password_hashing import hash_password
from shop.services.unit_of_work import unit_of_work


class TokenPurpose(StrEnum):
    """What a single-use link is for; stored with the token."""

    RESET = "reset"
    ACTIVATE = "activate"  # the main contact's first password after registration
    INVITE = "invite"
    CONFIRM_EMAIL = "confirm_email"  # never sets a password


# Which mail carries the link, per purpose of the token.
MAILS = {
    TokenPurpose.RESET: "password_reset",
    TokenPurpose.ACTIVATE: "account_activation",
    TokenPurpose.INVITE: "account_invitation",
}


class InvalidToken(Exception):
    """The link is unknown, used or expired."""


class AccountInactive(Exception):
    """The link's user is deactivated: a password set now could not be used to log in."""


class PasswordRejected(Exception):
    """The password does not follow the rule (shop/domain/passwords.py)."""

    def __init__(self, problem: PasswordProblem) -> None:
        super().__init__(problem)
        self.problem = problem


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(user: User, purpose: TokenPurpose, now: datetime, valid_for: timedelta) -> str:
    """Create a token and return the raw value for the link; only its hash is stored."""
    raw = secrets.token_urlsafe(32)
    db.session.add(
        PasswordToken(
            user_id=user.id,
            token_hash=_digest(raw),
            purpose=TokenPurpose(purpose).value,
            expires_at=now + valid_for,
        )
    )
    return raw


# Links that lead to the set-password page; other purposes (e.g. confirming an e-mail change)
# share the table and its rules but can never set a password.
PASSWORD_PURPOSES = frozenset(MAILS)


def find_valid_token(raw: str, now: datetime, purposes: frozenset[TokenPurpose]) -> PasswordToken:
    """The unused, unexpired token behind a link, if it was issued for one of `purposes`."""
    token = db.session.scalar(select(PasswordToken).where(PasswordToken.token_hash == _digest(raw)))
    if (
        token is None
        or token.purpose not in purposes
        or token.used_at is not None
        or token.expires_at <= now
    ):
        raise InvalidToken()
    return token


def use_token(token: PasswordToken, now: datetime) -> None:
    """Mark the token used, in the caller's unit of work; InvalidToken if someone was first.

    The guarded UPDATE settles a double submit: only one request can mark it used. The
    exception leaves the caller's unit of work, which rolls back everything it changed.
    """
    used = db.session.execute(
        update(PasswordToken)
        .where(PasswordToken.id == token.id, PasswordToken.used_at.is_(None))
        .values(used_at=now)
    )
    if used.rowcount != 1:
        raise InvalidToken()


def invalidate_tokens(user_id: int, now: datetime, purposes: frozenset[TokenPurpose]) -> None:
    """End every open link of these purposes for the user (in the caller's unit of work)."""
    db.session.execute(
        update(PasswordToken)
        .where(
            PasswordToken.user_id == user_id,
            PasswordToken.purpose.in_(purposes),
            PasswordToken.used_at.is_(None),
        )
        .values(used_at=now)
    )


def check_password_rule(user: User, password: str) -> None:
    """PasswordRejected unless the password follows the rule for this user."""
    problem = password_problem(password, personal_words(user.name, user.email))
    if problem is not None:
        raise PasswordRejected(problem)


def find_password_link(raw: str, now: datetime) -> PasswordToken:
    """The valid set-password token behind a link; InvalidToken, or AccountInactive."""
    token = find_valid_token(raw, now, PASSWORD_PURPOSES)
    if not token.user.active:
        # The link stays unused: it works again if the main contact reactivates the user.
        raise AccountInactive()
    return token


def set_password_with_token(raw: str, password: str, now: datetime) -> User:
    """Use the token once: set the password, end old sessions, invalidate the user's links.

    Raises InvalidToken, AccountInactive or PasswordRejected, and then nothing has changed.
    """
    token = find_password_link(raw, now)
    user = token.user
    check_password_rule(user, password)
    # Hashed before the unit of work begins: hashing is slow on purpose, the lock is not.
    password_hash = hash_password(password)
    with unit_of_work():
        # The guarded UPDATE settles a second submit of the same link made meanwhile.
        use_token(token, now)
        invalidate_tokens(token.user_id, now, PASSWORD_PURPOSES)
        user.password_hash = password_hash
        user.end_sessions()
    return user


def send_password_link(user: User, purpose: TokenPurpose, now: datetime) -> None:
    """Issue a token and queue the mail with its link, in a unit of work of its own (a reset,
    a new invitation); the mail loop sends it."""
    with unit_of_work():
        queue_password_link(user, purpose, now)


def queue_password_link(user: User, purpose: TokenPurpose, now: datetime) -> None:
    """Issue a token and queue the mail with its link, in the caller's unit of work."""
    token, seed = issue_mailed_token(user, purpose, now)
    queue_mail(MAILS[purpose], user, link_mail_key(token), token_id=token.id, seed=seed)


def link_mail_key(token: PasswordToken) -> str:
    # Each link mail on its own: one that can no longer be sent holds back no other.
    return f"mail:link:{token.id}"


def issue_mailed_token(
    user: User, purpose: TokenPurpose, now: datetime
) -> tuple[PasswordToken, str]:
    """A token whose link is mailed through the outbox (in the caller's unit of work), and the
    seed the mail loop derives the link's raw value from (`mailed_token_value`).

    The outbox entry keeps the seed, never the raw value: the raw value is an HMAC of the seed
    under the app's secret key, so the database alone (a backup, the back office's outbox page)
    never holds a link that works, and the token row holds only the value's hash, as always.
    """
    seed = secrets.token_urlsafe(16)
    token = PasswordToken(
        user_id=user.id,
        token_hash=_digest(mailed_token_value(seed)),
        purpose=TokenPurpose(purpose).value,
        expires_at=now + timedelta(hours=link_hours(purpose)),
        created_at=now,
    )
    db.session.add(token)
    db.session.flush()  # its id names it in the mail's entry
    return token, seed


def link_hours(purpose: TokenPurpose) -> int:
    """How long a mailed link of this purpose works: invitations longer than resets."""
    if purpose == TokenPurpose.INVITE:
        return current_app.config["INVITATION_HOURS"]
    return current_app.config["PASSWORD_TOKEN_HOURS"]


def mailed_token_value(seed: str) -> str:
    """The raw value of a mailed link's token, from its seed and the app's secret key."""
    key = current_app.config["SECRET_KEY"].encode()
    mac = hmac.new(key, b"mailed-link:" + seed.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def mailed_link_token(payload: Mapping) -> tuple[PasswordToken, str]:
    """The token of a queued link mail and its raw value; MailObsolete when the token is gone
    or the secret key has changed since it was queued (its link could never work)."""
    token = db.session.get(PasswordToken, payload["token_id"])
    if token is None:
        raise MailObsolete(f"link {payload['token_id']} no longer exists")
    raw = mailed_token_value(payload["seed"])
    if not hmac.compare_digest(_digest(raw), token.token_hash):
        raise MailObsolete(f"link {token.id}: the secret key changed since it was queued")
    # A link used or expired meanwhile is sent all the same, as it would have been at once:
    # its page tells the reader so and how to get a new one.
    return token, raw


def compose_password_link_mail(payload: Mapping, recipient: User) -> EmailMessage:
    """A set-password mail (reset, activation, invitation) with its link, rendered now."""
    token, raw = mailed_link_token(payload)
    return compose_mail(
        payload["to"],
        payload["event"],
        payload["locale"],
        user=recipient,
        link=public_url("auth.set_password", token=raw),
        hours=link_hours(TokenPurpose(token.purpose)),
    )


COMPOSERS = dict.fromkeys(MAILS.values(), compose_password_link_mail)
