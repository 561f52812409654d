"""The onboarding board reads the checklists of all companies in Check usage with a fixed number
of SQL statements (#12): one grouped query per kind of data, not a handful per company."""

import pytest

from shop.domain.onboarding import ComputedCheck, OnboardingState
from shop.extensions import db
from shop.models import ApproverAssignment, ChecklistItem, ChecklistTick, Onboarding
from shop.models.clock import utcnow
from shop.services import onboarding
from tests.clients import staff_logged_in
from tests.factories import make_company, make_main_contact, make_staff, make_user
from tests.integration.test_sql_bounds import count_statements

# Measured when the checklists were grouped; read company by company, the board ran 25
# statements for 3 companies in Check usage and 214 for 30.
BOARD_BOUND = {"sqlite": 13, "postgresql": 13}


def companies_checking_usage(count: int) -> None:
    """`count` companies in Check usage, each with colleagues, an approver and a ticked item."""
    item = ChecklistItem(name_en="Training attended", name_de="Schulung besucht")
    db.session.add(item)
    db.session.commit()
    for _ in range(count):
        company = make_company(default_monthly_budget=1000)
        make_main_contact(company)
        approver = make_user(company)
        db.session.add_all(
            [
                Onboarding(
                    company_id=company.id,
                    state=OnboardingState.CHECK_USAGE.value,
                    state_since=utcnow(),
                ),
                ApproverAssignment(company_id=company.id, orderer_id=None, approver_id=approver.id),
                ChecklistTick(company_id=company.id, item_id=item.id),
            ]
        )
        db.session.commit()


@pytest.mark.parametrize("companies", [3, 30])
def test_the_board_reads_every_checklist_with_the_same_number_of_statements(
    app, app_context, companies
):
    companies_checking_usage(companies)
    client = staff_logged_in(app, make_staff())
    client.get("/back-office/onboarding")

    statements = count_statements(client, "/back-office/onboarding")

    bound = BOARD_BOUND[db.engine.dialect.name]
    assert statements <= bound, f"{companies} companies: {statements} statements, at most {bound}"


def test_grouped_checklists_keep_each_companys_own_data(app_context):
    item = ChecklistItem(name_en="Training attended", name_de="Schulung besucht")
    db.session.add(item)
    db.session.commit()
    busy, quiet = make_company(), make_company()
    make_main_contact(busy)
    make_main_contact(quiet)
    make_user(busy, has_own_budget=True, max_order_value=100)
    db.session.add(ChecklistTick(company_id=busy.id, item_id=item.id))
    db.session.commit()

    checklists = onboarding.company_checklists([busy.id, quiet.id])

    done = {
        company_id: {entry.check or entry.manual.id for entry in checklist.entries if entry.done}
        for company_id, checklist in checklists.items()
    }
    assert done == {
        busy.id: {ComputedCheck.USERS_CREATED, ComputedCheck.BUDGETS_SET, item.id},
        quiet.id: set(),
    }
