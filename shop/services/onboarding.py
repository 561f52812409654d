"""Customer onboarding (#12, §13): registered companies moved on by the back office, notes,
the usage checklist, the welcome mail and the training reminder.

Rules are in shop/domain/onboarding.py. Every move and note is an OnboardingEvent and a staff
audit entry, written in the unit of work of the change. The welcome mail (on the move to
Training, when the appointment is known) and the reminder go through the mail outbox, so a
move that is rolled back mails nothing.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import and_, case, func, or_, select, union_all

from shop.domain.approvals import OrderEvent
from shop.domain.customer_changes import ChangeKind, ChangeRequestStatus
from shop.domain.onboarding import (
    STATE_ORDER,
    Checklist,
    CompanyUsage,
    InvalidMove,
    ManualItem,
    OnboardingState,
    apply_move,
    days_in_state,
    evaluate_checklist,
    is_overdue,
    is_reminder_due,
)
from shop.domain.staff import StaffAction
from shop.extensions import db
from shop.mail import compose_mail
from shop.models import (
    Address,
    ApproverAssignment,
    ChecklistItem,
    ChecklistTick,
    Company,
    CustomerChangeRequest,
    DatasheetDownload,
    Onboarding,
    OnboardingEvent,
    Order,
    OrderEventRecord,
    StaffMember,
    User,
)
from shop.services.customer_center.companies import main_contacts_query
from shop.services.mail_outbox import MailObsolete, public_url, queue_mail
from shop.services.staff import record_action
from shop.services.unit_of_work import unit_of_work

ONBOARDING_WELCOME = "onboarding_welcome"
TRAINING_REMINDER = "training_reminder"


class CompanyNotFound(LookupError):
    """No company with this id."""


class ChecklistItemNotFound(LookupError):
    """No manual checklist item with this id."""


# -- reading ---------------------------------------------------------------------------------


def onboarding_of(company_id: int) -> Onboarding | None:
    """The company's onboarding row; None for a company that never went through onboarding."""
    return db.session.scalar(select(Onboarding).where(Onboarding.company_id == company_id))


def state_of(onboarding: Onboarding | None) -> OnboardingState:
    # A company the shop did not register itself (demo, older data) uses the shop already.
    return OnboardingState(onboarding.state) if onboarding else OnboardingState.ENABLED


def _counts(query) -> dict[int, int]:
    """{company id: count} from a query of (company id, count) rows."""
    return {company_id: count for company_id, count in db.session.execute(query)}


def company_usages(company_ids: Collection[int]) -> dict[int, CompanyUsage]:
    """What each company has done so far, counted from its data: one grouped query per kind
    of data, however many companies (the board shows them all)."""
    ids = list(set(company_ids))
    if not ids:
        return {}
    users: dict[int, int] = {}
    own_budgets: dict[int, int] = {}
    for company_id, count, with_budget in db.session.execute(
        select(
            User.company_id,
            func.count(User.id),
            func.coalesce(func.sum(case((User.has_own_budget, 1), else_=0)), 0),
        )
        .where(User.company_id.in_(ids))
        .group_by(User.company_id)
    ):
        users[company_id], own_budgets[company_id] = count, int(with_budget)
    approvers = _counts(
        select(ApproverAssignment.company_id, func.count(ApproverAssignment.id))
        .where(ApproverAssignment.company_id.in_(ids))
        .group_by(ApproverAssignment.company_id)
    )
    company_defaults = set(
        db.session.scalars(
            select(Company.id).where(
                Company.id.in_(ids),
                or_(
                    Company.default_max_quantity_per_order.is_not(None),
                    Company.default_max_order_value.is_not(None),
                    Company.default_monthly_budget.is_not(None),
                ),
            )
        )
    )
    orders = _counts(
        select(Order.company_id, func.count(Order.id))
        .where(Order.company_id.in_(ids))
        .group_by(Order.company_id)
    )
    decided = _counts(
        select(Order.company_id, func.count(OrderEventRecord.id))
        .join(Order, Order.id == OrderEventRecord.order_id)
        .where(
            Order.company_id.in_(ids),
            OrderEventRecord.event.in_([OrderEvent.APPROVE.value, OrderEvent.REJECT.value]),
        )
        .group_by(Order.company_id)
    )
    confirmed = _counts(_delivery_address_confirmations(ids))
    downloads = _counts(
        select(DatasheetDownload.company_id, func.count(DatasheetDownload.id))
        .where(DatasheetDownload.company_id.in_(ids))
        .group_by(DatasheetDownload.company_id)
    )
    return {
        company_id: CompanyUsage(
            users=users.get(company_id, 0),
            approvers_named=approvers.get(company_id, 0),
            budgets_set=int(company_id in company_defaults) + own_budgets.get(company_id, 0),
            orders=orders.get(company_id, 0),
            approval_decisions=decided.get(company_id, 0),
            delivery_address_confirmations=confirmed.get(company_id, 0),
            datasheet_downloads=downloads.get(company_id, 0),
        )
        for company_id in ids
    }


