"""How fast the product content firewall checks records (#12): 100,000 generated products.

    .venv/bin/python bench/firewall.py [--records 100000] [--runs 5]

The records are the generator's products (`flask demo generate`) as the firewall sees them,
each against its category's demo product type; one in fifty lacks its image and one in
seventy has its first attribute replaced by a wrong one (a number in another unit, a value
outside a choice), so failing records cost what they cost in an import. Building the records is not timed; each run checks
all of them. Prints records/s per run and the median, and how many records failed.
"""

import argparse
import statistics
import sys
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
