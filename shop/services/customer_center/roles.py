"""Roles of a company: every company has the five predefined roles as rows."""

from sqlalchemy import select

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import Company, Role, User, user_roles


def ensure_predefined_roles(company: Company) -> dict[PredefinedRole, Role]:
    """Create the company's predefined roles where missing (in the caller's transaction)."""
    if company.id is None:
        db.session.add(company)
        db.session.flush()
    existing = {
        role.predefined: role
        for role in db.session.scalars(
            select(Role).where(Role.company_id == company.id, Role.predefined.is_not(None))
        )
    }
    roles = {}
    for kind in PredefinedRole:
        role = existing.get(kind.value)
        if role is None:
            role = Role(company_id=company.id, predefined=kind.value, name=kind.value)
            role.custom_rights = []
            db.session.add(role)
        roles[kind] = role
    return roles


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
