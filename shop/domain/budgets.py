"""Budgets (§5): per-user limits, and a verdict on an order before it is placed.

All amounts are net, in the order's currency, as Decimal; quantities are ints. A limit of
None means "no limit". Being exactly at a limit is within budget.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from shop.domain.orders import OrderStatus


@dataclass(frozen=True)
class Budget:
    max_quantity_per_order: int | None = None
    max_order_value: Decimal | None = None
    monthly_budget: Decimal | None = None

    def __post_init__(self) -> None:
        for amount in (self.max_order_value, self.monthly_budget):
            if amount is not None and not isinstance(amount, Decimal):
                raise TypeError("budget amounts must be Decimal")
            if amount is not None and amount < 0:
                raise ValueError("a budget amount cannot be negative")
        if self.max_quantity_per_order is not None and self.max_quantity_per_order < 0:
            raise ValueError("a maximum quantity cannot be negative")

    @property
    def has_limits(self) -> bool:
        return any(
            limit is not None
            for limit in (self.max_quantity_per_order, self.max_order_value, self.monthly_budget)
        )


NO_LIMITS = Budget()


class BudgetChoice(StrEnum):
    """How a user's budget form was read (the view says so to the main contact)."""

    OWN = "own"
    COMPANY_DEFAULT = "company_default"
    # Limits typed while "Company default" stayed selected for a user without own limits.
    TYPED_LIMITS_TAKEN = "typed_limits_taken"
    # "Company default" chosen for a user with own limits, and other limits typed: not used.
    TYPED_LIMITS_IGNORED = "typed_limits_ignored"


def choose_user_budget(
    wants_company_default: bool, typed: Budget, own: Budget | None
) -> tuple[Budget | None, BudgetChoice]:
    """The user's budget from the form (None: the company default), and how it was read.

    Typing limits means them: when the radio stays on "Company default" of a user who has no
    limits of their own, the typed ones become theirs. When the main contact moved the radio
    from own limits to "Company default", the radio wins and the typed limits are not used.
    """
    if not wants_company_default:
        return typed, BudgetChoice.OWN
    if not typed.has_limits:
        return None, BudgetChoice.COMPANY_DEFAULT
    if own is None:
        return typed, BudgetChoice.TYPED_LIMITS_TAKEN
    if typed != own:
        return None, BudgetChoice.TYPED_LIMITS_IGNORED
    return None, BudgetChoice.COMPANY_DEFAULT


class Limit(StrEnum):
    QUANTITY_PER_ORDER = "quantity_per_order"
    ORDER_VALUE = "order_value"
    MONTHLY_BUDGET = "monthly_budget"


@dataclass(frozen=True)
class Exceedance:
    """One limit an order exceeds; for the monthly budget, actual includes the month's spend."""

    limit: Limit
    allowed: int | Decimal
    actual: int | Decimal
    excess: int | Decimal


@dataclass(frozen=True)
class BudgetVerdict:
    exceedances: tuple[Exceedance, ...] = ()

    @property
    def is_within_budget(self) -> bool:
        return not self.exceedances

    def exceeded(self, limit: Limit) -> Exceedance | None:
        """The exceedance of one limit, or None when that limit is kept."""
        return next((e for e in self.exceedances if e.limit == limit), None)


def check_budget(
    budget: Budget, order_quantity: int, order_value: Decimal, month_spend: Decimal
) -> BudgetVerdict:
    """Which limits an order would exceed, and by how much; none means within budget."""
    exceedances: list[Exceedance] = []
    if budget.max_quantity_per_order is not None and order_quantity > budget.max_quantity_per_order:
        exceedances.append(
            Exceedance(
                Limit.QUANTITY_PER_ORDER,
                budget.max_quantity_per_order,
                order_quantity,
                order_quantity - budget.max_quantity_per_order,
            )
        )
    if budget.max_order_value is not None and order_value > budget.max_order_value:
        exceedances.append(
            Exceedance(
                Limit.ORDER_VALUE,
                budget.max_order_value,
                order_value,
                order_value - budget.max_order_value,
            )
        )
    if budget.monthly_budget is not None:
        # The order itself counts against the month it is placed in.
        after = month_spend + order_value
        if after > budget.monthly_budget:
            exceedances.append(
                Exceedance(
                    Limit.MONTHLY_BUDGET,
                    budget.monthly_budget,
                    after,
                    after - budget.monthly_budget,
                )
            )
    return BudgetVerdict(tuple(exceedances))


def remaining_monthly_budget(budget: Budget, month_spend: Decimal) -> Decimal | None:
    """What is left of this month's budget (never below zero), or None without a monthly limit."""
    if budget.monthly_budget is None:
        return None
    return max(budget.monthly_budget - month_spend, Decimal("0.00"))


def effective_budget(user_budget: Budget | None, company_default: Budget | None) -> Budget:
    """The budget that applies to a user: their own, else the company default, else none."""
    # Whole budgets, not field by field: a user budget with no monthly limit means "no
    # limit", and must not pick up the company's monthly limit.
    if user_budget is not None:
        return user_budget
    if company_default is not None:
        return company_default
    return NO_LIMITS


# §5: the monthly budget is consumed by orders placed within budget or approved (approval
# leads to PLACED, see approvals.py) and everything that follows from there. Orders awaiting
# approval, rejected or withdrawn consume nothing, so rejecting releases the budget. This is an
# allow-list on purpose: a state added later (e.g. CANCELLED) consumes nothing until listed.
BUDGET_CONSUMING_STATUSES: frozenset[OrderStatus] = frozenset(
    {
        OrderStatus.PLACED,
        OrderStatus.TRANSMITTED,
        OrderStatus.CONFIRMED,
        OrderStatus.PAID,
        OrderStatus.SHIPPED,
        OrderStatus.INVOICED,
        OrderStatus.DELIVERED,
        OrderStatus.ON_HOLD,
    }
)


def consumes_budget(status: OrderStatus) -> bool:
    """Whether an order in this state counts against its orderer's monthly budget."""
    return status in BUDGET_CONSUMING_STATUSES


@dataclass(frozen=True)
class SpendItem:
    """One of a user's orders, as far as the monthly budget cares."""

    net_value: Decimal
    # The order date in the shop's time zone: an order approved in the next month still
    # counts in the month it was ordered, as on the order page and in the ERP.
    placed_on: date
    status: OrderStatus

    @property
    def consumes_budget(self) -> bool:
        return consumes_budget(self.status)


def month_bounds(today: date) -> tuple[date, date]:
    """The calendar month of a day as [first day, first day of next month), half-open."""
    start = today.replace(day=1)
    if start.month == 12:
        return start, date(start.year + 1, 1, 1)
    return start, date(start.year, start.month + 1, 1)


def month_spend(orders: Iterable[SpendItem], year: int, month: int) -> Decimal:
    """The net value of the orders that consume the budget of the given calendar month."""
    return sum(
        (
            order.net_value
            for order in orders
            if order.consumes_budget
            and order.placed_on.year == year
            and order.placed_on.month == month
        ),
        Decimal("0.00"),
    )
