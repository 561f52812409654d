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
ARTICLES_CHANGED_AT = "2026-11-02T08:00:00Z"

# Article data (contract v1.3) for the shop's import from the ERP: two new complete
# articles, one that changes a demo product's descriptions, and four the shop's content
# firewall rejects, each for another reason.
DEMO_ARTICLES: list[dict[str, Any]] = [
    {
        "sku": "FAS-SCR-000901",
        "nameEn": "Hex head bolt DIN 933, M10 x 50, steel 8.8, zinc-plated",
        "nameDe": "Sechskantschraube DIN 933, M10 x 50, Stahl 8.8, verzinkt",
        "descriptionEn": "Fully threaded hex head bolt for general mechanical engineering. "
        "Box of 50.",
        "descriptionDe": "Schraube mit Sechskantkopf und Gewinde bis Kopf für den allgemeinen "
        "Maschinenbau. Packung mit 50 Stück.",
        "manufacturer": "Brockmann Verbindungstechnik",
        "categoryCode": "fasteners-screws",
        "productTypeCode": "fasteners-screws",
        "unit": "box",
        "ean": "4012345000900",
        "listPrice": "16.80",
        "vatRate": "19.00",
        "attributes": [
            {"key": "standard", "valueEn": "DIN 933 / ISO 4017"},
            {"key": "thread", "valueEn": "M10"},
            {"key": "length", "valueEn": "50 mm"},
            {"key": "strength", "valueEn": "8.8"},
        ],
        "image": "FAS-SCR-000901.png",
    },
    {
        "sku": "SAF-GLV-000901",
        "nameEn": "Cut-resistant gloves, size 9 (L), 10 pairs",
        "nameDe": "Schnittschutzhandschuhe, Größe 9 (L), 10 Paar",
        "descriptionEn": "HPPE knit gloves with polyurethane coating; cut level C.",
        "descriptionDe": "HPPE-Strickhandschuhe mit Polyurethan-Beschichtung; Schnittschutz C.",
        "manufacturer": "Sentra Arbeitsschutz",
        "categoryCode": "safety-gloves",
        "productTypeCode": "safety-gloves",
        "unit": "pack",
        "listPrice": "54.50",
        "vatRate": "19.00",
        "attributes": [
            {"key": "standard", "valueEn": "EN 388 4X43C"},
            {"key": "size", "valueEn": "9 (L)"},
            {"key": "coating", "valueEn": "polyurethane", "valueDe": "Polyurethan"},
        ],
        "image": "SAF-GLV-000901.png",
        "datasheet": "SAF-GLV-000901.pdf",
    },
    {
        "sku": "FAS-SCR-000001",
        "descriptionEn": "Fully threaded hex head bolt for general mechanical engineering. "
        "Box of 100; delivered with a material certificate on request.",
        "descriptionDe": "Schraube mit Sechskantkopf und Gewinde bis Kopf für den allgemeinen "
        "Maschinenbau. Packung mit 100 Stück; Werkszeugnis auf Anfrage.",
    },
    {
        "sku": "FAS-SCR-000902",
        "nameEn": "Hex head bolt DIN 933, M12, steel 8.8",
        "nameDe": "Sechskantschraube DIN 933, M12, Stahl 8.8",
        "categoryCode": "fasteners-screws",
        "productTypeCode": "fasteners-screws",
        "unit": "box",
        "listPrice": "21.90",
        "attributes": [{"key": "thread", "valueEn": "M12"}],
        "image": "FAS-SCR-000902.png",
    },
    {
        "sku": "FAS-RIV-000001",
        "nameEn": "Blind rivet 4 x 10, aluminium",
        "nameDe": "Blindniet 4 x 10, Aluminium",
        "categoryCode": "fasteners-rivets",
        "productTypeCode": "fasteners-screws",
        "listPrice": "9.40",
        "attributes": [{"key": "length", "valueEn": "10 mm"}],
        "image": "FAS-RIV-000001.png",
    },
    {
        "sku": "FAS-SCR-000903",
        "nameEn": "Hex head bolt DIN 933, M6 x 30, stainless steel A2",
        "nameDe": "Sechskantschraube DIN 933, M6 x 30, Edelstahl A2",
        "categoryCode": "fasteners-screws",
        "productTypeCode": "fasteners-screws",
        "listPrice": "12.10",
        "attributes": [{"key": "length", "valueEn": "30 mm"}],
        "image": "http://169.254.169.254/latest/meta-data/FAS-SCR-000903.png",
    },
    {
        "sku": "FAS SCR 904",
        "nameEn": "Hex head bolt M5 x 20",
        "nameDe": "Sechskantschraube M5 x 20",
        "categoryCode": "fasteners-screws",
        "productTypeCode": "fasteners-screws",
        "listPrice": "7.80",
        "attributes": [{"key": "length", "valueEn": "20 mm"}],
    },
]


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
        "articles": [{**article, "changedAt": ARTICLES_CHANGED_AT} for article in DEMO_ARTICLES],
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
