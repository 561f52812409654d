"""Attribute filters (facets) on catalogue and search pages: which filters a URL asks for,
whether a product passes them, and the counts shown beside each value (#11).

A selection holds chosen values per facet (OR within one facet), number ranges per facet and
"in stock only"; different facets combine with AND. The count beside a facet's value is the
number of products that would be shown if it were ticked as well: counted with the filters of
every *other* facet applied, but not the facet's own (the "disjunctive facet" rule), so ticking
a second material widens the list by the number shown. `facet_counts` is that rule over
plain products; shop/catalog/facets.py computes the same in SQL.
"""

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum

# The attributes offered as filters, in the order shown (keys of ProductAttribute.key).
ATTRIBUTE_FACETS = (
    "thread",
    "diameter",
    "length",
    "material",
    "strength",
    "finish",
    "drive",
    "pack",
)
# Measurements: besides their values they take a min/max range.
RANGE_FACETS = frozenset({"diameter", "length", "pack"})
MANUFACTURER = "manufacturer"
FACETS = (*ATTRIBUTE_FACETS, MANUFACTURER)
IN_STOCK = "in_stock"

PREFIX = "f."
MAX_VALUES_PER_FACET = 30  # more ticked values than a facet shows are an attack, not a filter
MAX_VALUE_LENGTH = 200
LIMIT = 1e12  # beyond any measurement; keeps ranges finite


class RangeProblem(Enum):
    """Why a range bound was ignored."""

    NOT_A_NUMBER = "not_a_number"
    REVERSED = "reversed"


@dataclass(frozen=True)
class Range:
    low: float | None = None
    high: float | None = None

    def contains(self, number: float | None) -> bool:
        if number is None:
            return False
        return (self.low is None or number >= self.low) and (
            self.high is None or number <= self.high
        )


