"""The ERP's contacts of a customer taken over as users (§3.6, §4): which can be imported, and
the import itself (no password yet; invitations follow)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from erp_bridge import Contact, ErpClient
from shop.domain.audit import AuditField, AuditTarget
from shop.extensions import db
from shop.models import Company, User
from shop.services.customer_center.audit_trail import record_change_by
from shop.services.customer_center.companies import lock_company
from shop.services.customer_center.contact_updates import enqueue_contact
from shop.services.customer_center.exceptions import EmailNotAvailable
from shop.services.customer_center.roles import role_names, roles_by_ids
from shop.services.customer_center.user_email import (
    email_owner,
    normalized_email,
    tell_address_owner,
)
from shop.services.customer_center.users import new_user
from shop.services.password_tokens import TokenPurpose, queue_password_link
from shop.services.unit_of_work import unit_of_work


@dataclass(frozen=True)
class ImportableContact:
    contact: Contact
    already_user: bool

    @property
    def importable(self) -> bool:
        """Offered for import: no account yet and the ERP's data is usable."""
        return not self.already_user and self.contact.is_valid


def importable_contacts(client: ErpClient, company: Company) -> list[ImportableContact]:
    """The ERP's contacts of this customer, marked when they already have a shop account."""
    contacts = client.list_contacts(company.customer_number)
    emails = {
        e.lower()
        for e in db.session.scalars(select(User.email).where(User.company_id == company.id))
    }
    return [ImportableContact(c, c.email.lower() in emails) for c in contacts]


@dataclass(frozen=True)
class ImportResult:
    created: list[User]
    # Contacts whose address is a user of this company already.
    already_users: list[Contact]
    # Contacts whose address cannot take an account (another company's: its owner is told).
    not_available: list[Contact]


def import_contacts(
    actor: User,
    client: ErpClient,
    contact_ids: Iterable[str],
    role_ids: Iterable[int],
    now: datetime,
    locale: str | None = None,
) -> ImportResult:
    """Take the chosen ERP contacts over as users (no password yet), each with its invitation
    mail queued.

    The contacts are read from the ERP again, never from the form, so only this customer's
    contacts can be imported. Raises the ERP's ErpUnavailable before anything is written.
    """
    company = actor.company
    wanted = set(contact_ids)
    # A contact whose ERP data is invalid (e.g. CR/LF in the e-mail) is never written.
    contacts = [
        c
        for c in client.list_contacts(company.customer_number)
        if c.contact_id in wanted and c.is_valid
    ]
    created, already_users, taken = [], [], []
    try:
        with unit_of_work():
            company = actor.company
            lock_company(company.id)
            roles = roles_by_ids(company.id, role_ids)
            for contact in contacts:
                email = normalized_email(contact.email)
                owner = email_owner(email)
                if owner is not None and owner.company_id == company.id:
                    already_users.append(contact)
                    continue
                if owner is not None:
                    taken.append((contact, owner))
                    continue
                user = new_user(
                    company, contact.name.strip(), email, roles, locale, contact.contact_id
                )
                record_change_by(
                    actor,
                    AuditTarget.USER,
                    user.id,
                    AuditField.IMPORTED,
                    "",
                    contact.contact_id,
                    now,
                )
                record_change_by(
                    actor, AuditTarget.USER, user.id, AuditField.ROLES, "", role_names(roles), now
                )
                enqueue_contact(user, company, phone=contact.phone)
                queue_password_link(user, TokenPurpose.INVITE, now)
                created.append(user)
            for _contact, owner in taken:
                tell_address_owner(owner, company)
    except IntegrityError:
        # Another request took one of the addresses in the same moment (users.email is unique).
        raise EmailNotAvailable() from None
    return ImportResult(created, already_users, [contact for contact, _owner in taken])
