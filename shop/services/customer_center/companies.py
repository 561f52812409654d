"""A company as its main contacts administer it (§4): its active main contacts (there is always
at least one), its users for the filters, and one change of its users and roles at a time."""

from datetime import datetime

from sqlalchemy import func, select

from shop.domain.audit import AuditField, AuditTarget
from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import Company, Role, User, user_roles
from shop.services.customer_center.audit_trail import record_change
from shop.services.customer_center.exceptions import NotInCompany
from shop.services.unit_of_work import unit_of_work


def main_contacts_query(company_id: int):
    """Active main contacts of a company, oldest first."""
    return (
        select(User)
        .join(user_roles, user_roles.c.user_id == User.id)
        .join(Role, Role.id == user_roles.c.role_id)
        .where(
            User.company_id == company_id,
            User.active,
            Role.predefined == PredefinedRole.MAIN_CONTACT.value,
        )
        .order_by(User.id)
    )


def active_main_contact_ids(company_id: int) -> set[int]:
    """The ids of the company's active main contacts."""
    return {user.id for user in db.session.scalars(main_contacts_query(company_id))}


def lock_company(company_id: int) -> None:
    """Serialize user administration per company (SQLite: the unit of work's write lock does it).

    Two main contacts changing users at the same moment are settled one after the other, so
    the last active main contact is never lost to a race.
    """
    if db.engine.dialect.name == "postgresql":
        db.session.execute(select(Company.id).where(Company.id == company_id).with_for_update())


def company_users(company_id: int) -> list[User]:
    """All users of the company by name (for filters)."""
    return list(
        db.session.scalars(
            select(User).where(User.company_id == company_id).order_by(func.lower(User.name))
        )
    )


def company_user(company_id: int, user_id: int, lock: bool = False) -> User:
    """A user of the company, locked for update if asked; NotInCompany for anybody else."""
    user = db.session.get(User, user_id, with_for_update=True if lock else None)
    if user is None or user.company_id != company_id:
        raise NotInCompany(user_id)
    return user


def set_review_requests_opt_out(actor: User, opt_out: bool, now: datetime) -> bool:
    """§8: whether the actor's company gets review request mails; True if it changed (audited)."""
    with unit_of_work():
        lock_company(actor.company_id)
        company = db.session.get(Company, actor.company_id, populate_existing=True)
        if company.review_requests_opt_out == opt_out:
            return False
        record_change(
            company_id=company.id,
            actor=actor,
            target_type=AuditTarget.COMPANY,
            target_id=company.id,
            field=AuditField.REVIEW_REQUESTS_OPT_OUT,
            old=company.review_requests_opt_out,
            new=opt_out,
            now=now,
        )
        company.review_requests_opt_out = opt_out
    return True
