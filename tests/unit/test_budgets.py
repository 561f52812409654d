from datetime import date
from decimal import Decimal

import pytest

from shop.domain.budgets import (
    NO_LIMITS,
    Budget,
    BudgetChoice,
    Exceedance,
    Limit,
    SpendItem,
    check_budget,
    choose_user_budget,
    consumes_budget,
    effective_budget,
    month_bounds,
    month_spend,
    remaining_monthly_budget,
)
from shop.domain.orders import OrderStatus

D = Decimal
ZERO = D("0.00")


@pytest.mark.parametrize(
    "quantity, within", [(9, True), (10, True), (11, False)], ids=["under", "at", "over"]
)
def test_quantity_per_order_is_kept_up_to_and_including_the_limit(quantity, within):
    budget = Budget(max_quantity_per_order=10)

    verdict = check_budget(budget, quantity, D("1.00"), ZERO)

    assert verdict.is_within_budget is within


def test_an_order_over_the_quantity_limit_says_by_how_many_pieces():
    verdict = check_budget(Budget(max_quantity_per_order=10), 13, D("1.00"), ZERO)

    assert verdict.exceedances == (Exceedance(Limit.QUANTITY_PER_ORDER, 10, 13, 3),)


@pytest.mark.parametrize(
    "value, within",
    [(D("499.99"), True), (D("500.00"), True), (D("500.01"), False)],
    ids=["under", "at", "over"],
)
def test_order_value_is_kept_up_to_and_including_the_limit(value, within):
    verdict = check_budget(Budget(max_order_value=D("500.00")), 1, value, ZERO)

    assert verdict.is_within_budget is within


def test_an_order_over_the_value_limit_says_by_how_much():
    verdict = check_budget(Budget(max_order_value=D("500.00")), 1, D("500.01"), ZERO)

    assert verdict.exceeded(Limit.ORDER_VALUE) == Exceedance(
        Limit.ORDER_VALUE, D("500.00"), D("500.01"), D("0.01")
    )


@pytest.mark.parametrize(
    "order_value, within",
    [(D("199.99"), True), (D("200.00"), True), (D("200.01"), False)],
    ids=["under", "at", "over"],
)
def test_monthly_budget_counts_the_months_spend_plus_this_order(order_value, within):
    budget = Budget(monthly_budget=D("1000.00"))

    verdict = check_budget(budget, 1, order_value, month_spend=D("800.00"))

    assert verdict.is_within_budget is within


def test_an_order_over_the_monthly_budget_says_by_how_much_including_earlier_orders():
    verdict = check_budget(Budget(monthly_budget=D("1000.00")), 1, D("300.00"), D("800.00"))

    assert verdict.exceedances == (
        Exceedance(Limit.MONTHLY_BUDGET, D("1000.00"), D("1100.00"), D("100.00")),
    )


def test_a_monthly_budget_already_used_up_blocks_even_a_cent():
    verdict = check_budget(Budget(monthly_budget=D("100.00")), 1, D("0.01"), D("100.00"))

    assert verdict.exceeded(Limit.MONTHLY_BUDGET).excess == D("0.01")


def test_several_limits_can_be_exceeded_at_once_and_each_is_reported():
    budget = Budget(
        max_quantity_per_order=5, max_order_value=D("100.00"), monthly_budget=D("150.00")
    )

    verdict = check_budget(budget, 6, D("120.00"), D("50.00"))

    assert [e.limit for e in verdict.exceedances] == [
        Limit.QUANTITY_PER_ORDER,
        Limit.ORDER_VALUE,
        Limit.MONTHLY_BUDGET,
    ]
    assert not verdict.is_within_budget


def test_one_exceeded_limit_does_not_report_the_others():
    budget = Budget(max_quantity_per_order=5, max_order_value=D("100.00"))

    verdict = check_budget(budget, 6, D("10.00"), ZERO)

    assert verdict.exceeded(Limit.ORDER_VALUE) is None
    assert verdict.exceeded(Limit.MONTHLY_BUDGET) is None


def test_a_budget_without_limits_accepts_any_order():
    verdict = check_budget(NO_LIMITS, 1_000_000, D("9999999.99"), D("9999999.99"))

    assert verdict.is_within_budget
    assert verdict.exceedances == ()
    assert not NO_LIMITS.has_limits


@pytest.mark.parametrize(
    "budget",
    [
        Budget(max_quantity_per_order=None, max_order_value=D("1.00"), monthly_budget=D("1.00")),
        Budget(max_quantity_per_order=1, max_order_value=None, monthly_budget=D("1.00")),
        Budget(max_quantity_per_order=1, max_order_value=D("1.00"), monthly_budget=None),
    ],
    ids=["no quantity limit", "no value limit", "no monthly limit"],
)
def test_a_limit_set_to_none_is_never_exceeded(budget):
    verdict = check_budget(budget, 1000, D("1000.00"), D("1000.00"))

    assert len(verdict.exceedances) == 2


def test_a_zero_limit_allows_nothing_above_zero():
    verdict = check_budget(Budget(max_order_value=D("0.00")), 1, D("0.01"), ZERO)

    assert not verdict.is_within_budget


