"""Roles of a company (§2): the five predefined roles as rows of every company, and custom roles
built from the same rights, created, changed and deleted by a main contact.

A change of a role's rights routes the company's waiting orders again in the same unit of
work (#14), so no order stays with somebody who can no longer decide it.
"""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Row, bindparam, func, select

from shop.domain.audit import AuditField, AuditTarget
from shop.domain.rights import PredefinedRole, Right
from shop.extensions import db
from shop.models import Company, Role, User, user_roles
from shop.services.approval_routing import RerouteCause, reroute_waiting_orders
from shop.services.customer_center.audit_trail import record_change_by
from shop.services.customer_center.companies import lock_company
from shop.services.customer_center.exceptions import (
    PredefinedRoleIsReadOnly,
    RoleInUse,
    RoleNameTaken,
    UnknownRole,
)
from shop.services.plain_rows import rows_of
from shop.services.unit_of_work import unit_of_work

PREDEFINED_ORDER = [kind.value for kind in PredefinedRole]


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


def company_roles(company_id: int) -> list[Role]:
    """The company's roles: the predefined ones in §2's order, then custom ones by name."""
    roles = db.session.scalars(select(Role).where(Role.company_id == company_id)).all()
    return sorted(roles, key=_in_role_order)


# A menu's roles as plain rows from a statement built once: the user list's role filter
# asks on every request, and loading Role entities for it was ~7 % of the page's CPU (#10).
_ROLE_CHOICES = select(Role.id, Role.predefined, Role.name).where(
    Role.company_id == bindparam("company_id")
)


def role_choices(company_id: int) -> list[Row]:
    """company_roles' id, predefined and name, in the same order (for menus)."""
    return sorted(rows_of(_ROLE_CHOICES, {"company_id": company_id}), key=_in_role_order)


def _in_role_order(role: Role | Row) -> tuple:
    if role.predefined in PREDEFINED_ORDER:
        return (0, PREDEFINED_ORDER.index(role.predefined), "")
    return (1, 0, role.name.lower())


def roles_by_ids(company_id: int, role_ids: Iterable[int]) -> list[Role]:
    """The company's roles with these ids; UnknownRole if one is not the company's."""
    wanted = set(role_ids)
    roles = db.session.scalars(
        select(Role).where(Role.company_id == company_id, Role.id.in_(wanted)).order_by(Role.id)
    ).all()
    if len(roles) != len(wanted):
        raise UnknownRole()
    return list(roles)


def role_names(roles: Iterable[Role]) -> list[str]:
    """The roles as the audit trail stores them."""
    # Predefined roles by their key (translated when shown), custom ones by name.
    return sorted(role.predefined or role.name for role in roles)


def role_user_counts(company_id: int) -> dict[int, int]:
    """How many users hold each of the company's roles."""
    rows = db.session.execute(
        select(user_roles.c.role_id, func.count(user_roles.c.user_id))
        .join(Role, Role.id == user_roles.c.role_id)
        .where(Role.company_id == company_id)
        .group_by(user_roles.c.role_id)
    )
    return dict(rows.all())


def _sorted_rights(rights: Iterable[str]) -> list[str]:
    order = [right.value for right in Right]
    return sorted({Right(value).value for value in rights}, key=order.index)


def _name_taken(company_id: int, name: str, except_role_id: int | None = None) -> bool:
    query = select(Role.id).where(
        Role.company_id == company_id, func.lower(Role.name) == name.lower()
    )
    if except_role_id is not None:
        query = query.where(Role.id != except_role_id)
    # The predefined roles' keys are names too ("buyer"), and "Main contact" would look like
    # the predefined one in every list: a custom role takes neither.
    predefined_names = set(PREDEFINED_ORDER) | {key.replace("_", " ") for key in PREDEFINED_ORDER}
    return db.session.scalar(query.limit(1)) is not None or name.lower() in predefined_names


def create_role(actor: User, name: str, rights: Iterable[str], now: datetime) -> Role:
    """A company-specific role from the same rights as the predefined ones (§2)."""
    with unit_of_work():
        company_id = actor.company_id
        lock_company(company_id)
        name = name.strip()
        if _name_taken(company_id, name):
            raise RoleNameTaken()
        role = Role(company_id=company_id, predefined=None, name=name)
        role.custom_rights = _sorted_rights(rights)
        db.session.add(role)
        db.session.flush()
        record_change_by(actor, AuditTarget.ROLE, role.id, AuditField.CREATED, "", name, now)
        record_change_by(
            actor, AuditTarget.ROLE, role.id, AuditField.RIGHTS, "", role.custom_rights, now
        )
    return role


def copy_role(actor: User, source: Role, name: str, now: datetime) -> Role:
    """A custom role named `name` with the rights of `source` (a predefined role, say), to be
    adjusted afterwards; RoleNameTaken when the company has that name already."""
    return create_role(actor, name, [right.value for right in source.rights], now)


def update_role(actor: User, role: Role, name: str, rights: Iterable[str], now: datetime) -> Role:
    """Rename a custom role or change its rights; its users' rights change at once."""
    with unit_of_work():
        lock_company(role.company_id)
        if role.predefined:
            raise PredefinedRoleIsReadOnly()
        name = name.strip()
        if _name_taken(role.company_id, name, except_role_id=role.id):
            raise RoleNameTaken()
        new_rights = _sorted_rights(rights)
        if name != role.name:
            record_change_by(
                actor, AuditTarget.ROLE, role.id, AuditField.NAME, role.name, name, now
            )
            role.name = name
        old_rights = _sorted_rights(role.custom_rights)
        if new_rights != old_rights:
            record_change_by(
                actor, AuditTarget.ROLE, role.id, AuditField.RIGHTS, old_rights, new_rights, now
            )
            role.custom_rights = new_rights
            reroute_waiting_orders(role.company_id, actor, RerouteCause.ROLE_RIGHTS, role.name, now)
    return role


def delete_role(actor: User, role: Role, now: datetime) -> None:
    """Delete a custom role nobody holds; a role in use is refused (RoleInUse), not unassigned."""
    with unit_of_work():
        lock_company(role.company_id)
        if role.predefined:
            raise PredefinedRoleIsReadOnly()
        holders = db.session.scalar(
            select(func.count()).select_from(user_roles).where(user_roles.c.role_id == role.id)
        )
        if holders:
            raise RoleInUse(holders)
        record_change_by(actor, AuditTarget.ROLE, role.id, AuditField.DELETED, role.name, "", now)
        db.session.delete(role)
