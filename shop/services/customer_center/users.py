"""The company's users (§4): the list with its filters, a new user (invited by mail),
activation and deactivation, and changes of name, roles and e-mail address.

Every change is one unit of work that locks the company first (PostgreSQL; SQLite's write
lock does it), so two main contacts changing users at the same moment are settled one after
the other and the last active main contact is never lost to a race. A change that affects
who may approve routes the company's waiting orders again in the same unit of work (#14).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.exc import IntegrityError

from shop.domain.audit import AuditField, AuditTarget
from shop.domain.budgets import Budget
from shop.domain.rights import PredefinedRole, would_remove_last_main_contact
from shop.domain.users import UserStatus, may_resend_invitation, next_invitation_at
from shop.extensions import db
from shop.models import Company, PasswordToken, Role, User, user_roles
from shop.services.approval_routing import RerouteCause, reroute_waiting_orders
from shop.services.customer_center.audit_trail import record_change_by
from shop.services.customer_center.budgets import apply_user_budget
from shop.services.customer_center.companies import active_main_contact_ids, lock_company
from shop.services.customer_center.contact_updates import enqueue_contact
from shop.services.customer_center.exceptions import (
    EmailInUse,
    EmailNotAvailable,
    LastMainContact,
    NotInvited,
    OwnAccount,
    TooManyInvitations,
)
from shop.services.customer_center.roles import role_names, roles_by_ids
from shop.services.customer_center.user_email import (
    email_owner,
    invalidate_email_links,
    normalized_email,
    queue_email_confirmation,
    refuse_taken_address,
    tell_address_owner,
)
from shop.services.pagination import Page, paginate_counted
from shop.services.password_tokens import (
    PASSWORD_PURPOSES,
    TokenPurpose,
    invalidate_tokens,
    queue_password_link,
)
from shop.services.plain_rows import rows_of
from shop.services.spend import month_parameters, month_spend_column
from shop.services.unit_of_work import unit_of_work

PAGE_SIZE = 25


# -- reading ---------------------------------------------------------------------------


def status_of(user: User) -> UserStatus:
    return _status(user.active, user.password_hash is not None)


def _status(active: bool, has_password: bool) -> UserStatus:
    if not active:
        return UserStatus.INACTIVE
    return UserStatus.ACTIVE if has_password else UserStatus.INVITED


@dataclass(frozen=True)
class UserQuery:
    """The list's filters: free text on name and e-mail, status, role."""

    text: str = ""
    status: str = ""
    role_id: int | None = None


@dataclass(frozen=True)
class ListedRole:
    """What a list shows of a role: role_label reads `predefined` or `name`."""

    id: int
    predefined: str | None
    name: str


@dataclass(frozen=True)
class ListedUser:
    """What the user list shows of a user, read as plain values (#10)."""

    id: int
    name: str
    email: str
    pending_email: str | None
    active: bool
    roles: tuple[ListedRole, ...]


@dataclass(frozen=True)
class UserRow:
    user: ListedUser
    status: UserStatus
    budget: Budget
    uses_company_default: bool
    month_spend: Decimal


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# The filters a list may combine; anything else asks for no status.
_STATUSES = frozenset(status.value for status in UserStatus)