def _delivery_address_confirmations(company_ids: list[int]):
    """(company id, count) of what confirms a delivery address on record: an order sent to one
    of the company's saved delivery addresses (checkout copies it verbatim), or a change of the
    delivery address the company asked for that the ERP's data now shows."""
    to_saved_address = (
        select(Order.company_id.label("company_id"))
        .join(
            Address,
            and_(
                Address.company_id == Order.company_id,
                Address.kind == "delivery",
                Address.street == Order.delivery_street,
                Address.postal_code == Order.delivery_postal_code,
                Address.city == Order.delivery_city,
                Address.country == Order.delivery_country,
            ),
        )
        .where(Order.company_id.in_(company_ids))
    )
    changed = select(CustomerChangeRequest.company_id.label("company_id")).where(
        CustomerChangeRequest.company_id.in_(company_ids),
        CustomerChangeRequest.kind == ChangeKind.DELIVERY_ADDRESS.value,
        CustomerChangeRequest.status == ChangeRequestStatus.MADE.value,
    )
    both = union_all(to_saved_address, changed).subquery()
    return select(both.c.company_id, func.count()).group_by(both.c.company_id)


def checklist_items() -> list[ChecklistItem]:
    """The checklist template's manual items, oldest first."""
    return list(db.session.scalars(select(ChecklistItem).order_by(ChecklistItem.id)))


def manual_items() -> list[ManualItem]:
    """The checklist template's manual items as the checklist rules take them."""
    return [ManualItem(row.id, row.name_en, row.name_de) for row in checklist_items()]


def company_checklists(company_ids: Collection[int]) -> dict[int, Checklist]:
    """The usage checklists of the companies: computed from their data, and the operator's
    ticks; a fixed number of queries, however many companies."""
    usages = company_usages(company_ids)
    if not usages:
        return {}
    ticked: dict[int, set[int]] = {company_id: set() for company_id in usages}
    for company_id, item_id in db.session.execute(
        select(ChecklistTick.company_id, ChecklistTick.item_id).where(
            ChecklistTick.company_id.in_(list(usages))
        )
    ):
        ticked[company_id].add(item_id)
    items = manual_items()
    return {
        company_id: evaluate_checklist(usage, items, ticked[company_id])
        for company_id, usage in usages.items()
    }


def company_checklist(company_id: int) -> Checklist:
    """The usage checklist of a company: computed from its data, and the operator's ticks."""
    return company_checklists([company_id])[company_id]


def history_of(company_id: int) -> list[OnboardingEvent]:
    """The company's onboarding moves and notes, newest first."""
    return list(
        db.session.scalars(
            select(OnboardingEvent)
            .where(OnboardingEvent.company_id == company_id)
            .order_by(OnboardingEvent.at.desc(), OnboardingEvent.id.desc())
        )
    )


@dataclass(frozen=True)
class BoardCard:
    company: Company
    onboarding: Onboarding
    days: int
    overdue: bool
    checklist: Checklist | None  # only while the usage is checked


def pipeline(now: datetime, enabled_limit: int = 20) -> dict[OnboardingState, list[BoardCard]]:
    """Companies per onboarding state, longest waiting first; only the most recently enabled
    ones (at most `enabled_limit`), as those need nobody any more."""
    board: dict[OnboardingState, list[BoardCard]] = {state: [] for state in STATE_ORDER}
    rows = db.session.execute(
        select(Onboarding, Company)
        .join(Company, Company.id == Onboarding.company_id)
        .where(Onboarding.state != OnboardingState.ENABLED.value)
        .order_by(Onboarding.state_since, Company.id)
    ).all()
    enabled = db.session.execute(
        select(Onboarding, Company)
        .join(Company, Company.id == Onboarding.company_id)
        .where(Onboarding.state == OnboardingState.ENABLED.value)
        # Companies enabled by the migration have no recorded move: the shop's own first.
        .order_by(Onboarding.state_since.desc(), Company.id.desc())
        .limit(enabled_limit)
    ).all()
    checking = [
        company.id
        for onboarding, company in rows
        if onboarding.state == OnboardingState.CHECK_USAGE.value
    ]
    checklists = company_checklists(checking)
    for onboarding, company in [*rows, *enabled]:
        state = OnboardingState(onboarding.state)
        checklist = checklists.get(company.id) if state == OnboardingState.CHECK_USAGE else None
        board[state].append(
            BoardCard(
                company=company,
                onboarding=onboarding,
                days=days_in_state(onboarding.state_since, now),
                overdue=is_overdue(state, onboarding.state_since, onboarding.training_at, now),
                checklist=checklist,
            )
        )
    return board


