"""The bitmap counts and filters (shop.domain.facet_bits) follow the disjunctive rule of
shop.domain.facets over plain products, summed over several categories (#11)."""

import random

import pytest

from shop.domain.facet_bits import CategoryBits, build_bits, count
from shop.domain.facets import MANUFACTURER, ProductFacts, facet_counts, parse_selection, passes

MATERIALS = ["steel", "brass", "A2 stainless", "nylon"]
LENGTHS = [10, 20, 40, 60, 100]
MAKERS = ["Acme", "Bolzwerk", ""]


def catalogue(seed: int) -> dict[int, list[tuple[int, ProductFacts]]]:
    """Products of two categories, by category: (id, facts)."""
    rng = random.Random(seed)
    categories: dict[int, list[tuple[int, ProductFacts]]] = {1: [], 2: []}
    for product_id in rng.sample(range(1, 500), 80):
        attributes = {}
        if rng.random() < 0.9:
            attributes["material"] = (rng.choice(MATERIALS), None)
        if rng.random() < 0.8:
            length = rng.choice(LENGTHS)
            attributes["length"] = (f"{length} mm", float(length))
        facts = ProductFacts(attributes, rng.choice(MAKERS), rng.random() < 0.5)
        categories[rng.choice((1, 2))].append((product_id, facts))
    return categories


def bits_of(products: list[tuple[int, ProductFacts]]) -> CategoryBits:
    rows = build_bits(
        [(product_id, facts.manufacturer) for product_id, facts in products],
        [
            (product_id, key, value, number)
            for product_id, facts in products
            for key, (value, number) in facts.attributes.items()
        ],
    )
    category = CategoryBits.from_rows(rows)
    category.in_stock = category.positions_of(p for p, facts in products if facts.in_stock)
    return category


QUERIES = [
    "",
    "f.material=steel",
    "f.material=steel&f.material=brass",
    "f.material=brass&f.manufacturer=Acme",
    "f.length.min=15&f.length.max=60",
    "f.length.min=30&in_stock=1",
    "f.material=steel&f.material=nylon&f.length.max=40&f.manufacturer=Bolzwerk&in_stock=1",
    "f.length=20 mm&f.length.min=15",
    "f.material=unknown",
    "in_stock=1&f.manufacturer=Acme&f.manufacturer=Bolzwerk",
]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("query", QUERIES)
def test_bitmap_counts_and_filters_equal_the_rule_over_plain_products(seed, query):
    from urllib.parse import parse_qsl

    selection = parse_selection(parse_qsl(query))
    products = catalogue(seed)
    everything = [facts for listed in products.values() for _, facts in listed]

    counted = count([bits_of(listed) for listed in products.values()], selection)
    matching = {
        product_id
        for listed in products.values()
        for product_id in bits_of(listed).matching_ids(selection)
    }

    expected, in_stock = facet_counts(everything, selection)
    assert counted.counts == {key: dict(counter) for key, counter in expected.items()}
    assert counted.in_stock == in_stock
    assert matching == {
        product_id
        for listed in products.values()
        for product_id, facts in listed
        if passes(facts, selection)
    }


def test_a_value_keeps_its_smallest_number_and_makers_count_apart():
    products = [
        (5, ProductFacts({"length": ("20 mm", 20.0)}, "Acme")),
        (3, ProductFacts({"length": ("20 mm", 20.0)}, "Acme")),
        (9, ProductFacts({"length": ("60 mm", 60.0)}, "")),
    ]
    category = bits_of(products)

    counted = count([category], parse_selection([]))

    assert list(category.ids) == [3, 5, 9]
    assert counted.numbers["length"] == {"20 mm": 20.0, "60 mm": 60.0}
    assert counted.counts[MANUFACTURER] == {"Acme": 2}
    assert category.matching_ids(parse_selection([("f.length.min", "30")])) == [9]
