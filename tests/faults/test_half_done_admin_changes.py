"""#13: a customer-center change that fails half-way leaves nothing behind, not even for the
next change in the same session to commit.

The fault is injected where every such change ends: routing the company's waiting orders
again (#14). Before the unit of work, the failed change stayed pending in the session and the
next service's begin_write() committed it silently.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from shop.domain.budgets import Budget
from shop.domain.rights import PredefinedRole, Right
from shop.extensions import db
from shop.models import Absence, ApproverAssignment, AuditEntry, Role, User
from shop.models.clock import utcnow
from shop.services import approval_routing
from shop.services.customer_center import approvers, budgets, roles, users
from tests.factories import APPROVER, make_user, team


class RoutingDown(Exception):
    pass


def _fail(*args, **kwargs):
    raise RoutingDown()


def _nothing(main, clara, dora):
    pass


def _deactivate(main, clara, dora):
    users.set_active(main, clara, False, utcnow())


def _change_roles(main, clara, dora):
    buyer = db.session.scalar(
        select(Role).where(
            Role.company_id == main.company_id, Role.predefined == PredefinedRole.BUYER.value
        )
    )
    users.update_user(main, clara, clara.name, clara.email, [buyer.id], utcnow())


def _name_company_approvers(main, clara, dora):
    approvers.set_company_approvers(main, [dora.id], utcnow())


def _enter_absence(main, clara, dora):
    today = utcnow().date()
    approvers.add_absence(clara, clara.id, today, today + timedelta(days=3), dora.id, utcnow())


def _give_clara_a_custom_role(main, clara, dora):
    role = roles.create_role(main, "Purchasing", [Right.DECIDE_APPROVALS.value], utcnow())
    users.update_user(main, clara, clara.name, clara.email, [role.id], utcnow())


def _change_role_rights(main, clara, dora):
    role = db.session.scalar(select(Role).where(Role.name == "Purchasing"))
    roles.update_role(main, role, role.name, [Right.PLACE_ORDERS.value], utcnow())


def _state(clara_id: int, company_id: int) -> dict:
    db.session.expire_all()
    clara = db.session.get(User, clara_id)
    return {
        "clara_active": clara.active,
        "clara_roles": sorted(role.predefined or role.name for role in clara.roles),
        "company_approvers": db.session.scalars(
            select(ApproverAssignment.approver_id).where(
                ApproverAssignment.company_id == company_id,
                ApproverAssignment.orderer_id.is_(None),
            )
        ).all(),
        "absences": db.session.scalars(select(Absence.id)).all(),
        "role_rights": {
            role.name: role.custom_rights
            for role in db.session.scalars(select(Role).where(Role.company_id == company_id))
        },
        "audit_entries": db.session.scalar(select(func.count(AuditEntry.id))),
    }


@pytest.mark.parametrize(
    ("arrange", "change"),
    [
        (_nothing, _deactivate),
        (_nothing, _change_roles),
        (_nothing, _name_company_approvers),
        (_nothing, _enter_absence),
        (_give_clara_a_custom_role, _change_role_rights),
    ],
    ids=["deactivate", "roles", "company_approvers", "absence", "role_rights"],
)
def test_a_change_that_fails_half_way_is_not_committed_by_the_next_one(
    app, app_context, monkeypatch, arrange, change
):
    company, main, clara, anna = team()
    dora = make_user(company, roles=APPROVER, name="Dora Deputy")
    arrange(main, clara, dora)
    before = _state(clara.id, company.id)
    monkeypatch.setattr(approval_routing, "lock_routing", _fail)

    with pytest.raises(RoutingDown):
        change(main, clara, dora)
    budgets.set_company_default_budget(main, Budget(max_order_value=Decimal("500.00")), utcnow())

    after = _state(clara.id, company.id)
    assert after["audit_entries"] == before["audit_entries"] + 1  # the budget's entry only
    assert {**after, "audit_entries": 0} == {**before, "audit_entries": 0}
