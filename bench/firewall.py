"""How fast the product content firewall checks records (#12): 100,000 generated products.

    .venv/bin/python bench/firewall.py [--records 100000] [--runs 5] [--import 2000]

The records are the generator's products (`flask demo generate`) as the firewall sees them,
each against its category's demo product type; one in fifty lacks its image and one in
seventy has its first attribute replaced by a wrong one (a number in another unit, a value
outside a choice), so failing records cost what they cost in an import. Building the
records is not timed; each run checks all of them. Prints records/s per run and the median,
and how many records failed.

--import N also imports N such records as a CSV through the catalogue import (parsing, the
firewall, writing the passing ones in one unit of work, the report) into a fresh SQLite
database (`--database-url` for another) with the demo catalogue, and prints records/s.
"""

import argparse
import csv
import io
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shop.demo.catalog_data import generated_products, product_types  # noqa: E402
from shop.domain.content_firewall import (  # noqa: E402
    AttributeEntry,
    AttributeKind,
    ContentRecord,
    RequiredAttribute,
    TypeRules,
    check_content,
)


def demo_rules() -> dict[str, TypeRules]:
    return {
        spec.code: TypeRules(
            attributes=tuple(
                RequiredAttribute(a.key, AttributeKind(a.kind), a.unit, frozenset(a.allowed))
                for a in spec.attributes
            ),
            requires_image=spec.requires_image,
            requires_datasheet=spec.requires_datasheet,
        )
        for spec in product_types()
    }


def records(count: int, rules: dict[str, TypeRules]) -> list[tuple[ContentRecord, TypeRules]]:
    built = []
    for number, spec in enumerate(generated_products(count), start=1):
        type_rules = rules[spec.category_slug]
        record = ContentRecord(
            name_en=spec.name_en,
            name_de=spec.name_de,
            price=spec.list_price,
            has_image=number % 50 != 0,
            has_datasheet=True,
            attributes={
                a.key: AttributeEntry(a.value.value_en, a.value.number, a.value.unit)
                for a in spec.attributes
            },
        )
        if number % 70 == 0 and record.attributes:
            key = next(iter(record.attributes))
            broken = dict(record.attributes)
            broken[key] = AttributeEntry("pink", 1.0, "furlong")
            record = replace(record, attributes=broken)
        built.append((record, type_rules))
    return built


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%%EOF"


def import_csv(count: int) -> bytes:
    """`count` generated products (SKUs IMP-…) as an import file with image and data sheet."""
    specs = list(generated_products(count))
    keys = sorted({a.key for spec in specs for a in spec.attributes})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["sku", "type", "category", "name_en", "name_de", "list_price", "image", "datasheet"] + keys
    )
    for number, spec in enumerate(specs, start=1):
        values = {a.key: a.value.value_en for a in spec.attributes}
        image = "" if number % 50 == 0 else "p.png"
        writer.writerow(
            [f"IMP-{number:07d}", spec.category_slug, spec.category_slug, spec.name_en]
            + [spec.name_de, str(spec.list_price), image, "d.pdf"]
            + [values.get(key, "") for key in keys]
        )
    return out.getvalue().encode()


def bench_import(count: int, url: str | None) -> None:
    from flask_migrate import upgrade

    from bench.harness import bench_app, redact
    from shop.demo.loader import load_demo_data
    from shop.models.clock import utcnow
    from shop.services.catalog_import import import_catalog

    with tempfile.TemporaryDirectory() as work:
        url = url or f"sqlite:///{work}/import.sqlite3"
        app = bench_app(url, Path(work))
        with app.app_context():
            upgrade()
            load_demo_data()
            data = import_csv(count)
            started = time.perf_counter()
            report = import_catalog(data, {"p.png": PNG, "d.pdf": PDF}, "bench.csv", utcnow())
            elapsed = time.perf_counter() - started
            accepted, rejected = report.accepted, report.rejected
    print(
        f"import into {redact(url)}: {count:,} records in {elapsed:.1f} s, "
        f"{count / elapsed:,.0f} records/s (accepted {accepted:,}, rejected {rejected:,})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--import", dest="import_count", type=int, default=0)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    checked = records(args.records, demo_rules())
    rates = []
    failed = 0
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        failed = sum(1 for record, rules in checked if check_content(record, rules))
        elapsed = time.perf_counter() - started
        rates.append(len(checked) / elapsed)
        print(
            f"run {run}: {len(checked):,} records in {elapsed * 1000:.0f} ms, "
            f"{rates[-1]:,.0f} records/s"
        )
    print(
        f"median: {statistics.median(rates):,.0f} records/s "
        f"({failed:,} of {len(checked):,} records failed the firewall)"
    )
    if args.import_count:
        bench_import(args.import_count, args.database_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