@dataclass(frozen=True)
class Selection:
    """The filters a visitor chose; empty by default."""

    values: Mapping[str, frozenset[str]] = field(default_factory=dict)
    ranges: Mapping[str, Range] = field(default_factory=dict)
    in_stock: bool = False
    # (facet key, problem) of range bounds that were ignored, for a message beside the field.
    problems: tuple[tuple[str, RangeProblem], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.values and not self.ranges and not self.in_stock

    def key(self) -> tuple:
        """A hashable value, the same for equal selections (what is kept is kept under it)."""
        return (
            tuple(sorted((key, tuple(sorted(values))) for key, values in self.values.items())),
            tuple(sorted(self.ranges.items())),
            self.in_stock,
            self.problems,
        )

    def filtered_keys(self) -> frozenset[str]:
        """The facets (and IN_STOCK) that narrow the list."""
        keys = set(self.values) | set(self.ranges)
        if self.in_stock:
            keys.add(IN_STOCK)
        return frozenset(keys)

    def without(self, key: str) -> "Selection":
        """The same filters except those of facet `key`: what that facet's counts apply."""
        if key == IN_STOCK:
            return replace(self, in_stock=False)
        return replace(
            self,
            values={k: v for k, v in self.values.items() if k != key},
            ranges={k: r for k, r in self.ranges.items() if k != key},
        )

    def is_chosen(self, key: str, value: str) -> bool:
        return value in self.values.get(key, ())

    def query_args(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs, in a stable order (for links and pagination)."""
        args = []
        for key in FACETS:
            args += [(PREFIX + key, value) for value in sorted(self.values.get(key, ()))]
            bounds = self.ranges.get(key)
            if bounds is not None:
                if bounds.low is not None:
                    args.append((f"{PREFIX}{key}.min", plain_number(bounds.low)))
                if bounds.high is not None:
                    args.append((f"{PREFIX}{key}.max", plain_number(bounds.high)))
        if self.in_stock:
            args.append((IN_STOCK, "1"))
        return args


def parse_selection(pairs: Iterable[tuple[str, str]]) -> Selection:
    """The filters of a query string; unknown facets and unusable values are left out.

    A range bound that is no number, or a reversed range, is ignored and reported in
    `problems`, so the page can say so beside the field instead of failing.
    """
    values: dict[str, set[str]] = {}
    bounds: dict[str, dict[str, str]] = {}
    in_stock = False
    for name, raw in pairs:
        if name == IN_STOCK:
            in_stock = raw in ("1", "on", "true")
            continue
        if not name.startswith(PREFIX):
            continue
        key, _, part = name[len(PREFIX) :].partition(".")
        value = raw.strip()
        if key not in FACETS or not value or not _is_clean(value):
            continue
        if part == "":
            chosen = values.setdefault(key, set())
            if len(chosen) < MAX_VALUES_PER_FACET:
                chosen.add(value[:MAX_VALUE_LENGTH])
        elif part in ("min", "max") and key in RANGE_FACETS:
            bounds.setdefault(key, {})[part] = value
    ranges: dict[str, Range] = {}
    problems: list[tuple[str, RangeProblem]] = []
    for key in RANGE_FACETS:
        if key not in bounds:
            continue
        low, high = (_number(bounds[key].get(part)) for part in ("min", "max"))
        if any(bound is not None and math.isnan(bound) for bound in (low, high)):
            problems.append((key, RangeProblem.NOT_A_NUMBER))
            continue
        if low is not None and high is not None and low > high:
            problems.append((key, RangeProblem.REVERSED))
            continue
        if low is not None or high is not None:
            ranges[key] = Range(low, high)
    return Selection(
        {k: frozenset(v) for k, v in values.items() if v},
        ranges,
        in_stock,
        tuple(sorted(problems, key=lambda p: p[0])),
    )


def _number(text: str | None) -> float | None:
    """A bound as float: None when absent, NaN when it is no usable number."""
    if text is None or text == "":
        return None
    cleaned = text.replace(",", ".")
    if not all(char.isascii() and (char.isdigit() or char in ".-+") for char in cleaned):
        return math.nan
    try:
        number = float(cleaned)
    except ValueError:
        return math.nan
    return number if -LIMIT < number < LIMIT else math.nan


def _is_clean(text: str) -> bool:
    return all(char.isprintable() for char in text)


def plain_number(number: float | None) -> str:
    """A bound as a URL or form shows it: "20", "0.8" ("" for none)."""
    if number is None:
        return ""
    return f"{number:.15g}"


@dataclass(frozen=True)
class ProductFacts:
    """What the facets know of one product: attribute key → (value, number), maker, stock."""

    attributes: Mapping[str, tuple[str, float | None]]
    manufacturer: str = ""
    in_stock: bool = False


def passes(product: ProductFacts, selection: Selection) -> bool:
    """Whether a product is shown under `selection` (AND across facets, OR within one)."""
    if selection.in_stock and not product.in_stock:
        return False
    for key, chosen in selection.values.items():
        if _value_of(product, key) not in chosen:
            return False
    for key, bounds in selection.ranges.items():
        found = product.attributes.get(key)
        if found is None or not bounds.contains(found[1]):
            return False
    return True


def _value_of(product: ProductFacts, key: str) -> str | None:
    if key == MANUFACTURER:
        return product.manufacturer or None
    found = product.attributes.get(key)
    return found[0] if found else None


def facet_counts(
    products: Iterable[ProductFacts], selection: Selection
) -> tuple[dict[str, Counter], int]:
    """Per facet, the count of each value under the other facets' filters; and the
    number of products in stock under every filter but "in stock only"."""
    products = list(products)
    counts: dict[str, Counter] = {key: Counter() for key in FACETS}
    for key in FACETS:
        others = selection.without(key)
        for product in products:
            value = _value_of(product, key)
            if value is not None and passes(product, others):
                counts[key][value] += 1
    without_stock = selection.without(IN_STOCK)
    in_stock = sum(1 for p in products if p.in_stock and passes(p, without_stock))
    return {k: c for k, c in counts.items() if c}, in_stock


def count_groups(selection: Selection) -> list[tuple[frozenset[str], Selection]]:
    """The queries the counts need: facets sharing the same filters are counted together.

    Facets nobody filtered on all apply the whole selection (one query); each filtered
    facet applies the selection without its own filters (one query each).
    """
    filtered = selection.filtered_keys()
    groups = [(frozenset(k for k in FACETS if k not in filtered), selection)]
    groups += [(frozenset({key}), selection.without(key)) for key in FACETS if key in filtered]
    return [(keys, applied) for keys, applied in groups if keys]
