"""Setting budgets (§5): the company default and each user's own, with the audit trail.

Also the overview the budgets screen shows: every user's budget in force, what they spent
this calendar month, and what is left; and the budget that applies to a user, which
checkout and the approval decision check orders against.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from shop.domain.audit import AuditField, AuditTarget
from shop.domain.budgets import Budget, effective_budget, remaining_monthly_budget
from shop.extensions import db
from shop.models import Company, User
from shop.services.customer_center.audit_trail import record_change_by
from shop.services.customer_center.companies import company_user
from shop.services.spend import month_spend_by_user
from shop.services.unit_of_work import unit_of_work

LIMIT_FIELDS = ("max_quantity_per_order", "max_order_value", "monthly_budget")


@dataclass(frozen=True)
class UserBudgetRow:
    """One line of the budgets screen."""

    user: User
    uses_company_default: bool
    budget: Budget  # the budget in force: the user's own or the company default
    month_spend: Decimal
    remaining: Decimal | None  # None: no monthly limit


def user_budget(user: User) -> Budget:
    """The budget that applies to the user: their own, else the company's default (§5)."""
    return effective_budget(user.own_budget, user.company.default_budget)


def budget_overview(company: Company, today: date) -> list[UserBudgetRow]:
    """Every user of the company (active first, by name) with budget, spend and what is left."""
    users = db.session.scalars(
        select(User)
        .where(User.company_id == company.id)
        .order_by(User.active.desc(), User.name, User.id)
    ).all()
    spend = month_spend_by_user(company.id, today)
    return [budget_row(user, company.default_budget, spend.get(user.id)) for user in users]


def budget_row(user: User, company_default: Budget, month_spend: Decimal | None) -> UserBudgetRow:
    """One user's line, given the company default and the user's spend this month."""
    spent = month_spend if month_spend is not None else Decimal("0.00")
    budget = effective_budget(user.own_budget, company_default)
    return UserBudgetRow(
        user=user,
        uses_company_default=not user.has_own_budget,
        budget=budget,
        month_spend=spent,
        remaining=remaining_monthly_budget(budget, spent),
    )


def user_budget_row(company: Company, user_id: int, today: date) -> UserBudgetRow:
    """One user's line for a partial swap."""
    user = company_user(company.id, user_id)
    spend = month_spend_by_user(company.id, today, [user.id]).get(user.id)
    return budget_row(user, company.default_budget, spend)


def set_company_default_budget(actor: User, budget: Budget, now: datetime) -> bool:
    """Replace the company's default budget; True if anything changed (one audit entry a field).

    It applies at once to every user without a budget of their own, and to new users.
    """
    with unit_of_work():
        # Locked until commit, so two people saving at once each record the true old value.
        company = db.session.get(Company, actor.company_id, with_for_update=True)
        changed = False
        for field in LIMIT_FIELDS:
            column = f"default_{field}"
            old, new = getattr(company, column), getattr(budget, field)
            if old != new:
                setattr(company, column, new)
                record_change_by(
                    actor, AuditTarget.COMPANY, company.id, AuditField(column), old, new, now
                )
                changed = True
    return changed


def set_user_budget(actor: User, user_id: int, budget: Budget | None, now: datetime) -> bool:
    """Give a user their own budget, or the company default with None; True if it changed.

    Choosing the company default clears the user's own limits, so nothing stale remains to
    come back later by surprise.
    """
    with unit_of_work():
        user = company_user(actor.company_id, user_id, lock=True)
        return apply_user_budget(actor, user, budget, now)


def apply_user_budget(actor: User, user: User, budget: Budget | None, now: datetime) -> bool:
    """set_user_budget in the caller's unit of work, for a user of the actor's company (a new
    user gets their budget with their account); True if it changed."""
    has_own = budget is not None
    wanted = budget if budget is not None else Budget()
    changes: list[tuple[str, object, object]] = []
    if user.has_own_budget != has_own:
        changes.append((AuditField.HAS_OWN_BUDGET, user.has_own_budget, has_own))
        user.has_own_budget = has_own
    for field in LIMIT_FIELDS:
        old, new = getattr(user, field), getattr(wanted, field)
        if old != new:
            changes.append((field, old, new))
            setattr(user, field, new)
    for field, old, new in changes:
        record_change_by(actor, AuditTarget.USER, user.id, AuditField(field), old, new, now)
    return bool(changes)