def _user_conditions(has_text: bool, status: str, has_role: bool, one_user: bool) -> list:
    """The list's conditions for one combination of filters, their values bound."""
    conditions = [User.company_id == bindparam("company_id")]
    if one_user:
        conditions.append(User.id == bindparam("user_id"))
    if has_text:
        pattern = bindparam("pattern")
        conditions.append(
            or_(User.name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\"))
        )
    if status == UserStatus.ACTIVE:
        conditions += [User.active.is_(True), User.password_hash.is_not(None)]
    elif status == UserStatus.INVITED:
        conditions += [User.active.is_(True), User.password_hash.is_(None)]
    elif status == UserStatus.INACTIVE:
        conditions.append(User.active.is_(False))
    if has_role:
        conditions.append(
            User.id.in_(
                select(user_roles.c.user_id).where(user_roles.c.role_id == bindparam("role_id"))
            )
        )
    return conditions


@lru_cache(maxsize=len(_STATUSES) * 8 + 8)
def _list_statements(
    has_text: bool, status: str, has_role: bool, one_user: bool
) -> tuple[Select, Select]:
    """The count and the page of users for one combination of filters, built once: building
    them per request cost the list more CPU than SQLite's answers (#10)."""
    conditions = _user_conditions(has_text, status, has_role, one_user)
    count = select(func.count(User.id)).where(*conditions)
    # The page's users with their roles as plain rows of one statement: loading 25 User
    # objects and then their roles took a fifth of the list's time (#10).
    listed = (
        select(
            User.id,
            User.name,
            User.email,
            User.pending_email,
            User.active,
            User.password_hash.is_not(None).label("has_password"),
            User.has_own_budget,
            User.max_quantity_per_order,
            User.max_order_value,
            User.monthly_budget,
        )
        .where(*conditions)
        .order_by(func.lower(User.name), User.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery()
    )
    # Each listed user's spend in the same statement, outside the sorted subquery: worked out
    # for the page's users only (#10: one statement fewer).
    spend = month_spend_column(listed.c.id).label("month_spend")
    rows = (
        select(
            listed,
            spend,
            Role.id.label("role_id"),
            Role.predefined,
            Role.name.label("role_name"),
        )
        .outerjoin(user_roles, user_roles.c.user_id == listed.c.id)
        .outerjoin(Role, Role.id == user_roles.c.role_id)
        # Roles in User.roles' order.
        .order_by(func.lower(listed.c.name), listed.c.id, Role.id)
    )
    return count, rows


def _filtered(company: Company, query: UserQuery, today: date) -> tuple[Select, Select, dict]:
    """The list's statements for these filters, and the values they are read with."""
    text = query.text.strip()
    status = query.status if query.status in _STATUSES else ""
    count, rows = _list_statements(bool(text), status, query.role_id is not None, False)
    values = month_parameters(company.id, today)
    if text:
        values["pattern"] = _like(text)
    if query.role_id is not None:
        values["role_id"] = query.role_id
    return count, rows, values


def users_page(
    company: Company, query: UserQuery, page: int, today: date, page_size: int = PAGE_SIZE
) -> Page:
    """One page of the company's users matching the filters, with budget and month's spend."""
    count, rows, values = _filtered(company, query, today)
    total = rows_of(count, values).scalar() or 0
    return paginate_counted(
        total,
        page,
        page_size,
        lambda limit, offset: _user_rows(
            company, rows, {**values, "limit": limit, "offset": offset}
        ),
    )


def user_row(user: User, today: date) -> UserRow:
    """The list row of one user (after a toggle, on their page), read as the list reads it."""
    _count, rows = _list_statements(False, "", False, True)
    values = {
        **month_parameters(user.company_id, today),
        "user_id": user.id,
        "limit": 1,
        "offset": 0,
    }
    (row,) = _user_rows(user.company, rows, values)
    return row


def _user_rows(company: Company, statement: Select, values: dict) -> list[UserRow]:
    users: dict[int, tuple] = {}
    roles: dict[int, list[ListedRole]] = {}
    for row in rows_of(statement, values):
        if row.id not in users:
            users[row.id], roles[row.id] = row, []
        if row.role_id is not None:
            roles[row.id].append(ListedRole(row.role_id, row.predefined, row.role_name))
    default = company.default_budget
    return [
        UserRow(
            user=ListedUser(
                row.id, row.name, row.email, row.pending_email, row.active, tuple(roles[row.id])
            ),
            status=_status(row.active, row.has_password),
            budget=Budget(row.max_quantity_per_order, row.max_order_value, row.monthly_budget)
            if row.has_own_budget
            else default,
            uses_company_default=not row.has_own_budget,
            month_spend=row.month_spend if row.month_spend is not None else Decimal("0.00"),
        )
        for row in users.values()
    ]


# -- writing ---------------------------------------------------------------------------


def create_user(
    actor: User,
    name: str,
    email: str,
    role_ids: Iterable[int],
    now: datetime,
    locale: str | None = None,
    budget: Budget | None = None,
) -> User:
    """A new user of the actor's company without a password; the invitation mail with the
    link that sets it is queued with the user.

    budget: the user's own limits (§5); None leaves them on the company default.
    """
    email = normalized_email(email)
    try:
        with unit_of_work():
            company = actor.company
            lock_company(company.id)
            owner = email_owner(email)
            if owner is None:
                roles = roles_by_ids(company.id, role_ids)
                user = new_user(company, name.strip(), email, roles, locale)
                record_change_by(
                    actor, AuditTarget.USER, user.id, AuditField.CREATED, "", user.email, now
                )
                record_change_by(
                    actor, AuditTarget.USER, user.id, AuditField.ROLES, "", role_names(roles), now
                )
                if budget is not None:
                    apply_user_budget(actor, user, budget, now)
                enqueue_contact(user, company)
                # Queued with the user: the invitation exists exactly when the user does.
                queue_password_link(user, TokenPurpose.INVITE, now)
    except IntegrityError:
        # Another request took the address in the same moment (users.email is unique).
        raise EmailNotAvailable() from None
    if owner is not None:
        raise refuse_taken_address(owner, actor)
    return user


def new_user(
    company: Company,
    name: str,
    email: str,
    roles: list[Role],
    locale: str | None,
    erp_contact_id: str | None = None,
) -> User:
    """Add a user without a password (in the caller's unit of work); flushed for its id.

    An address taken in the same moment raises IntegrityError (users.email is unique).
    """
    user = User(
        company_id=company.id,
        email=email,
        name=name,
        password_hash=None,
        locale=locale,
        erp_contact_id=erp_contact_id,
    )
    user.roles = roles
    db.session.add(user)
    db.session.flush()
    return user


def set_active(actor: User, user: User, active: bool, now: datetime) -> User:
    """Activate or deactivate a user; deactivation ends their sessions at the next request.

    Raises LastMainContact, or OwnAccount for the actor themselves, and then nothing changed.
    """
    if not active and user.id == actor.id:
        raise OwnAccount()
    with unit_of_work():
        lock_company(user.company_id)
        if user.active == active:
            return user
        if not active and would_remove_last_main_contact(
            active_main_contact_ids(user.company_id),
            user.id,
            still_main_contact_after=user.is_main_contact,
            still_active_after=False,
        ):
            raise LastMainContact()
        record_change_by(
            actor,
            AuditTarget.USER,
            user.id,
            AuditField.ACTIVE,
            UserStatus.ACTIVE if user.active else UserStatus.INACTIVE,
            UserStatus.ACTIVE if active else UserStatus.INACTIVE,
            now,
        )
        user.active = active
        if not active:
            # §4: a session the user already has stops at their next request (see load_user).
            user.end_sessions()
            # Their open links die too: a reactivated user gets a new invitation, so a link
            # mailed before the deactivation never opens the account later (#15).
            invalidate_tokens(user.id, now, PASSWORD_PURPOSES)
        cause = RerouteCause.USER_ACTIVATED if active else RerouteCause.USER_DEACTIVATED
        reroute_waiting_orders(user.company_id, actor, cause, user.name, now)
    return user


@dataclass(frozen=True)
class UserUpdate:
    changed: bool
    # A new address was requested: a confirmation link is mailed to it (or, when it belongs
    # to another company's user, that owner is told instead; the answer is the same).
    email_requested: bool = False


def update_user(
    actor: User, user: User, name: str, email: str, role_ids: Iterable[int], now: datetime
) -> UserUpdate:
    """Change name and roles at once; a new e-mail address waits for its confirmation link.

    Raises LastMainContact, EmailInUse (a colleague's address) or UnknownRole, and then
    nothing has changed. Another company's address is answered as any address (it waits for
    a confirmation that cannot come), and its owner is told instead of getting a link.
    """
    with unit_of_work():
        company = user.company
        lock_company(company.id)
        name, email = name.strip(), normalized_email(email)
        roles = roles_by_ids(company.id, role_ids)
        still_main = any(role.predefined == PredefinedRole.MAIN_CONTACT for role in roles)
        if would_remove_last_main_contact(
            active_main_contact_ids(company.id),
            user.id,
            still_main_contact_after=still_main,
            still_active_after=user.active,
        ):
            raise LastMainContact()
        new_address = email not in (user.email.lower(), user.pending_email)
        owner = email_owner(email, except_user_id=user.id) if new_address else None
        if owner is not None and owner.company_id == company.id:
            raise EmailInUse(owner.name)

        changed = False
        if name != user.name:
            record_change_by(
                actor, AuditTarget.USER, user.id, AuditField.NAME, user.name, name, now
            )
            user.name = name
            enqueue_contact(user, company)
            changed = True
        roles_changed = {r.id for r in roles} != {r.id for r in user.roles}
        if roles_changed:
            record_change_by(
                actor,
                AuditTarget.USER,
                user.id,
                AuditField.ROLES,
                role_names(user.roles),
                role_names(roles),
                now,
            )
            user.roles = roles
            changed = True
        if email == user.email.lower() and user.pending_email:
            # Back to the current address: the requested change is withdrawn.
            record_change_by(
                actor,
                AuditTarget.USER,
                user.id,
                AuditField.PENDING_EMAIL,
                user.pending_email,
                "",
                now,
            )
            user.pending_email = None
            invalidate_email_links(user.id, now)
            changed = True
        elif new_address:
            record_change_by(
                actor,
                AuditTarget.USER,
                user.id,
                AuditField.PENDING_EMAIL,
                user.pending_email,
                email,
                now,
            )
            user.pending_email = email
            invalidate_email_links(user.id, now)
            if owner is None:
                queue_email_confirmation(user, now)
            else:
                tell_address_owner(owner, company)
            changed = True
        if roles_changed:
            reroute_waiting_orders(company.id, actor, RerouteCause.USER_ROLES, user.name, now)
    return UserUpdate(changed=changed, email_requested=new_address)


def reinvite_user(user: User, now: datetime) -> None:
    """A new invitation link for a user without a password; their older links stop working.

    Raises NotInvited (a password is set, or the user is inactive) or TooManyInvitations.
    """
    with unit_of_work():
        lock_company(user.company_id)
        if not may_resend_invitation(status_of(user)):
            raise NotInvited()
        sent_at = db.session.scalars(
            select(PasswordToken.created_at).where(
                PasswordToken.user_id == user.id,
                PasswordToken.purpose.in_(PASSWORD_PURPOSES),
            )
        ).all()
        retry_at = next_invitation_at(sent_at, now)
        if retry_at is not None:
            raise TooManyInvitations(retry_at)
        invalidate_tokens(user.id, now, PASSWORD_PURPOSES)
        queue_password_link(user, TokenPurpose.INVITE, now)
