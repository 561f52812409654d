"""Self-registration of a company's main contact (§3): the ERP confirms the details, the
company is created from the ERP's master data with its main contact (the view mails the
set-password link)."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from erp_bridge import ErpClient, customer_number_key
from shop.domain.audit import AuditField, AuditTarget
from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import Company, User
from shop.services.customer_center.audit_trail import record_change
from shop.services.customer_center.companies import main_contacts_query
from shop.services.customer_center.exceptions import (
    AlreadyRegistered,
    CustomerDataInvalid,
    EmailInUse,
    RegistrationRefused,
)
from shop.services.customer_center.roles import ensure_predefined_roles
from shop.services.customer_sync import apply_customer
from shop.services.onboarding import start_onboarding
from shop.services.password_tokens import TokenPurpose, queue_password_link
from shop.services.unit_of_work import unit_of_work


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
    """Create the company from the ERP's master data and its main contact (no password yet),
    with the mail of the link that sets it queued.

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
    with unit_of_work():
        if db.session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
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
        queue_password_link(user, TokenPurpose.ACTIVATE, now)
        start_onboarding(company, now)
    return user