def test_budget_amounts_must_be_decimal_and_not_negative():
    with pytest.raises(TypeError):
        Budget(max_order_value=100.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Budget(monthly_budget=D("-1.00"))
    with pytest.raises(ValueError):
        Budget(max_quantity_per_order=-1)


def test_remaining_monthly_budget_never_goes_below_zero():
    budget = Budget(monthly_budget=D("100.00"))

    assert remaining_monthly_budget(budget, D("30.00")) == D("70.00")
    assert remaining_monthly_budget(budget, D("130.00")) == ZERO
    assert remaining_monthly_budget(NO_LIMITS, D("30.00")) is None


def test_a_users_own_budget_wins_over_the_company_default_as_a_whole():
    own = Budget(max_order_value=D("50.00"))
    default = Budget(max_order_value=D("500.00"), monthly_budget=D("1000.00"))

    assert effective_budget(own, default) == own


def test_a_user_without_own_budget_gets_the_company_default_or_no_limits():
    default = Budget(monthly_budget=D("1000.00"))

    assert effective_budget(None, default) == default
    assert effective_budget(None, None) == NO_LIMITS


@pytest.mark.parametrize(
    "today, bounds",
    [
        (date(2026, 3, 1), (date(2026, 3, 1), date(2026, 4, 1))),
        (date(2026, 3, 31), (date(2026, 3, 1), date(2026, 4, 1))),
        (date(2026, 12, 31), (date(2026, 12, 1), date(2027, 1, 1))),
        (date(2024, 2, 29), (date(2024, 2, 1), date(2024, 3, 1))),
    ],
)
def test_month_bounds_are_the_first_day_and_the_first_day_of_the_next_month(today, bounds):
    assert month_bounds(today) == bounds


CONSUMING = [
    OrderStatus.PLACED,
    OrderStatus.TRANSMITTED,
    OrderStatus.CONFIRMED,
    OrderStatus.PAID,
    OrderStatus.SHIPPED,
    OrderStatus.INVOICED,
    OrderStatus.DELIVERED,
    OrderStatus.ON_HOLD,
]
# §5: released again when cancelled (an operator cancels after review, §8).
NOT_CONSUMING = [
    OrderStatus.AWAITING_APPROVAL,
    OrderStatus.REJECTED,
    OrderStatus.WITHDRAWN,
    OrderStatus.CANCELLED,
]


@pytest.mark.parametrize("status", CONSUMING)
def test_orders_placed_within_budget_or_approved_consume_the_monthly_budget(status):
    assert consumes_budget(status)


@pytest.mark.parametrize("status", NOT_CONSUMING)
def test_orders_awaiting_approval_rejected_withdrawn_or_cancelled_consume_nothing(status):
    assert not consumes_budget(status)


def test_every_order_status_is_classified_for_the_budget():
    assert set(CONSUMING) | set(NOT_CONSUMING) == set(OrderStatus)
    assert {status for status in OrderStatus if consumes_budget(status)} == set(CONSUMING)


def test_month_spend_sums_consuming_orders_of_that_calendar_month_only():
    orders = [
        SpendItem(D("10.00"), date(2026, 2, 28), OrderStatus.DELIVERED),  # month before
        SpendItem(D("20.00"), date(2026, 3, 1), OrderStatus.PLACED),  # first day
        SpendItem(D("30.00"), date(2026, 3, 31), OrderStatus.SHIPPED),  # last day
        SpendItem(D("40.00"), date(2026, 4, 1), OrderStatus.PLACED),  # month after
        SpendItem(D("50.00"), date(2026, 3, 15), OrderStatus.AWAITING_APPROVAL),
        SpendItem(D("60.00"), date(2026, 3, 15), OrderStatus.REJECTED),
        SpendItem(D("70.00"), date(2025, 3, 15), OrderStatus.PLACED),  # same month, last year
    ]

    assert month_spend(orders, 2026, 3) == D("50.00")


@pytest.mark.parametrize(
    "status, spend",
    [
        (OrderStatus.AWAITING_APPROVAL, ZERO),
        (OrderStatus.PLACED, D("25.00")),  # approved
        (OrderStatus.REJECTED, ZERO),
        (OrderStatus.WITHDRAWN, ZERO),
    ],
)
def test_an_order_over_budget_counts_only_once_approved(status, spend):
    order = SpendItem(D("25.00"), date(2026, 3, 10), status)

    assert month_spend([order], 2026, 3) == spend


def test_month_spend_of_no_orders_is_zero_cents():
    assert month_spend([], 2026, 3) == ZERO


OWN = Budget(10, Decimal("99.99"), None)


@pytest.mark.parametrize(
    ("wants_default", "typed", "own", "expected"),
    [
        (False, Budget(5), None, (Budget(5), BudgetChoice.OWN)),
        (False, Budget(), OWN, (Budget(), BudgetChoice.OWN)),
        (True, Budget(), None, (None, BudgetChoice.COMPANY_DEFAULT)),
        (True, Budget(), OWN, (None, BudgetChoice.COMPANY_DEFAULT)),
        (True, OWN, OWN, (None, BudgetChoice.COMPANY_DEFAULT)),
        (True, Budget(7), None, (Budget(7), BudgetChoice.TYPED_LIMITS_TAKEN)),
        (True, Budget(5, Decimal("99.99")), OWN, (None, BudgetChoice.TYPED_LIMITS_IGNORED)),
    ],
)
def test_choose_user_budget(wants_default, typed, own, expected):
    assert choose_user_budget(wants_default, typed, own) == expected