def getting_started(company_id: int) -> Checklist | None:
    """The company's checklist while it is being onboarded; None once it is enabled."""
    if state_of(onboarding_of(company_id)) == OnboardingState.ENABLED:
        return None
    return company_checklist(company_id)


# -- writing ---------------------------------------------------------------------------------


def start_onboarding(company: Company, now: datetime) -> None:
    """A newly registered company starts as Registered (in the caller's unit of work)."""
    db.session.add(
        Onboarding(company_id=company.id, state=OnboardingState.REGISTERED.value, state_since=now)
    )
    db.session.add(
        OnboardingEvent(
            company_id=company.id,
            at=now,
            from_state=None,
            to_state=OnboardingState.REGISTERED.value,
        )
    )


def _customer_number(company_id: int) -> str:
    # The audit trail names the company as people know it, never by its database id.
    return db.session.get(Company, company_id).customer_number


def _locked_onboarding(company_id: int) -> Onboarding | None:
    if db.session.get(Company, company_id) is None:
        raise CompanyNotFound(company_id)
    query = select(Onboarding).where(Onboarding.company_id == company_id)
    if db.engine.dialect.name == "postgresql":
        # Two operators moving the same company at once: the second sees the first's state.
        query = query.with_for_update()
    return db.session.scalar(query)


def move_company(
    company_id: int,
    staff: StaffMember,
    target: OnboardingState,
    note: str,
    appointment: datetime | None,
    now: datetime,
) -> OnboardingEvent:
    """Move the company on to `target` with a note; a move to Training sets the appointment
    and queues the welcome mail. Raises CompanyNotFound, InvalidMove, InvalidAppointment."""
    with unit_of_work():
        onboarding = _locked_onboarding(company_id)
        state = state_of(onboarding)
        if onboarding is None:
            raise InvalidMove(state, target)
        move = apply_move(state, target, appointment, now)
        onboarding.state = move.target.value
        onboarding.state_since = now
        if move.needs_appointment:
            onboarding.training_at = appointment
            onboarding.reminded_at = None
        event = OnboardingEvent(
            company_id=company_id,
            at=now,
            staff_id=staff.id,
            actor_label=staff.name,
            from_state=state.value,
            to_state=move.target.value,
            training_at=appointment if move.needs_appointment else None,
            note=note.strip(),
        )
        db.session.add(event)
        record_action(
            staff,
            StaffAction.ONBOARDING_MOVE,
            now,
            "company",
            _customer_number(company_id),
            f"{state.value}>{move.target.value}",
        )
        if move.needs_appointment:
            # After a usage check, the company knows the shop: the mail offers another training.
            again = state == OnboardingState.CHECK_USAGE
            _queue_to_main_contact(ONBOARDING_WELCOME, company_id, appointment, again=again)
    return event


def add_note(company_id: int, staff: StaffMember, note: str, now: datetime) -> OnboardingEvent:
    """Record a note on the company's onboarding. Raises CompanyNotFound."""
    with unit_of_work():
        onboarding = _locked_onboarding(company_id)
        state = state_of(onboarding).value
        event = OnboardingEvent(
            company_id=company_id,
            at=now,
            staff_id=staff.id,
            actor_label=staff.name,
            from_state=state,
            to_state=None,
            note=note.strip(),
        )
        db.session.add(event)
        record_action(
            staff, StaffAction.ONBOARDING_NOTE, now, "company", _customer_number(company_id)
        )
    return event


