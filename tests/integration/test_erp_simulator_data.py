"""The simulator's data file: validated at start-up; the demo file is valid; ERP_SIM_DATA."""

import copy
import json
import os
import re
import subprocess
import sys

import pytest

from erp_bridge import ErpClient, ErpRejected
from erp_bridge.simulator.data import DEMO_DATA_PATH, InvalidDataFile, load_data, parse_data
from erp_bridge.simulator.make_demo_data import build_demo_data
from shop.demo.catalog_data import PRODUCTS_PATH, demo_products
from tests.erp_simulator import ROOT, ErpSimulator
from tests.services import free_port

README = ROOT / "erp_bridge" / "README.md"


def readme_example() -> dict:
    """The complete data-file example in erp_bridge/README.md."""
    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- data-example -->\s*```json\n(.*?)```", text, re.DOTALL)
    assert match, "erp_bridge/README.md lost its data-file example"
    return json.loads(match.group(1))


def broken(change) -> dict:
    data = copy.deepcopy(readme_example())
    change(data)
    return data


def _set(path: list, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path: list):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


def test_the_readme_example_is_a_valid_data_file():
    data = parse_data(readme_example())

    assert set(data.customers) == {"20001", "20002"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            _set(["customers", 1, "invoices"], "RE-1"),
            "customers[1].invoices: expected a list of strings",
        ),
        (
            _set(["customers", 1, "invoices"], [7]),
            "customers[1].invoices: expected a list of strings",
        ),
        (_delete(["customers", 0, "name"]), "customers[0].name: missing"),
        (
            _set(["customers", 0, "customerCenter"], "yes"),
            "customers[0].customerCenter: expected true or false",
        ),
        (
            _set(["customers", 0, "paymentMethods"], ["cash"]),
            "customers[0].paymentMethods[0]: 'cash' is not one of",
        ),
        (
            _set(["customers", 0, "addresses", 0, "country"], "Germany"),
            "customers[0].addresses[0].country",
        ),
        (_set(["customers", 0, "addresses", 0, "kind"], "home"), "customers[0].addresses[0].kind"),
        (
            _set(["customers", 0, "contacts", 0, "email"], "nobody"),
            "customers[0].contacts[0].email",
        ),
        (_set(["customers", 0, "discountPercent"], 120), "customers[0].discountPercent"),
        (
            _set(["customers", 0, "specialPrices"], {"X": "cheap"}),
            "customers[0].specialPrices['X']",
        ),
        (_set(["customers", 0, "invoice"], []), "customers[0].invoice: unknown field"),
        (
            _set(["customers", 1, "customerNumber"], "20001"),
            "customers[1].customerNumber: duplicate",
        ),
        (
            _set(["prices", "list", "SKU-1"], -1),
            "prices.list['SKU-1']: expected a non-negative number",
        ),
        (_set(["stock", "levels", "SKU-1"], 2.5), "stock.levels['SKU-1']: expected a whole number"),
        (_set(["stock", "default"], -3), "stock.default: expected a whole number"),
        (_delete(["stock"]), "stock: missing"),
        (_set(["customers"], {}), "customers: expected a list"),
        (
            _set(["customers", 0, "name"], "Beispiel\x00 GmbH"),
            "customers[0].name: contains a control character",
        ),
        (
            _set(["customers", 0, "contacts", 0, "name"], "Greta\r\nBeispiel"),
            "customers[0].contacts[0].name: contains a control character",
        ),
        (
            _set(
                ["customers", 0, "contacts", 0, "email"],
                "greta@beispiel.example.com\r\nBcc: x@y.de",
            ),
            "customers[0].contacts[0].email: expected an e-mail address",
        ),
        (
            _set(["customers", 0, "contacts", 0, "email"], "@"),
            "customers[0].contacts[0].email: expected an e-mail address",
        ),
        (
            _set(["customers", 1, "addresses", 0, "street"], "Am Markt\t3"),
            "customers[1].addresses[0].street: contains a control character",
        ),
        (_set(["currency"], ""), "currency: expected an ISO 4217 code"),
        (_set(["currency"], "euro"), "currency: expected an ISO 4217 code"),
        (
            _set(["customers", 1, "customerNumber"], " 20001"),
            "customers[1].customerNumber: must not start or end with blanks",
        ),
        (
            _set(["customers", 1, "customerNumber"], "20001 "),
            "customers[1].customerNumber: must not start or end with blanks",
        ),
        (
            _set(["customers", 1, "invoices"], ["re-2026-20001-01"]),
            "customers[1].invoices[0]: 're-2026-20001-01' belongs to customers[0] already",
        ),
        (
            _set(["customers", 1, "addresses"], []),
            "customers[1].addresses: expected at least one address",
        ),
    ],
)
def test_an_invalid_data_file_is_refused_naming_the_bad_field(change, message):
    with pytest.raises(InvalidDataFile) as refusal:
        parse_data(broken(change))

    assert message in str(refusal.value)


def test_customer_numbers_equal_but_for_case_are_refused_as_duplicates():
    data = copy.deepcopy(readme_example())
    data["customers"][0]["customerNumber"] = "kw7205"
    data["customers"][1]["customerNumber"] = "KW7205"

    with pytest.raises(InvalidDataFile) as refusal:
        parse_data(data)

    assert "customers[1].customerNumber: duplicate 'KW7205'" in str(refusal.value)


