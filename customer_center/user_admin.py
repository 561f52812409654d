"""User and role administration of a company (§2, §4): the use cases behind the customer
center's screens for users, roles, the ERP contact import and the audit trail.

Every function that writes owns its transaction: begin_write() first, then the company row
is locked (PostgreSQL) so two main contacts changing users at the same moment are settled
one after the other (the last active main contact is never lost to a race), one commit.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from flask import current_app, url_for
from sqlalchemy import distinct, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from customer_center.exceptions import EmailInUse
from erp_bridge import Contact, ErpClient
from shop.catalog.queries import Page
from shop.domain.audit import AuditField, AuditTarget
from shop.domain.budgets import Budget
from shop.domain.outbox import OutboxKind
from shop.domain.rights import PredefinedRole, Right, would_remove_last_main_contact
from shop.domain.users import UserStatus
from shop.extensions import db
from shop.mail import MailNotSent, send_mail
from shop.models import AuditEntry, Company, PasswordToken, Role, User, user_roles
from shop.services.approval_routing import RerouteCause, commit_and_reroute
from shop.services.audit import record_change
from shop.services.outbox import enqueue
from shop.services.password_tokens import (
    InvalidToken,
    TokenPurpose,
    find_valid_token,
    invalidate_tokens,
    issue_token,
    use_token,
)
from shop.services.roles import main_contacts_query
from shop.services.spend import month_spend_by_user
from shop.services.transactions import begin_write

PAGE_SIZE = 25
AUDIT_PAGE_SIZE = 50
PREDEFINED_ORDER = [kind.value for kind in PredefinedRole]


class LastMainContact(Exception):
    """The change would leave the company without an active main contact (§4)."""


class EmailNotAvailable(Exception):
    """The address cannot take a new account: it belongs to another company's user, or was
    taken in the same moment. Whose it is stays untold (the owner is mailed instead)."""


class UnknownRole(Exception):
    """A role id that is not one of the company's roles."""


class RoleNameTaken(Exception):
    """The company has a role of this name already."""


class RoleInUse(Exception):
    """A custom role still assigned to users cannot be deleted."""

    def __init__(self, users: int) -> None:
        super().__init__(users)
        self.users = users


class PredefinedRoleIsReadOnly(Exception):
    """The predefined roles' rights come from code; they are not edited or deleted."""


class InvalidEmailLink(Exception):
    """The confirmation link is unknown, used, expired or replaced by a newer one."""


# -- reading ---------------------------------------------------------------------------


def status_of(user: User) -> UserStatus:
    if not user.active:
        return UserStatus.INACTIVE
    return UserStatus.ACTIVE if user.password_hash is not None else UserStatus.INVITED


@dataclass(frozen=True)
class UserQuery:
    """The list's filters: free text on name and e-mail, status, role."""

    text: str = ""
    status: str = ""
    role_id: int | None = None


@dataclass(frozen=True)
class UserRow:
    user: User
    status: UserStatus
    budget: Budget
    uses_company_default: bool
    month_spend: Decimal


