"""Month-to-date spend against budgets (§5), computed in the database for many users at once."""

from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import bindparam, func, select

from shop.domain.budgets import BUDGET_CONSUMING_STATUSES, month_bounds
from shop.extensions import db
from shop.models import Order

CONSUMING = sorted(status.value for status in BUDGET_CONSUMING_STATUSES)


def _bounds(today: date) -> tuple[datetime, datetime]:
    # Order timestamps are naive UTC; month edges are taken in UTC too (documented choice:
    # an order at 00:30 local time on the 1st may count in the previous month).
    start, end = month_bounds(today)
    return datetime.combine(start, time()), datetime.combine(end, time())


def month_spend_by_user(
    company_id: int, today: date, user_ids: list[int] | None = None
) -> dict[int, Decimal]:
    """Net value of budget-consuming orders per user in today's calendar month (0 if none)."""
    start, end = _bounds(today)
    query = (
        select(Order.user_id, func.sum(Order.total_net))
        .where(
            Order.company_id == company_id,
            Order.created_at >= start,
            Order.created_at < end,
            Order.status.in_(CONSUMING),
        )
        .group_by(Order.user_id)
    )
    if user_ids is not None:
        query = query.where(Order.user_id.in_(user_ids))
    # SUM keeps the column's type, so the cents come back as a Decimal amount already.
    return {user_id: total or Decimal("0.00") for user_id, total in db.session.execute(query)}


def month_spend_column(user_id):
    """month_spend_by_user as a scalar subquery (NULL for none) of a statement's user id
    column, so a list reads each user's spend with the user (#10); built once, its values
    bound from month_parameters."""
    return (
        select(func.sum(Order.total_net))
        .where(
            Order.user_id == user_id,
            Order.company_id == bindparam("company_id"),
            Order.created_at >= bindparam("month_start"),
            Order.created_at < bindparam("month_end"),
            Order.status.in_(CONSUMING),
        )
        .scalar_subquery()
    )


def month_parameters(company_id: int, today: date) -> dict:
    """The values month_spend_column is read with."""
    start, end = _bounds(today)
    return {"company_id": company_id, "month_start": start, "month_end": end}


def month_spend_of(user_id: int, company_id: int, today: date) -> Decimal:
    return month_spend_by_user(company_id, today, [user_id]).get(user_id, Decimal("0.00"))


# month_spend_of as a scalar subquery (NULL for none), to be read in one statement with other
# things (placing an order reads it with the orderer, #10); built once, its values bound from
# month_spend_parameters.
MONTH_SPEND = (
    select(func.sum(Order.total_net))
    .where(
        Order.user_id == bindparam("user_id"),
        Order.company_id == bindparam("company_id"),
        Order.created_at >= bindparam("month_start"),
        Order.created_at < bindparam("month_end"),
        Order.status.in_(CONSUMING),
    )
    .scalar_subquery()
)


def month_spend_parameters(user_id: int, company_id: int, today: date) -> dict:
    """The values MONTH_SPEND is read with."""
    return {"user_id": user_id, **month_parameters(company_id, today)}
