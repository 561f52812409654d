"""The ERP's contacts of a customer taken over as users (§3.6, §4): which can be imported, and
the import itself, each contact with its own roles (no password yet; invitations follow) and
its own outcome (#15)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

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


class ImportOutcome(StrEnum):
    """What became of one chosen contact (#15: the main contact sees it per contact)."""

    IMPORTED = "imported"
    ALREADY_USER = "already_user"
    FAILED = "failed"


class ImportFailure(StrEnum):
    """Why a chosen contact was not imported."""

    # The address has an account of another company (whose stays untold; its owner is told).
    ADDRESS_NOT_AVAILABLE = "address_not_available"
    # The ERP's data breaks the text rules (e.g. CR/LF in the e-mail).
    INVALID_DATA = "invalid_data"
    # The ERP no longer lists the contact (removed between the list and the import).
    NOT_IN_ERP = "not_in_erp"


@dataclass(frozen=True)
class ContactResult:
    """One chosen contact after the import: its user when imported, else why not."""

    contact_id: str
    name: str
    email: str
    outcome: ImportOutcome
    failure: ImportFailure | None = None
    user: User | None = None


def import_contacts(
    actor: User,
    client: ErpClient,
    roles_by_contact: Mapping[str, Iterable[int]],
    now: datetime,
    locale: str | None = None,
) -> list[ContactResult]:
    """Take the chosen ERP contacts over as users, each with the roles chosen for them (no
    password yet), each with its invitation mail queued; the outcome per contact.

    The contacts are read from the ERP again, never from the form, so only this customer's
    contacts can be imported. Raises the ERP's ErpUnavailable before anything is written, and
    UnknownRole (nothing written) when a role is not the company's.
    """
    company = actor.company
    listed = {c.contact_id: c for c in client.list_contacts(company.customer_number)}
    results: dict[str, ContactResult] = {}
    taken: list[User] = []
    try:
        with unit_of_work():
            company = actor.company
            lock_company(company.id)
            for contact_id, role_ids in roles_by_contact.items():
                contact = listed.get(contact_id)
                if contact is None:
                    results[contact_id] = ContactResult(
                        contact_id, "", "", ImportOutcome.FAILED, ImportFailure.NOT_IN_ERP
                    )
                    continue
                result, owner = _import_one(actor, company, contact, role_ids, now, locale)
                results[contact_id] = result
                if owner is not None:
                    taken.append(owner)
            for owner in taken:
                tell_address_owner(owner, company)
    except IntegrityError:
        # Another request took one of the addresses in the same moment (users.email is unique).
        raise EmailNotAvailable() from None
    return list(results.values())


def _import_one(
    actor: User,
    company: Company,
    contact: Contact,
    role_ids: Iterable[int],
    now: datetime,
    locale: str | None,
) -> tuple[ContactResult, User | None]:
    """One contact in the import's unit of work; the address's other owner when taken."""

    def result(outcome: ImportOutcome, failure: ImportFailure | None = None, user=None):
        return ContactResult(
            contact.contact_id or "", contact.name, contact.email, outcome, failure, user
        )

    if not contact.is_valid:
        # A contact whose ERP data is invalid (e.g. CR/LF in the e-mail) is never written.
        return result(ImportOutcome.FAILED, ImportFailure.INVALID_DATA), None
    email = normalized_email(contact.email)
    owner = email_owner(email)
    if owner is not None and owner.company_id == company.id:
        return result(ImportOutcome.ALREADY_USER), None
    if owner is not None:
        return result(ImportOutcome.FAILED, ImportFailure.ADDRESS_NOT_AVAILABLE), owner
    roles = roles_by_ids(company.id, role_ids)
    user = new_user(company, contact.name.strip(), email, roles, locale, contact.contact_id)
    record_change_by(
        actor, AuditTarget.USER, user.id, AuditField.IMPORTED, "", contact.contact_id, now
    )
    record_change_by(actor, AuditTarget.USER, user.id, AuditField.ROLES, "", role_names(roles), now)
    enqueue_contact(user, company, phone=contact.phone)
    queue_password_link(user, TokenPurpose.INVITE, now)
    return result(ImportOutcome.IMPORTED, user=user), None
