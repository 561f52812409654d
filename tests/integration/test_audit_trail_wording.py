"""The audit trail in the reader's words (#13): no internal field name, no database id, no raw
value on the company's audit page or a user's history, in English and German alike."""

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from erp_bridge import Customer
from shop.domain.audit import AuditField
from shop.domain.budgets import Budget
from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import AuditEntry
from shop.services.customer_center.approvers import add_absence, set_company_approvers
from shop.services.customer_center.budgets import set_company_default_budget, set_user_budget
from shop.services.customer_sync import apply_customer
from tests.factories import make_company, make_main_contact, make_user

NOW = datetime(2026, 11, 2, 9, 30)
TAGS = re.compile(r"<[^>]+>")
SELECT_FIELD = re.compile(r'<select[^>]*name="field".*?</select>', re.S)


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", TAGS.sub(" ", html))


def company_with_changes(language: str):
    """A company whose trail holds budget, approver, absence and ERP sync changes."""
    company = make_company()
    boss = make_main_contact(company, name="Maria Main", locale=language)
    anna = make_user(company, roles=(PredefinedRole.APPROVER,), name="Anna Müller")
    carl = make_user(company, roles=(PredefinedRole.APPROVER,), name="Carl Clausen")
    ben = make_user(company, name="Ben Becker")
    set_company_default_budget(boss, Budget(monthly_budget=Decimal("5000.00")), NOW)
    set_user_budget(boss, ben.id, Budget(max_quantity_per_order=1200), NOW)
    set_company_approvers(boss, [carl.id], NOW)
    add_absence(boss, carl.id, date(2026, 11, 10), date(2026, 11, 20), anna.id, NOW)
    apply_customer(
        company,
        Customer(
            customer_number=company.customer_number,
            name=company.name,
            vat_id="DE123456789",
            customer_center=True,
            payment_terms=company.payment_terms,
            payment_methods=("invoice",),
            addresses=(),
        ),
        NOW,
    )
    db.session.commit()
    return company, boss, ben


def assert_in_readers_words(text: str, company) -> None:
    internal = [field.value for field in AuditField if "_" in field.value]
    assert [name for name in internal if name in text] == []
    assert re.findall(r"#\d+", text) == []
    assert "5000.00" not in text
    assert "True" not in text and "False" not in text
    assert "invoice, prepayment" not in text
    assert f": {company.id} " not in text  # a company shown by its database id


@pytest.mark.parametrize(
    ("language", "money", "company_word", "absence"),
    [
        ("en", "€5,000.00", "Company", "10 Nov 2026 – 20 Nov 2026, deputy: Anna Müller"),
        ("de", "5.000,00 €", "Unternehmen", "10.11.2026 – 20.11.2026, Vertretung: Anna Müller"),
    ],
)
def test_the_audit_page_shows_labels_and_formatted_values_in_the_readers_language(
    client, login_as, language, money, company_word, absence
):
    company, boss, _ben = company_with_changes(language)
    login_as(boss)

    html = client.get("/customer-center/audit").get_data(as_text=True)
    text = visible_text(html)

    assert_in_readers_words(text, company)
    assert money in text
    assert absence in text
    assert f"{company_word}: {company.customer_number}" in text
    assert company.customer_number in text
    stored = db.session.scalars(select(AuditEntry).where(AuditEntry.company_id == company.id))
    assert {e.target_id for e in stored if e.target_type == "company"} == {str(company.id)}


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_audit_filter_lists_labels_not_field_names(client, login_as, language):
    company, boss, _ben = company_with_changes(language)
    login_as(boss)

    html = client.get("/customer-center/audit").get_data(as_text=True)
    options = visible_text(SELECT_FIELD.search(html).group(0))

    assert_in_readers_words(options, company)
    assert ("Default monthly budget" if language == "en" else "Standard: Monatsbudget") in options


@pytest.mark.parametrize(
    ("language", "own_budget"), [("en", "Own budget"), ("de", "Eigenes Budget")]
)
def test_a_users_history_shows_labels_and_formatted_values(client, login_as, language, own_budget):
    company, boss, ben = company_with_changes(language)
    login_as(boss)

    html = client.get(f"/customer-center/users/{ben.id}").get_data(as_text=True)
    history = visible_text(html.split('id="user-history"', 1)[1])

    assert_in_readers_words(history, company)
    assert own_budget in history
    assert "1,200" in history if language == "en" else "1.200" in history


def test_the_erp_sync_is_named_in_the_readers_language(client, login_as):
    company, boss, _ben = company_with_changes("de")
    login_as(boss)

    text = visible_text(client.get("/customer-center/audit").get_data(as_text=True))

    assert "ERP sync" not in text
    assert "ERP-Abgleich" in text