def test_a_lower_case_customer_number_alone_is_valid():
    data = parse_data(broken(_set(["customers", 0, "customerNumber"], "kw7205")))

    assert data.find_customer("KW7205").customer_number == "kw7205"


def test_bad_text_is_loaded_only_when_explicitly_allowed():
    data = broken(_set(["customers", 0, "contacts", 0, "email"], "greta@x.example.com\r\nBcc: a"))

    with pytest.raises(InvalidDataFile):
        parse_data(data)
    loaded = parse_data(data, allow_bad_text=True)

    assert loaded.customers["20001"].contacts[0].email.endswith("Bcc: a")


def check(path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "erp_bridge.simulator", "--check", "--data", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_refuses_a_bad_file_with_the_json_path_of_the_bad_value(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken(_set(["customers", 0, "contacts", 0, "email"], "@"))))

    result = check(bad)

    assert result.returncode == 2
    assert "customers[0].contacts[0].email: expected an e-mail address" in result.stderr


def test_check_names_an_unreadable_file_once(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")

    result = check(bad)

    assert result.returncode == 2
    assert result.stderr.count(str(bad)) == 1
    assert "not valid JSON" in result.stderr


def test_the_readme_types_prices_as_the_checker_reads_them():
    text = README.read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(): line.split("|")[2].strip()
        for line in text.splitlines()
        if line.startswith("| `") and line.count("|") >= 4
    }
    example = readme_example()["customers"][0]["specialPrices"]

    assert "decimal string" in rows["`specialPrices`"]
    assert "decimal string" in rows["`prices.list`"]
    assert all(isinstance(price, str) for price in example.values())
    parse_data(broken(_set(["customers", 0, "specialPrices"], {"SKU-1": 8.9})))


def test_the_simulator_refuses_to_start_on_an_invalid_file_and_says_which_field(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken(_set(["customers", 1, "invoices"], "RE-1"))))

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "erp_bridge.simulator",
            "--port",
            str(free_port()),
            "--data",
            str(bad),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "customers[1].invoices: expected a list of strings" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not valid JSON"), (None, "file not found")],
)
def test_an_unreadable_data_file_is_refused(tmp_path, content, message):
    path = tmp_path / "data.json"
    if content is not None:
        path.write_text(content)

    with pytest.raises(InvalidDataFile, match=message):
        load_data(path)


def test_the_shipped_demo_data_file_is_valid_and_covers_the_demo_catalogue():
    data = load_data(DEMO_DATA_PATH)

    products = demo_products()
    assert {p.sku: p.list_price for p in products} == data.prices
    assert set(data.stock) == {p.sku for p in products}
    assert 0 < sum(1 for quantity in data.stock.values() if quantity == 0) < len(products) / 10
    flags = {number: customer.customer_center for number, customer in data.customers.items()}
    assert flags == {"10001": True, "10002": True, "10003": True, "10004": False}
    assert "RE-2026-10003-07" in data.customers["10003"].invoices
    assert len(data.customers["10003"].contacts) == 3
    mueller = data.customers["10001"]
    assert mueller.payment_methods == ("invoice", "prepayment")
    assert [a.kind for a in mueller.addresses].count("delivery") == 2
    assert {"main@demo.example.com", "buyer@demo.example.com"} <= {
        c.email for c in mueller.contacts
    }


def test_the_demo_data_file_is_what_make_demo_data_writes():
    shipped = json.loads(DEMO_DATA_PATH.read_text(encoding="utf-8"))

    assert shipped == build_demo_data(PRODUCTS_PATH), (
        "demo_data.json is stale: run "
        "`python -m erp_bridge.simulator.make_demo_data shop/demo/data/products.json`"
    )


def test_erp_sim_data_selects_another_data_file(tmp_path):
    data_file = tmp_path / "other.json"
    data_file.write_text(json.dumps(readme_example()), encoding="utf-8")
    simulator = ErpSimulator(
        state_path=tmp_path / "state.json", environment={"ERP_SIM_DATA": str(data_file)}
    ).start()
    try:
        client = ErpClient(simulator.wsdl_url, timeout=5.0)

        customer = client.get_customer("20001")
        with pytest.raises(ErpRejected):
            client.get_customer("10001")
    finally:
        simulator.stop()

    assert customer.name == readme_example()["customers"][0]["name"]


def test_data_option_wins_over_erp_sim_data(tmp_path):
    data_file = tmp_path / "other.json"
    data_file.write_text(json.dumps(readme_example()), encoding="utf-8")
    simulator = ErpSimulator(
        state_path=tmp_path / "state.json",
        data_path=DEMO_DATA_PATH,
        environment={"ERP_SIM_DATA": str(data_file)},
    ).start()
    try:
        name = ErpClient(simulator.wsdl_url, timeout=5.0).get_customer("10001").name
    finally:
        simulator.stop()

    assert name == "Müller Maschinenbau GmbH"


def test_erp_sim_data_naming_a_missing_file_stops_the_simulator(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "erp_bridge.simulator", "--port", str(free_port())],
        cwd=ROOT,
        env={**os.environ, "ERP_SIM_DATA": str(tmp_path / "missing.json")},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert "file not found" in result.stderr
