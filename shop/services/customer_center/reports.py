"""Spend reports and customer-center figures (§2 controller, §5 budgets), computed in the database.

Spend is counted as budgets count it (budgets.BUDGET_CONSUMING_STATUSES, by the month the
order was placed, month edges in UTC like shop/services/spend.py). Budgets have no history:
a user's monthly budget in the report is the one in force today, and the report says so.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import extract, func, select

from shop.domain.budgets import BUDGET_CONSUMING_STATUSES, effective_budget
from shop.domain.orders import OrderStatus
from shop.domain.report_period import ReportPeriod
from shop.extensions import db
from shop.models import Company, Order, User
from shop.services.spend import month_spend_by_user

CONSUMING = sorted(status.value for status in BUDGET_CONSUMING_STATUSES)
ZERO = Decimal("0.00")


def last_months(today: date, count: int) -> list[date]:
    """The first days of the last `count` calendar months, oldest first, today's month last."""
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


@dataclass(frozen=True)
class UserSpend:
    user: User
    monthly_budget: Decimal | None  # in force today; None: no limit
    spend: tuple[Decimal, ...]  # one per month of the report, oldest first

    @property
    def total(self) -> Decimal:
        return sum(self.spend, ZERO)

    def over_budget(self) -> tuple[bool, ...]:
        """Per month: did the spend exceed today's monthly budget?"""
        return tuple(
            self.monthly_budget is not None and amount > self.monthly_budget
            for amount in self.spend
        )


@dataclass(frozen=True)
class SpendReport:
    period: ReportPeriod
    months: tuple[date, ...]  # first days, oldest first
    users: tuple[UserSpend, ...]
    monthly_totals: tuple[Decimal, ...]
    monthly_orders: tuple[int, ...]  # budget-consuming orders per month
    budget_sum: Decimal  # the monthly budgets of today's active users with a limit, summed
    users_without_limit: int  # active users without a monthly limit (not in budget_sum)

    @property
    def total(self) -> Decimal:
        return sum(self.monthly_totals, ZERO)

    @property
    def orders(self) -> int:
        return sum(self.monthly_orders)

    def over_budget(self) -> tuple[bool, ...]:
        """Per month: did the company's spend exceed today's summed monthly budgets?"""
        return tuple(
            self.budget_sum > 0 and amount > self.budget_sum for amount in self.monthly_totals
        )


def spend_report(company: Company, period: ReportPeriod) -> SpendReport:
    """Net spend per user per calendar month within the period (days included), with budgets.

    Every user of the company is listed, deactivated ones too (#15, as on the budgets page).
    """
    firsts = period.months
    start = datetime.combine(period.first, time())
    end = datetime.combine(period.last + timedelta(days=1), time())
    year, month = extract("year", Order.created_at), extract("month", Order.created_at)
    rows = db.session.execute(
        select(Order.user_id, year, month, func.sum(Order.total_net), func.count(Order.id))
        .where(
            Order.company_id == company.id,
            Order.created_at >= start,
            Order.created_at < end,
            Order.status.in_(CONSUMING),
        )
        .group_by(Order.user_id, year, month)
    ).all()
    index = {(first.year, first.month): i for i, first in enumerate(firsts)}
    spend: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO] * len(firsts))
    orders = [0] * len(firsts)
    for user_id, row_year, row_month, total, count in rows:
        position = index.get((int(row_year), int(row_month)))
        if position is not None:
            spend[user_id][position] = total or ZERO
            orders[position] += count
    users = db.session.scalars(
        select(User)
        .where(User.company_id == company.id)
        .order_by(User.active.desc(), User.name, User.id)
    ).all()
    default = company.default_budget
    lines = tuple(
        UserSpend(
            user,
            effective_budget(user.own_budget, default).monthly_budget,
            tuple(spend.get(user.id, [ZERO] * len(firsts))),
        )
        for user in users
    )
    budget_sum, without_limit = _monthly_budgets(company, users)
    return SpendReport(
        period=period,
        months=tuple(firsts),
        users=lines,
        monthly_totals=tuple(
            sum((line.spend[i] for line in lines), ZERO) for i in range(len(firsts))
        ),
        monthly_orders=tuple(orders),
        budget_sum=budget_sum,
        users_without_limit=without_limit,
    )


def _monthly_budgets(company: Company, users) -> tuple[Decimal, int]:
    total, without_limit = ZERO, 0
    for user in users:
        if not user.active:
            continue
        limit = effective_budget(user.own_budget, company.default_budget).monthly_budget
        if limit is None:
            without_limit += 1
        else:
            total += limit
    return total, without_limit


@dataclass(frozen=True)
class StatusCount:
    status: OrderStatus
    orders: int
    net: Decimal


def orders_by_status(company_id: int) -> list[StatusCount]:
    """The company's orders per state (only states that occur), in life-cycle order."""
    rows = db.session.execute(
        select(Order.status, func.count(Order.id), func.sum(Order.total_net))
        .where(Order.company_id == company_id)
        .group_by(Order.status)
    ).all()
    found = {status: (count, net or ZERO) for status, count, net in rows}
    return [
        StatusCount(status, *found[status.value]) for status in OrderStatus if status.value in found
    ]


@dataclass(frozen=True)
class DashboardFigures:
    active_users: int
    pending_approvals: int
    month_spend: Decimal
    budget_sum: Decimal
    users_without_limit: int


def dashboard_figures(company: Company, today: date) -> DashboardFigures:
    """The main contact's figures: active users, orders awaiting approval, spend vs budgets."""
    users = db.session.scalars(select(User).where(User.company_id == company.id)).all()
    pending = db.session.scalar(
        select(func.count(Order.id)).where(
            Order.company_id == company.id,
            Order.status == OrderStatus.AWAITING_APPROVAL.value,
        )
    )
    budget_sum, without_limit = _monthly_budgets(company, users)
    return DashboardFigures(
        active_users=sum(1 for user in users if user.active),
        pending_approvals=pending or 0,
        month_spend=sum(month_spend_by_user(company.id, today).values(), ZERO),
        budget_sum=budget_sum,
        users_without_limit=without_limit,
    )
