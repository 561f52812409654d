"""E-mail addresses of a company's users (§4, §11): whose an address is, and the change of a
user's address, which waits for a link sent to the new address.

An address that has an account in another company is never revealed, not even that one
exists: its owner is told by mail instead.
"""

from collections.abc import Mapping
from datetime import datetime
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from shop.domain.audit import AuditField, AuditTarget
from shop.extensions import db
from shop.mail import compose_mail
from shop.models import Company, PasswordToken, User
from shop.services.customer_center.audit_trail import record_change
from shop.services.customer_center.companies import lock_company
from shop.services.customer_center.contact_updates import enqueue_contact
from shop.services.customer_center.exceptions import (
    EmailInUse,
    EmailNotAvailable,
    InvalidEmailLink,
)
from shop.services.mail_outbox import MailObsolete, public_url, queue_mail
from shop.services.password_tokens import (
    InvalidToken,
    TokenPurpose,
    find_valid_token,
    invalidate_tokens,
    issue_mailed_token,
    link_mail_key,
    mailed_link_token,
    use_token,
)
from shop.services.unit_of_work import unit_of_work

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

    Called after the refused change's unit of work. Within the company the main contact may
    know the colleague; an account of another company is never revealed, not even that one
    exists.
    """
    if owner.company_id == actor.company_id:
        return EmailInUse(owner.name)
    tell_address_owner(owner, actor.company)
    return EmailNotAvailable()


ADDRESS_IN_USE = "address_in_use"
EMAIL_CHANGE = "email_change"


def tell_address_owner(owner: User, company: Company) -> None:
    """Mail the owner of an address that another company tried to use, through the outbox:
    in the caller's unit of work, or in one of its own after a refused change."""
    with unit_of_work():
        queue_mail(
            ADDRESS_IN_USE, owner, f"mail:user:{owner.id}:address_in_use", company_id=company.id
        )


def queue_email_confirmation(user: User, now: datetime) -> None:
    """Issue a confirmation link for the user's pending address and queue its mail to that
    address (in the caller's unit of work)."""
    token, seed = issue_mailed_token(user, TokenPurpose.CONFIRM_EMAIL, now)
    queue_mail(
        EMAIL_CHANGE,
        user,
        link_mail_key(token),
        to=user.pending_email,
        token_id=token.id,
        seed=seed,
    )


def invalidate_email_links(user_id: int, now: datetime) -> None:
    """End the user's open confirmation links (in the caller's unit of work)."""
    invalidate_tokens(user_id, now, CONFIRM_EMAIL_PURPOSES)


def compose_address_notice(payload: Mapping, owner: User) -> EmailMessage:
    company = db.session.get(Company, payload["company_id"])
    if company is None:
        raise MailObsolete(f"company {payload['company_id']} no longer exists")
    return compose_mail(
        payload["to"], ADDRESS_IN_USE, payload["locale"], owner=owner, company=company
    )


def compose_email_confirmation(payload: Mapping, user: User) -> EmailMessage:
    _token, raw = mailed_link_token(payload)
    return compose_mail(
        payload["to"],
        EMAIL_CHANGE,
        payload["locale"],
        user=user,
        link=public_url("customer_center.confirm_email_change", token=raw),
        hours=current_app.config["PASSWORD_TOKEN_HOURS"],
    )


COMPOSERS = {ADDRESS_IN_USE: compose_address_notice, EMAIL_CHANGE: compose_email_confirmation}


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