def company_roles(company_id: int) -> list[Role]:
    """The company's roles: the predefined ones in §2's order, then custom ones by name."""
    roles = db.session.scalars(select(Role).where(Role.company_id == company_id)).all()
    return sorted(
        roles,
        key=lambda r: (
            (0, PREDEFINED_ORDER.index(r.predefined), "")
            if r.predefined in PREDEFINED_ORDER
            else (1, 0, r.name.lower())
        ),
    )


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _user_conditions(company_id: int, query: UserQuery) -> list:
    conditions = [User.company_id == company_id]
    text = query.text.strip()
    if text:
        pattern = _like(text)
        conditions.append(
            or_(User.name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\"))
        )
    if query.status == UserStatus.ACTIVE:
        conditions += [User.active.is_(True), User.password_hash.is_not(None)]
    elif query.status == UserStatus.INVITED:
        conditions += [User.active.is_(True), User.password_hash.is_(None)]
    elif query.status == UserStatus.INACTIVE:
        conditions.append(User.active.is_(False))
    if query.role_id is not None:
        conditions.append(
            User.id.in_(select(user_roles.c.user_id).where(user_roles.c.role_id == query.role_id))
        )
    return conditions


def users_page(
    company: Company, query: UserQuery, page: int, today: date, page_size: int = PAGE_SIZE
) -> Page:
    """One page of the company's users matching the filters, with budget and month's spend."""
    conditions = _user_conditions(company.id, query)
    total = db.session.scalar(select(func.count(User.id)).where(*conditions))
    pages = max(1, -(-total // page_size))
    page = min(page, pages)
    users = db.session.scalars(
        select(User)
        .where(*conditions)
        .order_by(func.lower(User.name), User.id)
        .limit(page_size)
        .offset((page - 1) * page_size)
        .options(selectinload(User.roles))
    ).all()
    spend = month_spend_by_user(company.id, today, [u.id for u in users]) if users else {}
    default = company.default_budget
    rows = [
        UserRow(
            user=user,
            status=status_of(user),
            budget=user.own_budget or default,
            uses_company_default=not user.has_own_budget,
            month_spend=spend.get(user.id, Decimal("0.00")),
        )
        for user in users
    ]
    return Page(rows, total, page, page_size)


def user_row(user: User, today: date) -> UserRow:
    """The list row of one user (after a toggle)."""
    spend = month_spend_by_user(user.company_id, today, [user.id])
    return UserRow(
        user=user,
        status=status_of(user),
        budget=user.own_budget or user.company.default_budget,
        uses_company_default=not user.has_own_budget,
        month_spend=spend.get(user.id, Decimal("0.00")),
    )


# -- writing: helpers -------------------------------------------------------------------


def _lock_company(company_id: int) -> None:
    """Serialize user administration per company (SQLite: BEGIN IMMEDIATE does it already)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(select(Company.id).where(Company.id == company_id).with_for_update())


def _normalized(email: str) -> str:
    return email.strip().lower()


def _email_owner(email: str, except_user_id: int | None = None) -> User | None:
    query = select(User).where(func.lower(User.email) == email)
    if except_user_id is not None:
        query = query.where(User.id != except_user_id)
    return db.session.scalar(query.limit(1))


def _email_taken(email: str, except_user_id: int | None = None) -> bool:
    return _email_owner(email, except_user_id) is not None


def _refuse_taken_address(owner: User, actor: User) -> Exception:
    """The exception for an address that has an account; another company's owner is mailed.

    Called after the rollback. Within the company the main contact may know the colleague;
    an account of another company is never revealed, not even that one exists (§11).
    """
    if owner.company_id == actor.company_id:
        return EmailInUse(owner.name)
    tell_address_owner(owner, actor.company)
    return EmailNotAvailable()


def tell_address_owner(owner: User, company: Company) -> bool:
    """Mail the owner of an address that another company tried to use; False if not sent."""
    try:
        send_mail(owner.email, "address_in_use", locale=owner.locale, owner=owner, company=company)
    except MailNotSent:
        return False
    return True


def _roles_by_ids(company_id: int, role_ids: Iterable[int]) -> list[Role]:
    wanted = set(role_ids)
    roles = db.session.scalars(
        select(Role).where(Role.company_id == company_id, Role.id.in_(wanted)).order_by(Role.id)
    ).all()
    if len(roles) != len(wanted):
        raise UnknownRole()
    return list(roles)


def _role_names(roles: Iterable[Role]) -> list[str]:
    # Predefined roles by their key (translated when shown), custom ones by name.
    return sorted(role.predefined or role.name for role in roles)


def _active_main_contact_ids(company_id: int) -> set[int]:
    return {user.id for user in db.session.scalars(main_contacts_query(company_id))}


def _enqueue_contact(user: User, company: Company, phone: str = "") -> None:
    """§7: the ERP learns name and e-mail of the contact, in the caller's transaction."""
    enqueue(
        OutboxKind.UPSERT_CONTACT,
        key=f"contact:{user.id}",
        payload={
            "customer_number": company.customer_number,
            "contact_id": user.erp_contact_id,
            "user_id": user.id,
            "name": user.name,
            "email": user.email,
            "phone": phone,
        },
    )


def _record(
    actor: User | None, target: AuditTarget, target_id, field: AuditField, old, new, now
) -> None:
    record_change(
        company_id=actor.company_id if actor else None,
        actor=actor,
        target_type=target,
        target_id=target_id,
        field=field,
        old=old,
        new=new,
        now=now,
    )


def _commit_or_address_not_available() -> None:
    try:
        db.session.commit()
    except IntegrityError:
        # Another request took the address in the same moment (users.email is unique).
        db.session.rollback()
        raise EmailNotAvailable() from None


# -- users -------------------------------------------------------------------------------


def create_user(
    actor: User,
    name: str,
    email: str,
    role_ids: Iterable[int],
    now: datetime,
    locale: str | None = None,
) -> User:
    """A new user of the actor's company without a password (the invitation sets it)."""
    begin_write()
    company = actor.company
    _lock_company(company.id)
    email = _normalized(email)
    owner = _email_owner(email)
    if owner is not None:
        db.session.rollback()
        raise _refuse_taken_address(owner, actor)
    try:
        roles = _roles_by_ids(company.id, role_ids)
    except UnknownRole:
        db.session.rollback()
        raise
    user = _new_user(company, name.strip(), email, roles, locale)
    _record(actor, AuditTarget.USER, user.id, AuditField.CREATED, "", user.email, now)
    _record(actor, AuditTarget.USER, user.id, AuditField.ROLES, "", _role_names(roles), now)
    _enqueue_contact(user, company)
    _commit_or_address_not_available()
    return user


def _new_user(company, name, email, roles, locale, erp_contact_id=None) -> User:
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
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise EmailNotAvailable() from None
    return user


def set_active(actor: User, user: User, active: bool, now: datetime) -> User:
    """Activate or deactivate a user; deactivation ends their sessions at the next request."""
    begin_write()
    _lock_company(user.company_id)
    if user.active == active:
        db.session.rollback()
        return user
    if not active and would_remove_last_main_contact(
        _active_main_contact_ids(user.company_id),
        user.id,
        still_main_contact_after=user.is_main_contact,
        still_active_after=False,
    ):
        db.session.rollback()
        raise LastMainContact()
    _record(
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
    cause = RerouteCause.USER_ACTIVATED if active else RerouteCause.USER_DEACTIVATED
    commit_and_reroute(user.company_id, actor, cause, user.name, now)
    return user


@dataclass(frozen=True)
class UserUpdate:
    changed: bool
    # The raw token of the link to mail to the new address, when one was requested.
    email_token: str | None = None
    # Another company's user who owns the requested address: told instead of a link.
    address_owner: User | None = None

    @property
    def email_requested(self) -> bool:
        return self.email_token is not None or self.address_owner is not None


def update_user(
    actor: User, user: User, name: str, email: str, role_ids: Iterable[int], now: datetime
) -> UserUpdate:
    """Change name and roles at once; a new e-mail address waits for its confirmation link.

    Raises LastMainContact, EmailInUse (a colleague's address) or UnknownRole, and then
    nothing has changed. Another company's address is answered as any address (it waits for
    a confirmation that cannot come), and its owner is told instead of getting a link.
    """
    begin_write()
    company = user.company
    _lock_company(company.id)
    name, email = name.strip(), _normalized(email)
    try:
        roles = _roles_by_ids(company.id, role_ids)
        still_main = any(role.predefined == PredefinedRole.MAIN_CONTACT for role in roles)
        if would_remove_last_main_contact(
            _active_main_contact_ids(company.id),
            user.id,
            still_main_contact_after=still_main,
            still_active_after=user.active,
        ):
            raise LastMainContact()
        new_address = email not in (user.email.lower(), user.pending_email)
        owner = _email_owner(email, except_user_id=user.id) if new_address else None
        if owner is not None and owner.company_id == company.id:
            raise EmailInUse(owner.name)
    except (UnknownRole, LastMainContact, EmailInUse):
        db.session.rollback()
        raise

    changed = False
    if name != user.name:
        _record(actor, AuditTarget.USER, user.id, AuditField.NAME, user.name, name, now)
        user.name = name
        _enqueue_contact(user, company)
        changed = True
    roles_changed = {r.id for r in roles} != {r.id for r in user.roles}
    if roles_changed:
        _record(
            actor,
            AuditTarget.USER,
            user.id,
            AuditField.ROLES,
            _role_names(user.roles),
            _role_names(roles),
            now,
        )
        user.roles = roles
        changed = True
    token = None
    if email == user.email.lower() and user.pending_email:
        # Back to the current address: the requested change is withdrawn.
        _record(
            actor, AuditTarget.USER, user.id, AuditField.PENDING_EMAIL, user.pending_email, "", now
        )
        user.pending_email = None
        _invalidate_email_links(user.id, now)
        changed = True
    elif new_address:
        _record(
            actor,
            AuditTarget.USER,
            user.id,
            AuditField.PENDING_EMAIL,
            user.pending_email,
            email,
            now,
        )
        user.pending_email = email
        _invalidate_email_links(user.id, now)
        if owner is None:
            token = _issue_email_link(user, now)
        changed = True
    if roles_changed:
        commit_and_reroute(company.id, actor, RerouteCause.USER_ROLES, user.name, now)
    else:
        db.session.commit()
    return UserUpdate(changed=changed, email_token=token, address_owner=owner)


# The e-mail confirmation uses the password links' table and rules (single use, expiry, only
# a hash stored) under its own purpose, which the set-password page never accepts.
CONFIRM_EMAIL_PURPOSES = frozenset({TokenPurpose.CONFIRM_EMAIL})


def _issue_email_link(user: User, now: datetime) -> str:
    hours = current_app.config["PASSWORD_TOKEN_HOURS"]
    return issue_token(user, TokenPurpose.CONFIRM_EMAIL, now, timedelta(hours=hours))


def _invalidate_email_links(user_id: int, now: datetime) -> None:
    invalidate_tokens(user_id, now, CONFIRM_EMAIL_PURPOSES)


def send_email_change_mail(user: User, update: UserUpdate) -> bool:
    """The mail a requested address gets: the confirmation link, or the owner's notice when it
    belongs to another company's account (the main contact is answered the same either way).
    False when the mail could not be sent."""
    if update.address_owner is not None:
        return tell_address_owner(update.address_owner, user.company)
    return send_email_confirmation(user, update.email_token)


def send_email_confirmation(user: User, raw_token: str) -> bool:
    """Mail the confirmation link to the new address; False when the mail could not be sent."""
    config = current_app.config
    link = config["PUBLIC_URL"].rstrip("/") + url_for(
        "customer_center.confirm_email_change", token=raw_token
    )
    try:
        send_mail(
            user.pending_email,
            "email_change",
            locale=user.locale,
            user=user,
            link=link,
            hours=config["PASSWORD_TOKEN_HOURS"],
        )
    except MailNotSent:
        return False
    return True


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
    begin_write()
    try:
        token = _email_link(raw_token, now)
    except InvalidEmailLink:
        db.session.rollback()
        raise
    user = token.user
    _lock_company(user.company_id)
    try:
        use_token(token, now)
    except InvalidToken:
        raise InvalidEmailLink() from None
    new = user.pending_email
    if _email_taken(new, except_user_id=user.id):
        db.session.rollback()
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
    _enqueue_contact(user, user.company)
    _commit_or_address_not_available()
    return user


# -- ERP contacts ---------------------------------------------------------------------------


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
    """Take the chosen ERP contacts over as users (no password yet; invitations follow).

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
    begin_write()
    company = actor.company
    _lock_company(company.id)
    try:
        roles = _roles_by_ids(company.id, role_ids)
    except UnknownRole:
        db.session.rollback()
        raise
    created, already_users, taken = [], [], []
    for contact in contacts:
        email = _normalized(contact.email)
        owner = _email_owner(email)
        if owner is not None and owner.company_id == company.id:
            already_users.append(contact)
            continue
        if owner is not None:
            taken.append((contact, owner))
            continue
        user = _new_user(company, contact.name.strip(), email, roles, locale, contact.contact_id)
        _record(actor, AuditTarget.USER, user.id, AuditField.IMPORTED, "", contact.contact_id, now)
        _record(actor, AuditTarget.USER, user.id, AuditField.ROLES, "", _role_names(roles), now)
        _enqueue_contact(user, company, phone=contact.phone)
        created.append(user)
    _commit_or_address_not_available()
    for _contact, owner in taken:
        tell_address_owner(owner, company)
    return ImportResult(created, already_users, [contact for contact, _owner in taken])


# -- roles -----------------------------------------------------------------------------------


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
    begin_write()
    company_id = actor.company_id
    _lock_company(company_id)
    name = name.strip()
    if _name_taken(company_id, name):
        db.session.rollback()
        raise RoleNameTaken()
    role = Role(company_id=company_id, predefined=None, name=name)
    role.custom_rights = _sorted_rights(rights)
    db.session.add(role)
    db.session.flush()
    _record(actor, AuditTarget.ROLE, role.id, AuditField.CREATED, "", name, now)
    _record(actor, AuditTarget.ROLE, role.id, AuditField.RIGHTS, "", role.custom_rights, now)
    db.session.commit()
    return role


def update_role(actor: User, role: Role, name: str, rights: Iterable[str], now: datetime) -> Role:
    """Rename a custom role or change its rights; its users' rights change at once."""
    begin_write()
    _lock_company(role.company_id)
    if role.predefined:
        db.session.rollback()
        raise PredefinedRoleIsReadOnly()
    name = name.strip()
    if _name_taken(role.company_id, name, except_role_id=role.id):
        db.session.rollback()
        raise RoleNameTaken()
    new_rights = _sorted_rights(rights)
    if name != role.name:
        _record(actor, AuditTarget.ROLE, role.id, AuditField.NAME, role.name, name, now)
        role.name = name
    if new_rights != _sorted_rights(role.custom_rights):
        _record(
            actor,
            AuditTarget.ROLE,
            role.id,
            AuditField.RIGHTS,
            _sorted_rights(role.custom_rights),
            new_rights,
            now,
        )
        role.custom_rights = new_rights
        commit_and_reroute(role.company_id, actor, RerouteCause.ROLE_RIGHTS, role.name, now)
    else:
        db.session.commit()
    return role


def role_user_counts(company_id: int) -> dict[int, int]:
    """How many users hold each of the company's roles."""
    rows = db.session.execute(
        select(user_roles.c.role_id, func.count(user_roles.c.user_id))
        .join(Role, Role.id == user_roles.c.role_id)
        .where(Role.company_id == company_id)
        .group_by(user_roles.c.role_id)
    )
    return dict(rows.all())


def delete_role(actor: User, role: Role, now: datetime) -> None:
    """Delete a custom role nobody holds; a role in use is refused (RoleInUse), not unassigned."""
    begin_write()
    _lock_company(role.company_id)
    if role.predefined:
        db.session.rollback()
        raise PredefinedRoleIsReadOnly()
    holders = db.session.scalar(
        select(func.count()).select_from(user_roles).where(user_roles.c.role_id == role.id)
    )
    if holders:
        db.session.rollback()
        raise RoleInUse(holders)
    _record(actor, AuditTarget.ROLE, role.id, AuditField.DELETED, role.name, "", now)
    db.session.delete(role)
    db.session.commit()


# -- audit trail -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditQuery:
    user_id: int | None = None  # entries about this user or made by them
    field: str = ""
    date_from: date | None = None
    date_to: date | None = None  # inclusive


def _audit_conditions(company_id: int, query: AuditQuery) -> list:
    conditions = [AuditEntry.company_id == company_id]
    if query.user_id is not None:
        conditions.append(
            or_(
                AuditEntry.actor_id == query.user_id,
                (AuditEntry.target_type == "user") & (AuditEntry.target_id == str(query.user_id)),
            )
        )
    if query.field:
        conditions.append(AuditEntry.field == query.field)
    if query.date_from:
        conditions.append(AuditEntry.at >= datetime.combine(query.date_from, time()))
    if query.date_to:
        conditions.append(
            AuditEntry.at < datetime.combine(query.date_to + timedelta(days=1), time())
        )
    return conditions


def audit_page(
    company_id: int, query: AuditQuery, page: int, page_size: int = AUDIT_PAGE_SIZE
) -> Page:
    """The company's audit trail, newest first, filtered."""
    conditions = _audit_conditions(company_id, query)
    total = db.session.scalar(select(func.count(AuditEntry.id)).where(*conditions))
    pages = max(1, -(-total // page_size))
    page = min(page, pages)
    entries = db.session.scalars(
        select(AuditEntry)
        .where(*conditions)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    return Page(list(entries), total, page, page_size)


def audit_fields(company_id: int) -> list[str]:
    """The fields that occur in the company's audit trail (for the filter)."""
    return sorted(
        db.session.scalars(
            select(distinct(AuditEntry.field)).where(AuditEntry.company_id == company_id)
        )
    )


def user_history(user: User, limit: int = 100) -> list[AuditEntry]:
    """§4: the changes to this user, newest first."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.company_id == user.company_id,
                AuditEntry.target_type == "user",
                AuditEntry.target_id == str(user.id),
            )
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
    )


def company_users(company_id: int) -> list[User]:
    """All users of the company by name (for filters)."""
    return list(
        db.session.scalars(
            select(User).where(User.company_id == company_id).order_by(func.lower(User.name))
        )
    )
