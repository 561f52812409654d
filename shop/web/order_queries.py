"""Order reads, always scoped to the logged-in user's company: others' orders are a 404."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_login import current_user
from sqlalchemy import bindparam, case, exists, func, not_, or_, select
from sqlalchemy.orm import selectinload

from shop.domain.invoices import InvoiceState, invoice_state
from shop.domain.order_life import PaymentStatus, payment_status
from shop.domain.order_list import DEFAULT_SORT, STATE_SEQUENCE, OrderSort, SortColumn
from shop.domain.orders import OrderStatus
from shop.domain.rights import Right
from shop.extensions import db
from shop.models import Invoice, Order, Payment, User
from shop.models.clock import utcnow
from shop.services.approval_routing import routed_to_condition
from shop.services.pagination import Page, paginate_capped, paginate_counted
from shop.services.plain_rows import rows_of
from shop.web.date_formats import day_after, day_start_utc


def _today() -> date:
    return utcnow().date()


def _visible():
    """Company orders for controllers and main contacts, else the user's own and, for
    approvers, those routed to them (§6: an approver sees the orders they decide on)."""
    if current_user.can(Right.SEE_COMPANY_ORDERS):
        return (Order.company_id == current_user.company_id,)
    own = Order.user_id == current_user.id
    if current_user.can(Right.DECIDE_APPROVALS):
        own = or_(own, routed_to_condition(current_user.id, _today()))
    return (Order.company_id == current_user.company_id, own)


def own_order(number: str) -> Order | None:
    return db.session.scalar(
        select(Order).where(Order.number == number, *_visible()).options(selectinload(Order.lines))
    )


def company_order(number: str) -> Order | None:
    """An order of the user's company, whoever may see it; the approval pages let in only
    those who may open it (customer_center.approvals.approvable_order_or_404)."""
    return db.session.scalar(
        select(Order)
        .where(Order.number == number, Order.company_id == current_user.company_id)
        .options(selectinload(Order.lines))
    )


# -- the order list (#15) ---------------------------------------------------------------------


@dataclass(frozen=True)
class OrderFilter:
    """What the order list shows: dates are days of the display time zone, both inclusive."""

    state: OrderStatus | None = None
    orderer_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    search: str = ""
    sort: OrderSort = DEFAULT_SORT


@dataclass(frozen=True)
class OrderListRow:
    order: Order
    orderer: str
    payment_status: PaymentStatus


_STATE_RANK = case(
    {state.value: rank for rank, state in enumerate(STATE_SEQUENCE)},
    value=Order.status,
    else_=len(STATE_SEQUENCE),
)
_SORT_KEYS = {
    SortColumn.DATE: Order.created_at,
    SortColumn.NUMBER: Order.number,
    SortColumn.TOTAL: Order.total_net,
    SortColumn.STATE: _STATE_RANK,
}


def _order_by(sort: OrderSort) -> tuple:
    key = _SORT_KEYS[sort.column]
    if sort.column == SortColumn.STATE:
        # Within a state, newest first either way: what a reader of one state looks for.
        return (key.desc() if sort.descending else key.asc(), Order.id.desc())
    if sort.descending:
        return (key.desc(), Order.id.desc())
    return (key.asc(), Order.id.asc())


def sees_company_orders() -> bool:
    """Controllers and main contacts see every order of their company, and who placed it."""
    return current_user.can(Right.SEE_COMPANY_ORDERS)


def sees_others_orders() -> bool:
    """Whether the list may show orders of colleagues (and so who placed each)."""
    return sees_company_orders() or current_user.can(Right.DECIDE_APPROVALS)


def _list_conditions(filters: OrderFilter) -> list:
    conditions = [*_visible()]
    if filters.state is not None:
        conditions.append(Order.status == filters.state.value)
    # Only who sees the company's orders picks an orderer; _visible() keeps it in the company.
    if filters.orderer_id is not None and sees_company_orders():
        conditions.append(Order.user_id == filters.orderer_id)
    if filters.date_from is not None:
        start = day_start_utc(filters.date_from)
        if start is not None:
            conditions.append(Order.created_at >= start)
    if filters.date_to is not None:
        next_day = day_after(filters.date_to)
        end = day_start_utc(next_day) if next_day else None
        if end is not None:
            conditions.append(Order.created_at < end)
    if filters.search:
        # lower() LIKE rather than ILIKE: half the time on PostgreSQL (bench/order_list.py).
        needle = filters.search.lower()
        conditions.append(
            or_(
                *(
                    func.lower(column).contains(needle, autoescape=True)
                    for column in (Order.customer_reference, Order.number, Order.erp_order_number)
                )
            )
        )
    return conditions


def _list_select(filters: OrderFilter, limit: int | None = None, offset: int = 0):
    # Payment and invoice as EXISTS columns: the payment status without a query per page.
    paid = exists().where(Payment.order_id == Order.id).label("paid")
    invoiced = exists().where(Invoice.order_id == Order.id).label("invoiced")
    query = select(Order, User.name, paid, invoiced).join(User, User.id == Order.user_id)
    if limit is None:
        return query.where(*_list_conditions(filters)).order_by(*_order_by(filters.sort))
    return query.where(Order.id.in_(_page_ids(filters, limit, offset))).order_by(
        *_order_by(filters.sort)
    )


def _page_ids(filters: OrderFilter, limit: int, offset: int):
    """The page's order ids, from narrow rows: PostgreSQL would otherwise work out the EXISTS
    columns for every row it sorts or skips (20,000 on a late page, bench/order_list.py)."""
    return (
        select(Order.id)
        .where(*_list_conditions(filters))
        .order_by(*_order_by(filters.sort))
        .limit(limit)
        .offset(offset)
    )


def _list_row(row) -> OrderListRow:
    order, orderer, paid, invoiced = row
    status = payment_status(order.payment_method, OrderStatus(order.status), paid, invoiced)
    return OrderListRow(order, orderer, status)


@dataclass(frozen=True)
class ListedOrder:
    """What the order list shows of an order, read as plain values (#10)."""

    number: str
    created_at: datetime
    orderer: str
    customer_reference: str | None
    erp_order_number: str | None
    status: str
    payment_status: PaymentStatus
    currency: str
    total_net: Decimal


def _page_rows(filters: OrderFilter, limit: int, offset: int) -> list[ListedOrder]:
    # The shown columns as plain rows: 25 whole Order objects through the ORM cost more than
    # the page's statements (#10). The page's ids first, as _list_select does.
    paid = exists().where(Payment.order_id == Order.id)
    invoiced = exists().where(Invoice.order_id == Order.id)
    ids = _page_ids(filters, limit, offset)
    statement = (
        select(
            Order.number,
            Order.created_at,
            User.name,
            Order.customer_reference,
            Order.erp_order_number,
            Order.status,
            Order.payment_method,
            Order.currency,
            Order.total_net,
            paid,
            invoiced,
        )
        .join(User, User.id == Order.user_id)
        .where(Order.id.in_(ids))
        .order_by(*_order_by(filters.sort))
    )
    return [
        ListedOrder(
            number,
            created_at,
            orderer,
            reference,
            erp_number,
            status,
            payment_status(method, OrderStatus(status), is_paid, is_invoiced),
            currency,
            total_net,
        )
        for (
            number,
            created_at,
            orderer,
            reference,
            erp_number,
            status,
            method,
            currency,
            total_net,
            is_paid,
            is_invoiced,
        ) in rows_of(statement)
    ]


def orders_page(filters: OrderFilter, page: int, page_size: int) -> Page:
    """A page of the orders the user may see that match the filters (items: ListedOrder)."""
    total = rows_of(select(func.count(Order.id)).where(*_list_conditions(filters))).scalar()
    return paginate_counted(
        total or 0,
        page,
        page_size,
        lambda limit, offset: _page_rows(filters, limit, offset),
    )


def order_rows(filters: OrderFilter) -> list[OrderListRow]:
    """Every order matching the filters, all pages (the CSV export)."""
    return [_list_row(row) for row in db.session.execute(_list_select(filters))]


def company_orderers() -> list[tuple[int, str]]:
    """(id, name) of the company's users, for the orderer filter."""
    return db.session.execute(
        select(User.id, User.name)
        .where(User.company_id == current_user.company_id)
        .order_by(User.name, User.id)
    ).all()


# The inbox says "More than 500 orders wait" beyond this, as search says "More than 500 products".
INBOX_COUNT_CAP = 500


# The inbox's statements, built once with the user, company and day as bound parameters:
# building them per request (the routing condition's subqueries, their cache keys) cost the
# inbox more CPU than SQLite's answers (#10).
_WAITING = select(Order.id).where(
    Order.company_id == bindparam("company_id"),
    Order.status == OrderStatus.AWAITING_APPROVAL.value,
    routed_to_condition(bindparam("user_id"), bindparam("today")),
)
# Counted only up to a bound past the page: nobody reads further, and counting 10,000
# waiting orders was a third of the inbox's time (#10).
_WAITING_UP_TO = select(func.count()).select_from(_WAITING.limit(bindparam("bound")).subquery())
# The page's ids from the narrow (id, age) rows, in the same statement as the six columns the
# inbox shows: a late page sorts 10,000 ids, not 10,000 whole orders (bench/approvals.py).
_INBOX_PAGE = (
    select(
        Order.number,
        User.name,
        Order.awaiting_since,
        Order.budget_exceedances,
        Order.currency,
        Order.total_net,
    )
    .join(User, User.id == Order.user_id)
    .where(
        Order.id.in_(
            _WAITING.order_by(Order.awaiting_since, Order.id)
            .limit(bindparam("limit"))
            .offset(bindparam("offset"))
        )
    )
    .order_by(Order.awaiting_since, Order.id)
)


def approval_inbox(page: int, page_size: int) -> Page:
    """Orders waiting for the current user's decision (or their absent colleagues'), oldest
    first; items are plain rows of what the inbox shows: (number, orderer name,
    awaiting_since, budget_exceedances, currency, total_net)."""
    mine = {"company_id": current_user.company_id, "user_id": current_user.id, "today": _today()}

    def count_up_to(bound: int) -> int:
        return rows_of(_WAITING_UP_TO, {**mine, "bound": bound}).scalar_one()

    def read(limit: int, offset: int) -> list[tuple]:
        rows = rows_of(_INBOX_PAGE, {**mine, "limit": limit, "offset": offset})
        return [tuple(row) for row in rows]

    return paginate_capped(page, page_size, cap=INBOX_COUNT_CAP, count_up_to=count_up_to, read=read)


# -- invoices of the orders the user may see (#16) -------------------------------------------


@dataclass(frozen=True)
class InvoiceFilter:
    date_from: date | None = None
    date_to: date | None = None
    state: InvoiceState | None = None


@dataclass(frozen=True)
class InvoiceRow:
    number: str
    order_number: str
    invoice_date: date
    due_date: date | None
    currency: str
    net_amount: Decimal | None
    vat_amount: Decimal | None
    gross_amount: Decimal | None
    state: InvoiceState


def _invoice_conditions(filters: InvoiceFilter, today: date) -> list:
    # The rule of domain.invoices.InvoiceState, as SQL.
    paid = or_(exists().where(Payment.order_id == Order.id), Order.status == OrderStatus.PAID.value)
    conditions = [*_visible()]
    if filters.date_from:
        conditions.append(Invoice.invoice_date >= filters.date_from)
    if filters.date_to:
        conditions.append(Invoice.invoice_date <= filters.date_to)
    if filters.state == InvoiceState.PAID:
        conditions.append(paid)
    elif filters.state == InvoiceState.OVERDUE:
        conditions += [not_(paid), Invoice.due_date < today]
    elif filters.state == InvoiceState.OPEN:
        conditions += [not_(paid), or_(Invoice.due_date.is_(None), Invoice.due_date >= today)]
    return conditions


def _invoice_select(filters: InvoiceFilter, today: date):
    paid = or_(
        exists().where(Payment.order_id == Order.id), Order.status == OrderStatus.PAID.value
    ).label("paid")
    return (
        select(
            Invoice.number,
            Order.number,
            Invoice.invoice_date,
            Invoice.due_date,
            Invoice.currency,
            Invoice.net_amount,
            Invoice.vat_amount,
            Invoice.gross_amount,
            paid,
        )
        .join(Order, Order.id == Invoice.order_id)
        .where(*_invoice_conditions(filters, today))
        .order_by(Invoice.invoice_date.desc(), Invoice.id.desc())
    )


def _invoice_row(row, today: date) -> InvoiceRow:
    *values, paid = row
    return InvoiceRow(*values, state=invoice_state(row.due_date, today, bool(paid)))


def invoices_page(filters: InvoiceFilter, page: int, page_size: int) -> Page:
    """A page of the invoices of the orders the user may see, newest first."""
    today = _today()
    query = _invoice_select(filters, today)
    count = (
        select(func.count(Invoice.id))
        .join(Order, Order.id == Invoice.order_id)
        .where(*_invoice_conditions(filters, today))
    )
    total = db.session.scalar(count) or 0
    return paginate_counted(
        total,
        page,
        page_size,
        lambda limit, offset: [
            _invoice_row(row, today)
            for row in db.session.execute(query.limit(limit).offset(offset))
        ],
    )


def invoice_rows(filters: InvoiceFilter) -> list[InvoiceRow]:
    """All invoices matching the filters (for the CSV export), newest first."""
    today = _today()
    return [_invoice_row(row, today) for row in db.session.execute(_invoice_select(filters, today))]