def tick_item(company_id: int, item_id: int, staff: StaffMember, done: bool, now: datetime) -> None:
    """Tick (or untick) a manual checklist item for the company; ticking twice is one tick.
    Raises CompanyNotFound, ChecklistItemNotFound."""
    with unit_of_work():
        _locked_onboarding(company_id)
        item = db.session.get(ChecklistItem, item_id)
        if item is None:
            raise ChecklistItemNotFound(item_id)
        tick = db.session.scalar(
            select(ChecklistTick).where(
                ChecklistTick.company_id == company_id, ChecklistTick.item_id == item_id
            )
        )
        if done and tick is None:
            db.session.add(
                ChecklistTick(company_id=company_id, item_id=item_id, staff_id=staff.id, at=now)
            )
        elif not done and tick is not None:
            db.session.delete(tick)
        else:
            return
        detail = f"{'tick' if done else 'untick'}:{item.name_en}"
        record_action(
            staff,
            StaffAction.ONBOARDING_CHECKLIST,
            now,
            "company",
            _customer_number(company_id),
            detail,
        )


def add_manual_item(staff: StaffMember, name_en: str, name_de: str, now: datetime) -> None:
    """Add a manual item to the checklist template."""
    with unit_of_work():
        db.session.add(
            ChecklistItem(name_en=name_en.strip(), name_de=name_de.strip(), created_at=now)
        )
        record_action(
            staff, StaffAction.ONBOARDING_CHECKLIST, now, "", "", f"add:{name_en.strip()}"
        )


def rename_manual_item(
    item_id: int, staff: StaffMember, name_en: str, name_de: str, now: datetime
) -> None:
    """Rename a manual item of the template; ticks stay. Raises ChecklistItemNotFound."""
    with unit_of_work():
        item = db.session.get(ChecklistItem, item_id)
        if item is None:
            raise ChecklistItemNotFound(item_id)
        detail = f"rename:{item.name_en} → {name_en.strip()}"
        item.name_en, item.name_de = name_en.strip(), name_de.strip()
        record_action(staff, StaffAction.ONBOARDING_CHECKLIST, now, "", "", detail)


def remove_manual_item(item_id: int, staff: StaffMember, now: datetime) -> None:
    """Remove a manual item from the template, with its ticks. Raises ChecklistItemNotFound."""
    with unit_of_work():
        item = db.session.get(ChecklistItem, item_id)
        if item is None:
            raise ChecklistItemNotFound(item_id)
        # Deleted here rather than by the database's cascade: SQLite enforces no foreign keys
        # unless told so.
        db.session.execute(ChecklistTick.__table__.delete().where(ChecklistTick.item_id == item_id))
        db.session.delete(item)
        record_action(
            staff, StaffAction.ONBOARDING_CHECKLIST, now, "", "", f"remove:{item.name_en}"
        )


# -- mails -----------------------------------------------------------------------------------


def _queue_to_main_contact(
    event: str, company_id: int, appointment: datetime, again: bool = False
) -> bool:
    main_contact = db.session.scalar(main_contacts_query(company_id))
    if main_contact is None:
        return False
    queue_mail(
        event,
        main_contact,
        f"onboarding:{company_id}",
        company_id=company_id,
        training_at=appointment.isoformat(),
        again=again,
    )
    return True


def send_training_reminders(now: datetime) -> int:
    """Queue the reminder of every training appointment due for one (REMINDER_DAYS_BEFORE
    days before it), once per appointment; returns how many were queued."""
    query = select(Onboarding).where(
        Onboarding.state == OnboardingState.TRAINING.value,
        Onboarding.reminded_at.is_(None),
        Onboarding.training_at.is_not(None),
        Onboarding.training_at > now,
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    queued = 0
    with unit_of_work():
        for onboarding in db.session.scalars(query.order_by(Onboarding.id)):
            if not is_reminder_due(onboarding.training_at, False, now):
                continue
            # Marked in the transaction that queues the mail: a second run, or a second
            # worker, finds it reminded.
            onboarding.reminded_at = now
            if _queue_to_main_contact(
                TRAINING_REMINDER, onboarding.company_id, onboarding.training_at
            ):
                queued += 1
    return queued


def compose_onboarding_mail(payload: Mapping, recipient: User) -> EmailMessage:
    """The welcome or reminder mail with the training appointment; MailObsolete when the
    company is gone."""
    company = db.session.get(Company, payload["company_id"])
    if company is None:
        raise MailObsolete(f"company {payload['company_id']} no longer exists")
    return compose_mail(
        payload["to"],
        payload["event"],
        payload["locale"],
        user=recipient,
        company=company,
        training_at=datetime.fromisoformat(payload["training_at"]),
        again=payload.get("again", False),
        link=public_url("customer_center.dashboard"),
    )


COMPOSERS = dict.fromkeys((ONBOARDING_WELCOME, TRAINING_REMINDER), compose_onboarding_mail)
