"""Facet rules (#11): reading filters from a URL, AND across facets and OR within one,
and the disjunctive counts."""

from collections import Counter

import pytest

from shop.domain.facets import (
    IN_STOCK,
    MANUFACTURER,
    MAX_VALUES_PER_FACET,
    ProductFacts,
    Range,
    RangeProblem,
    Selection,
    count_groups,
    facet_counts,
    parse_selection,
    passes,
)


def product(material: str, length: float, maker: str = "Acme", in_stock: bool = True):
    return ProductFacts(
        {"material": (material, None), "length": (f"{length:g} mm", length)}, maker, in_stock
    )


CATALOGUE = [
    product("steel", 20),
    product("steel", 40, "Bolzwerk", in_stock=False),
    product("brass", 40),
    product("brass", 60, "Bolzwerk"),
    product("A2", 20, "Bolzwerk"),
]


def test_a_url_names_values_ranges_and_in_stock():
    selection = parse_selection(
        [
            ("f.material", "steel"),
            ("f.material", "brass"),
            ("f.length.min", "20"),
            ("f.length.max", "50"),
            ("f.manufacturer", "Acme"),
            ("in_stock", "1"),
            ("sort", "name"),
        ]
    )

    assert selection.values == {
        "material": frozenset({"steel", "brass"}),
        MANUFACTURER: frozenset({"Acme"}),
    }
    assert selection.ranges == {"length": Range(20, 50)}
    assert selection.in_stock
    assert selection.problems == ()


@pytest.mark.parametrize(
    "pairs",
    [
        [("f.colour_of_the_day", "red")],
        [("f.material", "")],
        [("f.material", "st\x00eel")],
        [("f.material", "\x1b[31m")],
        [("f.material", "a\u202eb")],
        [("f.material.min", "3")],  # no range on a text facet
        [("f.length.avg", "3")],
        [("in_stock", "yes please")],
        [("material", "steel")],
    ],
)
def test_unknown_facets_and_unusable_values_are_left_out(pairs):
    assert parse_selection(pairs) == Selection()


@pytest.mark.parametrize(
    ("low", "high", "problem"),
    [
        ("abc", "", RangeProblem.NOT_A_NUMBER),
        ("1e999", "", RangeProblem.NOT_A_NUMBER),
        ("nan", "", RangeProblem.NOT_A_NUMBER),
        ("", "inf", RangeProblem.NOT_A_NUMBER),
        ("３", "", RangeProblem.NOT_A_NUMBER),
        ("50", "10", RangeProblem.REVERSED),
    ],
)
def test_a_bad_range_is_ignored_and_reported(low, high, problem):
    selection = parse_selection([("f.length.min", low), ("f.length.max", high)])

    assert selection.ranges == {}
    assert selection.problems == (("length", problem),)


def test_a_comma_is_a_decimal_mark_and_one_bound_is_enough():
    selection = parse_selection([("f.length.min", "0,8"), ("f.length.max", "")])

    assert selection.ranges == {"length": Range(0.8, None)}


def test_ticked_values_per_facet_are_capped():
    pairs = [("f.material", f"v{n}") for n in range(MAX_VALUES_PER_FACET * 3)]

    assert len(parse_selection(pairs).values["material"]) == MAX_VALUES_PER_FACET


def test_the_selection_round_trips_through_its_query_args():
    selection = parse_selection(
        [
            ("in_stock", "1"),
            ("f.length.max", "60"),
            ("f.material", "brass"),
            ("f.material", "steel"),
            ("f.length.min", "0.8"),
        ]
    )

    args = selection.query_args()

    assert args == [
        ("f.length.min", "0.8"),
        ("f.length.max", "60"),
        ("f.material", "brass"),
        ("f.material", "steel"),
        ("in_stock", "1"),
    ]
    assert parse_selection(args) == selection


def test_equal_selections_share_a_key_and_any_difference_makes_another():
    pairs = [("f.material", "brass"), ("f.thread", "M6"), ("f.length.min", "5"), ("in_stock", "1")]
    key = parse_selection(pairs).key()

    assert parse_selection(reversed(pairs)).key() == key
    hash(key)
    others = [
        pairs[:-1],
        [*pairs, ("f.material", "steel")],
        [*pairs[:2], ("f.length.min", "6"), pairs[3]],
        [*pairs[:2], ("f.length.max", "5"), pairs[3]],
        [*pairs, ("f.length.max", "abc")],  # the same filters, one more problem to report
    ]
    assert len({key, *(parse_selection(other).key() for other in others)}) == len(others) + 1


def test_values_of_one_facet_combine_with_or_and_facets_with_and():
    selection = parse_selection(
        [("f.material", "steel"), ("f.material", "brass"), ("f.manufacturer", "Bolzwerk")]
    )

    shown = [p for p in CATALOGUE if passes(p, selection)]

    assert shown == [CATALOGUE[1], CATALOGUE[3]]


def test_a_range_keeps_numbers_within_its_bounds_only():
    selection = parse_selection([("f.length.min", "30"), ("f.length.max", "40")])

    assert [p for p in CATALOGUE if passes(p, selection)] == [CATALOGUE[1], CATALOGUE[2]]
    assert not passes(ProductFacts({}), selection)


def test_counts_without_filters_count_every_value():
    counts, in_stock = facet_counts(CATALOGUE, Selection())

    assert counts["material"] == Counter({"steel": 2, "brass": 2, "A2": 1})
    assert counts[MANUFACTURER] == Counter({"Acme": 2, "Bolzwerk": 3})
    assert in_stock == 4


def test_a_facets_own_counts_ignore_its_own_filter_but_apply_the_others():
    selection = parse_selection([("f.material", "steel"), ("f.manufacturer", "Bolzwerk")])

    counts, in_stock = facet_counts(CATALOGUE, selection)

    # material: among Bolzwerk's products; manufacturer: among the steel products
    assert counts["material"] == Counter({"steel": 1, "brass": 1, "A2": 1})
    assert counts[MANUFACTURER] == Counter({"Acme": 1, "Bolzwerk": 1})
    # length: under both filters
    assert counts["length"] == Counter({"40 mm": 1})
    assert in_stock == 0


def test_in_stock_counts_under_every_other_filter():
    selection = parse_selection([("in_stock", "1"), ("f.manufacturer", "Bolzwerk")])

    counts, in_stock = facet_counts(CATALOGUE, selection)

    assert in_stock == 2
    assert counts[MANUFACTURER] == Counter({"Acme": 2, "Bolzwerk": 2})


def test_unfiltered_facets_share_one_count_and_each_filtered_one_gets_its_own():
    selection = parse_selection([("f.material", "steel"), ("in_stock", "1")])

    groups = count_groups(selection)

    assert len(groups) == 2
    shared_keys, shared = groups[0]
    assert "material" not in shared_keys and "length" in shared_keys
    assert shared == selection
    assert groups[1] == (frozenset({"material"}), selection.without("material"))
    assert IN_STOCK not in shared_keys
