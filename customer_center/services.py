"""Customer-center use cases: self-registration of a company's main contact (§3) and the
ERP contacts that can be taken over as users (§3.6, §4)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from customer_center.exceptions import EmailInUse
from erp_bridge import Contact, ErpClient, customer_number_key
from shop.domain.audit import AuditField, AuditTarget
from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import Company, User
from shop.services.audit import record_change
from shop.services.customer_sync import apply_customer
from shop.services.roles import ensure_predefined_roles, main_contacts_query
from shop.services.transactions import begin_write


class RegistrationRefused(Exception):
    """The ERP did not confirm the details; the visitor is never told which one was wrong."""


class AlreadyRegistered(Exception):
    """The company uses the customer center already; its main contact can add the visitor."""

    def __init__(self, masked_main_contact: str) -> None:
        super().__init__(masked_main_contact)
        self.masked_main_contact = masked_main_contact


class CustomerDataInvalid(Exception):
    """The ERP's master data of this customer cannot be stored (e.g. control characters)."""


def mask_email(email: str) -> str:
    """'anna.mueller@example.com' → 'a*********r@example.com': enough to recognise, not to use."""
    local, _, domain = email.partition("@")
    if len(local) <= 2:
        return f"{local[:1]}*@{domain}"
    return f"{local[0]}{'*' * (len(local) - 2)}{local[-1]}@{domain}"


def _main_contact_of(company: Company) -> User | None:
    return db.session.scalar(main_contacts_query(company.id))


def _company(customer_number: str) -> Company | None:
    # The contract's rule: customer numbers match without regard to case.
    key = customer_number_key(customer_number)
    return db.session.scalar(select(Company).where(func.lower(Company.customer_number) == key))


def register_main_contact(
    client: ErpClient,
    customer_number: str,
    invoice_number: str,
    email: str,
    name: str,
    now: datetime,
) -> User:
    """Create the company from the ERP's master data and its main contact (no password yet).

    Raises RegistrationRefused, AlreadyRegistered, CustomerDataInvalid, EmailInUse, or the
    ERP's ErpUnavailable.
    """
    # Sent as typed: the ERP matches customer numbers without regard to case, and the
    # company is stored under the ERP's own spelling (GetCustomer's answer).
    customer_number = customer_number.strip()
    email = email.strip().lower()
    # The ERP check comes first, so nobody can probe which customers are registered.
    if not client.verify_customer_center_access(customer_number, invoice_number.strip(), email):
        raise RegistrationRefused()
    existing = _company(customer_number)
    if existing is not None:
        main_contact = _main_contact_of(existing)
        raise AlreadyRegistered(mask_email(main_contact.email) if main_contact else "")
    customer = client.get_customer(customer_number)
    if not customer.customer_center:
        raise RegistrationRefused()
    if not customer.is_valid:
        raise CustomerDataInvalid()
    begin_write()
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
        db.session.rollback()
        raise EmailInUse()
    company = Company(customer_number=customer.customer_number, name=customer.name)
    apply_customer(company, customer, now)
    user = User(company=company, email=email, name=name.strip(), password_hash=None)
    try:
        db.session.add_all([company, user])
        roles = ensure_predefined_roles(company)
        user.roles = [roles[PredefinedRole.MAIN_CONTACT]]
        db.session.flush()
    except IntegrityError:
        # A second registration of the same company (or address) in the same moment.
        db.session.rollback()
        raise AlreadyRegistered(mask_email(email)) from None
    record_change(
        company_id=company.id,
        actor=user,
        target_type=AuditTarget.COMPANY,
        target_id=company.id,
        field=AuditField.CUSTOMER_CENTER_ACTIVATED,
        old="",
        new=user.email,
        now=now,
    )
    db.session.commit()
    return user


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
