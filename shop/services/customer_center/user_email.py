"""E-mail addresses of a company's users (§4, §11): whose an address is, and the change of a
user's address, which waits for a link sent to the new address.

An address that has an account in another company is never revealed, not even that one
exists: its owner is told by mail instead.
"""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flask import current_app, url_for
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from shop.domain.audit import AuditField, AuditTarget
from shop.extensions import db
from shop.mail import MailNotSent, send_mail
from shop.models import Company, PasswordToken, User
from shop.services.customer_center.audit_trail import record_change
from shop.services.customer_center.companies import lock_company
from shop.services.customer_center.contact_updates import enqueue_contact
from shop.services.customer_center.exceptions import (
    EmailInUse,
    EmailNotAvailable,
    InvalidEmailLink,
)
from shop.services.password_tokens import (
    InvalidToken,
    TokenPurpose,
    find_valid_token,
    invalidate_tokens,
    issue_token,
    use_token,
)
from shop.services.unit_of_work import unit_of_work

if TYPE_CHECKING:
    from shop.services.customer_center.users import UserUpdate

# The e-mail confirmation uses the password links' table and rules (single use, expiry, only
# a hash stored) under its own purpose, which the set-password page never accepts.
CONFIRM_EMAIL_PURPOSES = frozenset({TokenPurpose.CONFIRM_EMAIL})


def normalized_email(email: str) -> str:
    """An address as accounts store it: trimmed, lower case."""
    return email.strip().lower()


def email_owner(email: str, except_user_id: int | None = None) -> User | None:
    """The user whose account has this (normalized) address, if any."""
    query = select(User).where(func.lower(User.email) == email)
    if except_user_id is not None:
        query = query.where(User.id != except_user_id)
    return db.session.scalar(query.limit(1))


def refuse_taken_address(owner: User, actor: User) -> Exception:
    """The exception for an address that has an account; another company's owner is mailed.

    Called after the unit of work. Within the company the main contact may know the
    colleague; an account of another company is never revealed, not even that one exists.
    """
    if owner.company_id == actor.company_id:
        return EmailInUse(owner.name)
    tell_address_owner(owner, actor.company)
    return EmailNotAvailable()


def tell_address_owner(owner: User, company: Company) -> bool:
    """Mail the owner of an address that another company tried to use; False if not sent."""
    try:
        send_mail(owner.email, "address_in_use", locale=owner.locale, owner=owner, company=company)
    except MailNotSent:
        return False
    return True


def issue_email_link(user: User, now: datetime) -> str:
    """A confirmation link for the user's pending address (in the caller's unit of work)."""
    hours = current_app.config["PASSWORD_TOKEN_HOURS"]
    return issue_token(user, TokenPurpose.CONFIRM_EMAIL, now, timedelta(hours=hours))


def invalidate_email_links(user_id: int, now: datetime) -> None:
    """End the user's open confirmation links (in the caller's unit of work)."""
    invalidate_tokens(user_id, now, CONFIRM_EMAIL_PURPOSES)


def send_email_change_mail(user: User, update: "UserUpdate") -> bool:
    """The mail a requested address gets: the confirmation link, or the owner's notice when it
    belongs to another company's account (the main contact is answered the same either way).
    False when the mail could not be sent."""
    if update.address_owner is not None:
        return tell_address_owner(update.address_owner, user.company)
    return send_email_confirmation(user, update.email_token)


def send_email_confirmation(user: User, raw_token: str) -> bool:
    """Mail the confirmation link to the new address; False when the mail could not be sent."""
    config = current_app.config
    link = config["PUBLIC_URL"].rstrip("/") + url_for(
        "customer_center.confirm_email_change", token=raw_token
    )
    try:
        send_mail(
            user.pending_email,
            "email_change",
            locale=user.locale,
            user=user,
            link=link,
            hours=config["PASSWORD_TOKEN_HOURS"],
        )
    except MailNotSent:
        return False
    return True


def _email_link(raw_token: str, now: datetime) -> PasswordToken:
    try:
        token = find_valid_token(raw_token, now, CONFIRM_EMAIL_PURPOSES)
    except InvalidToken:
        raise InvalidEmailLink() from None
    if not token.user.pending_email:
        raise InvalidEmailLink()
    return token


def email_link_user(raw_token: str, now: datetime) -> User:
    """The user whose pending address this link confirms; InvalidEmailLink otherwise."""
    return _email_link(raw_token, now).user


def confirm_email(raw_token: str, now: datetime) -> User:
    """Use the link once: the pending address becomes the user's e-mail, the ERP is told."""
    try:
        with unit_of_work():
            token = _email_link(raw_token, now)
            user = token.user
            lock_company(user.company_id)
            try:
                use_token(token, now)
            except InvalidToken:
                raise InvalidEmailLink() from None
            new = user.pending_email
            if email_owner(new, except_user_id=user.id) is not None:
                raise EmailNotAvailable()
            record_change(
                company_id=user.company_id,
                actor=user,
                target_type=AuditTarget.USER,
                target_id=user.id,
                field=AuditField.EMAIL,
                old=user.email,
                new=new,
                now=now,
            )
            user.email = new
            user.pending_email = None
            enqueue_contact(user, user.company)
    except IntegrityError:
        # Another request took the address in the same moment (users.email is unique).
        raise EmailNotAvailable() from None
    return user
