"""Keeping registered companies in step with the ERP's customer master data (§7)."""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from erp_bridge import Customer, ErpClient, ErpRejected, customer_number_key
from shop.domain.audit import AuditField, AuditTarget
from shop.extensions import db
from shop.models import Address, Company
from shop.services.customer_center.audit_trail import record_change
from shop.services.customer_center.company_changes import settle_made_changes
from shop.services.unit_of_work import end_reads, unit_of_work

log = logging.getLogger(__name__)

SYNCED_FIELDS = ("name", "vat_id", "payment_terms", "allowed_payment_methods", "customer_center")


@dataclass
class SyncReport:
    checked: int = 0
    changed: int = 0
    locked: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    # Customers whose master data the ERP sent with invalid text: left as they were.
    invalid: list[str] = field(default_factory=list)


def _address_line(address) -> str:
    place = f"{address.postal_code} {address.city}, {address.country}"
    return f"{address.kind}: {address.name}, {address.street}, {place}"


def apply_customer(company: Company, customer: Customer, now: datetime) -> list[str]:
    """Copy the ERP's master data onto the company, auditing each change; the changed fields."""
    values = {
        "name": customer.name,
        "vat_id": customer.vat_id or None,
        "payment_terms": customer.payment_terms,
        "allowed_payment_methods": list(customer.payment_methods),
        "customer_center": customer.customer_center,
    }
    changed = []
    for name in SYNCED_FIELDS:
        old = getattr(company, name)
        if old != values[name]:
            if company.id is not None:
                _audit(company, name, old, values[name], now)
            setattr(company, name, values[name])
            changed.append(name)
    if _replace_erp_addresses(company, customer, now):
        changed.append("addresses")
    company.synced_at = now
    return changed


def _replace_erp_addresses(company: Company, customer: Customer, now: datetime) -> bool:
    old = sorted(_address_line(a) for a in company.addresses if a.from_erp)
    new = sorted(_address_line(a) for a in customer.addresses)
    if old == new:
        return False
    if company.id is not None:
        _audit(company, "addresses", "; ".join(old), "; ".join(new), now)
    kept = [a for a in company.addresses if not a.from_erp]
    has_default = any(a.is_default for a in kept)
    imported = []
    for erp_address in customer.addresses:
        is_default = erp_address.kind == "delivery" and not has_default
        has_default = has_default or is_default
        imported.append(
            Address(
                kind=erp_address.kind,
                name=erp_address.name,
                street=erp_address.street,
                postal_code=erp_address.postal_code,
                city=erp_address.city,
                country=erp_address.country,
                is_default=is_default,
                from_erp=True,
            )
        )
    company.addresses = kept + imported
    return True


def sync_customers(
    client: ErpClient, now: datetime, customer_number: str | None = None
) -> SyncReport:
    """Refresh every registered company (or one) from GetCustomer; one unit of work per company.

    ErpUnavailable ends the run (the next scheduled run tries again). A customer the ERP no
    longer knows is locked out like one whose customer-center flag was removed.
    """
    query = select(Company.id, Company.customer_number).order_by(Company.id)
    if customer_number is not None:
        key = customer_number_key(customer_number)
        query = query.where(func.lower(Company.customer_number) == key)
    report = SyncReport()
    companies = db.session.execute(query).all()
    for company_id, number in companies:
        # No transaction stays open while the ERP is asked.
        end_reads()
        report.checked += 1
        try:
            customer = client.get_customer(number)
        except ErpRejected as error:
            log.warning("customer %s unknown to the ERP: %s", number, error)
            report.unknown.append(number)
            customer = None
        if customer is not None and not customer.is_valid:
            log.warning(
                "customer %s: the ERP's master data is invalid (%s); the company is left as it is",
                number,
                ", ".join(customer.problems),
            )
            report.invalid.append(number)
            continue
        with unit_of_work():
            company = db.session.get(Company, company_id)
            if customer is None:
                changed = _lock(company, now)
            else:
                changed = apply_customer(company, customer, now)
                db.session.flush()
                # #15: a change request the ERP has made no longer shows as open.
                settle_made_changes(company, now)
            locked = not company.customer_center
        if changed:
            report.changed += 1
        if locked:
            report.locked.append(number)
    return report


def _lock(company: Company, now: datetime) -> list[str]:
    if not company.customer_center:
        return []
    _audit(company, "customer_center", True, False, now)
    company.customer_center = False
    return ["customer_center"]


def _audit(company: Company, field: str, old: object, new: object, now: datetime) -> None:
    """A change the ERP sync made to a company, in the audit trail (actor: the sync)."""
    record_change(
        company_id=company.id,
        actor=None,
        target_type=AuditTarget.COMPANY,
        target_id=company.id,
        field=AuditField(field),
        old=old,
        new=new,
        now=now,
    )
