"""A search's hits as bitmaps (shop.domain.hit_bits), built from the groups the database
returns, count and filter by the rule of shop.domain.facets over plain products and equal
the bitmaps a category keeps for the same products (#10, #11)."""

import random
from urllib.parse import parse_qsl

import pytest

from shop.domain.facet_bits import count
from shop.domain.facets import facet_counts, parse_selection, passes
from shop.domain.hit_bits import hit_bits, hits_of_categories, value_picks
from tests.unit.test_facet_bits import QUERIES, bits_of, catalogue


def grouped(products):
    """The hits' facts as the search's statement groups them."""
    makers: dict[tuple[str, bool], list[int]] = {}
    attributes: dict[tuple[str, str, float | None], list[int]] = {}
    for product_id, facts in products:
        makers.setdefault((facts.manufacturer, facts.in_stock), []).append(product_id)
        for key, (value, number) in facts.attributes.items():
            attributes.setdefault((key, value, number), []).append(product_id)
    return (
        [(maker, stocked, ids) for (maker, stocked), ids in makers.items()],
        [(key, value, number, ids) for (key, value, number), ids in attributes.items()],
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_hit_bitmaps_count_and_filter_by_the_rule_and_as_a_category_would(seed):
    products = [item for listed in catalogue(seed).values() for item in listed]
    hits = hit_bits(*grouped(products))
    as_category = bits_of(products)
    for query in QUERIES:
        selection = parse_selection(parse_qsl(query))

        counted = count([hits], selection)

        expected, in_stock = facet_counts([facts for _, facts in products], selection)
        assert counted.counts == {key: dict(c) for key, c in expected.items()}, query
        assert counted.in_stock == in_stock, query
        assert counted == count([as_category], selection), query
        assert set(hits.matching_ids(selection)) == {
            product_id for product_id, facts in products if passes(facts, selection)
        }, query


@pytest.mark.parametrize(("seed", "size"), [(1, 1), (2, 2), (3, 30), (4, 60)])
def test_hits_numbered_from_their_categories_bitmaps_equal_those_of_their_facts(seed, size):
    listed = catalogue(seed)
    kept = {category_id: bits_of(products) for category_id, products in listed.items()}
    category_of = {p: c for c, products in listed.items() for p, _ in products}
    found = random.Random(seed).sample([p for products in listed.values() for p in products], size)
    per_category: dict[int, list[int]] = {}
    for product_id, _facts in found:
        per_category.setdefault(category_of[product_id], []).append(product_id)

    from_kept = hits_of_categories(
        (value_picks(kept[c]), kept[c], ids) for c, ids in per_category.items()
    )

    from_facts = hit_bits(*grouped(found))
    for query in QUERIES:
        selection = parse_selection(parse_qsl(query))
        assert count([from_kept], selection) == count([from_facts], selection), query
        assert set(from_kept.matching_ids(selection)) == set(from_facts.matching_ids(selection))
