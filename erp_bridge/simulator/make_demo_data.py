"""Write demo_data.json from a catalogue file.

Run: python -m erp_bridge.simulator.make_demo_data CATALOGUE.json [target.json]
(the shop's demo catalogue is shop/demo/data/products.json).

The catalogue is a JSON list of products, each with at least "sku" and
"list_price" (a decimal string); the simulator reads only the file, so it stays
independent of the shop's code. The price list covers every SKU (the catalogue's
list price); stock is deterministic, with every 37th SKU sold out.
"""

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from erp_bridge.simulator.data import DEMO_DATA_PATH, parse_data

SOLD_OUT_EVERY = 37


def _address(kind: str, name: str, street: str, postal_code: str, city: str) -> dict[str, str]:
    return {
        "kind": kind,
        "name": name,
        "street": street,
        "postalCode": postal_code,
        "city": city,
        "country": "DE",
    }


def _contact(contact_id: str, name: str, email: str, phone: str = "") -> dict[str, str]:
    return {"contactId": contact_id, "name": name, "email": email, "phone": phone}


def read_catalogue(path: Path) -> dict[str, Decimal]:
    """SKU -> list price, in catalogue order."""
    products = json.loads(path.read_text(encoding="utf-8"))
    return {product["sku"]: Decimal(product["list_price"]) for product in products}


def build_demo_data(catalogue: Path) -> dict[str, Any]:
    """The demo data file's content for the catalogue file, identical on every call."""
    list_prices = read_catalogue(catalogue)
    skus = list(list_prices)
    prices = {sku: f"{price:.2f}" for sku, price in list_prices.items()}
    levels = {}
    for index, sku in enumerate(skus, start=1):
        levels[sku] = 0 if index % SOLD_OUT_EVERY == 0 else 5 + (index * 53) % 480
    special = {
        sku: f"{Decimal(prices[sku]) * Decimal('0.80'):.2f}" for sku in (skus[0], skus[1], skus[2])
    }
    mueller = "Müller Maschinenbau GmbH"
    customers = [
        {
            "customerNumber": "10001",
            "name": mueller,
            "vatId": "DE811234561",
            "customerCenter": True,
            "paymentTerms": "30 days net, 2% discount within 10 days",
            "paymentMethods": ["invoice", "prepayment"],
            "addresses": [
                _address("billing", mueller, "Heilbronner Straße 120", "70191", "Stuttgart"),
                _address(
                    "delivery",
                    f"{mueller} – Werk 1",
                    "Heilbronner Straße 120",
                    "70191",
                    "Stuttgart",
                ),
                _address(
                    "delivery", f"{mueller} – Werk 2", "Benzstraße 7", "71063", "Sindelfingen"
                ),
            ],
            "contacts": [
                _contact("C-10001-01", "Anna Müller", "main@demo.example.com", "+49 711 1234-10"),
                _contact("C-10001-02", "Ben Becker", "buyer@demo.example.com", "+49 711 1234-20"),
                _contact(
                    "C-10001-03",
                    "Clara Schulz",
                    "clara.schulz@mueller-maschinenbau.example.com",
                    "+49 711 1234-30",
                ),
                _contact(
                    "C-10001-04",
                    "David Wagner",
                    "david.wagner@mueller-maschinenbau.example.com",
                    "+49 711 1234-40",
                ),
                _contact(
                    "C-10001-05",
                    "Eva Hoffmann",
                    "eva.hoffmann@mueller-maschinenbau.example.com",
                    "+49 711 1234-50",
                ),
            ],
            "invoices": ["RE-2026-10001-01", "RE-2026-10001-02", "RE-2026-10001-03"],
            "discountPercent": "8",
            "specialPrices": special,
        },
        {
            "customerNumber": "10002",
            "name": "Schmidt Anlagentechnik AG",
            "vatId": "DE812345672",
            "customerCenter": True,
            "paymentTerms": "30 days net",
            "paymentMethods": ["invoice"],
            "addresses": [
                _address(
                    "billing", "Schmidt Anlagentechnik AG", "Hafenstraße 12", "20457", "Hamburg"
                ),
                _address(
                    "delivery", "Schmidt Anlagentechnik AG", "Hafenstraße 12", "20457", "Hamburg"
                ),
            ],
            "contacts": [
                _contact("C-10002-01", "Stefan Schmidt", "main@other.example.com", "+49 40 555-0"),
                _contact("C-10002-02", "Petra Lange", "petra.lange@schmidt-anlagen.example.com"),
            ],
            "invoices": ["RE-2026-10002-01"],
            "discountPercent": "5",
        },
        {
            "customerNumber": "10003",
            "name": "Weber Elektro KG",
            "vatId": "DE813456783",
            "customerCenter": True,
            "paymentTerms": "14 days net",
            "paymentMethods": ["invoice", "prepayment", "direct_debit"],
            "addresses": [
                _address("billing", "Weber Elektro KG", "Leopoldstraße 55", "80802", "München"),
                _address("delivery", "Weber Elektro KG", "Leopoldstraße 55", "80802", "München"),
            ],
            "contacts": [
                _contact("C-10003-01", "Laura Weber", "laura.weber@weber-elektro.example.com"),
                _contact("C-10003-02", "Max Keller", "max.keller@weber-elektro.example.com"),
                _contact("C-10003-03", "Nina Roth", "nina.roth@weber-elektro.example.com"),
            ],
            "invoices": ["RE-2026-10003-07"],
            "discountPercent": "3",
        },
        {
            "customerNumber": "10004",
            "name": "Fischer Bau GmbH",
            "vatId": "DE814567894",
            "customerCenter": False,
            "paymentTerms": "Prepayment",
            "paymentMethods": ["prepayment"],
            "addresses": [
                _address("billing", "Fischer Bau GmbH", "Königsallee 20", "40212", "Düsseldorf"),
                _address("delivery", "Fischer Bau GmbH", "Königsallee 20", "40212", "Düsseldorf"),
            ],
            "contacts": [
                _contact("C-10004-01", "Oliver Fischer", "oliver.fischer@fischer-bau.example.com"),
            ],
            "invoices": ["RE-2026-10004-02"],
        },
    ]
    return {
        "currency": "EUR",
        "customers": customers,
        "prices": {"list": prices},
        "stock": {"levels": levels, "default": 100},
    }


def main(argv: list[str] | None = None) -> int:
    """Write the demo data file (default: the shipped demo_data.json)."""
    arguments = sys.argv[1:] if argv is None else argv
    if not 1 <= len(arguments) <= 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    catalogue = Path(arguments[0])
    target = Path(arguments[1]) if len(arguments) == 2 else DEMO_DATA_PATH
    content = build_demo_data(catalogue)
    parse_data(content)  # never write a file the simulator would refuse
    target.write_text(json.dumps(content, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
