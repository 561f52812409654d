"""The customer sync mirrors the ERP's master data and customer-center flag (§7)."""

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from erp_bridge import ErpClient
from shop.extensions import db
from shop.models import AuditEntry, Company
from shop.models.clock import utcnow
from shop.services.customer_sync import sync_customers
from tests.erp_simulator import BAD_CUSTOMER_NUMBER, ODD_CUSTOMER_NUMBER, ROOT, ErpSimulator
from tests.factories import PASSWORD, make_company, make_user

DEMO_DATA = ROOT / "erp_bridge/simulator/demo_data.json"


@pytest.fixture(scope="module")
def erp_without_flag(tmp_path_factory):
    """A second ERP whose customer 10001 has lost the customer-center flag."""
    folder = tmp_path_factory.mktemp("erp-no-flag")
    data = json.loads(DEMO_DATA.read_text())
    for customer in data["customers"]:
        if customer["customerNumber"] == "10001":
            customer["customerCenter"] = False
    path = Path(folder) / "data.json"
    path.write_text(json.dumps(data))
    simulator = ErpSimulator(state_path=Path(folder) / "state.json", data_path=path).start()
    yield ErpClient(simulator.wsdl_url, timeout=5)
    simulator.stop()


def test_sync_copies_master_data_and_audits_each_change(app_context, erp):
    company = make_company(customer_number="10001", name="Old name", vat_id=None)
    client = ErpClient(erp.wsdl_url, timeout=5)

    report = sync_customers(client, utcnow())
    again = sync_customers(client, utcnow())

    db.session.refresh(company)
    assert company.name == "Müller Maschinenbau GmbH"
    assert company.vat_id == "DE811234561"
    assert any(a.from_erp for a in company.addresses)
    changes = {e.field: (e.old_value, e.new_value) for e in db.session.scalars(select(AuditEntry))}
    assert changes["name"] == ("Old name", "Müller Maschinenbau GmbH")
    assert "addresses" in changes
    assert (report.changed, again.changed) == (1, 0)


def test_a_removed_flag_locks_the_company_out_and_its_return_restores_it(
    app_context, erp, erp_without_flag, client, csrf
):
    company = make_company(customer_number="10001")
    user = make_user(company)
    client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf()})
    assert client.get("/orders").status_code == 200

    sync_customers(erp_without_flag, utcnow())

    assert client.get("/orders").status_code == 302  # the running session ends
    refused = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf()},
        headers={"Accept-Language": "en"},
    )
    assert "access to the shop is suspended" in refused.get_data(as_text=True)
    assert db.session.get(Company, company.id).customer_center is False

    sync_customers(ErpClient(erp.wsdl_url, timeout=5), utcnow())

    restored = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf()}
    )
    assert restored.status_code == 302


def test_a_customer_the_erp_no_longer_knows_is_locked_not_deleted(app_context, erp):
    company = make_company(customer_number="77777")
    make_user(company)

    report = sync_customers(ErpClient(erp.wsdl_url, timeout=5), utcnow())

    assert report.unknown == ["77777"] and report.locked == ["77777"]
    assert db.session.get(Company, company.id).customer_center is False


def test_sync_of_one_customer_leaves_the_others_alone(app_context, erp):
    mine = make_company(customer_number="10001", name="Mine")
    other = make_company(customer_number="10002", name="Other")

    report = sync_customers(ErpClient(erp.wsdl_url, timeout=5), utcnow(), "10001")

    db.session.refresh(mine)
    db.session.refresh(other)
    assert report.checked == 1
    assert mine.name != "Mine" and other.name == "Other"


def test_a_company_under_a_lower_case_customer_number_syncs_and_is_found_in_any_case(
    app_context, odd_erp
):
    company = make_company(customer_number=ODD_CUSTOMER_NUMBER, name="Old name")

    report = sync_customers(ErpClient(odd_erp.wsdl_url, timeout=5), utcnow(), "KW7205")

    db.session.refresh(company)
    assert report.checked == 1 and report.unknown == []
    assert company.name == "Klein Werkzeuge KG" and company.customer_center is True


def test_invalid_master_data_from_the_erp_is_not_stored(app_context, odd_erp):
    company = make_company(customer_number=BAD_CUSTOMER_NUMBER, name="Zeilenumbruch GmbH")
    synced_at = company.synced_at
    addresses = [(a.street, a.city) for a in company.addresses]

    report = sync_customers(ErpClient(odd_erp.wsdl_url, timeout=5), utcnow(), BAD_CUSTOMER_NUMBER)

    db.session.expire_all()
    company = db.session.get(Company, company.id)
    assert report.invalid == [BAD_CUSTOMER_NUMBER] and report.changed == 0
    assert company.name == "Zeilenumbruch GmbH"
    assert [(a.street, a.city) for a in company.addresses] == addresses
    assert company.synced_at == synced_at and company.customer_center is True
    assert db.session.scalar(select(AuditEntry.id)) is None
