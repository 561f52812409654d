"""Facet counts and filtered products from the kept bitmaps, decoded once per process (#10, #11).

A category's bitmaps (shop.services.facet_bitmaps) and the labels of their values were read
and decoded on every request (~1.5 ms CPU for /catalog/fasteners on SQLite at 100,000
products, plus the rows' transfer on PostgreSQL). A process now keeps them decoded under the
facet tokens (shop.models.FacetVersion), which triggers replace whenever a kept row or an
attribute's label changes; the tokens are read in one statement with the stock and listing
tokens, so a page whose categories are kept reads no bitmap row. "In stock" comes from
shop.catalog.in_stock_bits (kept under the stock token), the counts and filters from
shop.domain.facet_bits. What every process shows agrees with the database, not with each
other's memory.

Search results are numbered from the same kept data: every published product has kept
bitmaps in its category, so a hit's manufacturer, attribute values and numbers are picked
from its category's bitmaps by its position (shop.domain.hit_bits).
"""

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from threading import Lock
from typing import TYPE_CHECKING

from sqlalchemy import Select, bindparam, case, null, or_, select

from shop.catalog.facets import FacetPanel, first_label, panel_from_rows
from shop.catalog.in_stock_bits import add_in_stock, stock_token
from shop.catalog.listing_order import listing_token
from shop.domain.facet_bits import MAKER_KEY, NUMBER_PREFIX, BitCounts, CategoryBits, KeptRow, count
from shop.domain.facets import ATTRIBUTE_FACETS, MANUFACTURER, Selection
from shop.domain.hit_bits import hits_of_categories, value_picks
from shop.models import FacetBitmap, FacetVersion
from shop.models.facet_version import BITMAPS, LABELS
from shop.services.plain_rows import rows_of

if TYPE_CHECKING:
    from shop.catalog.queries import Scope

# Facet panels kept per process: one per category, filter choice and language in use.
KEPT_PANELS = 500
# The languages whose labels the attribute rows carry (value_<language>, label_<language>).
LANGUAGES = ("en", "de")


@dataclass(frozen=True)
class Tokens:
    """The tokens of what pages keep per process, read in one statement."""

    stock: str | None
    listing: str | None
    # The bitmaps' and the labels' (None: a row is missing, nothing is kept under it).
    facets: tuple[str, str] | None


@dataclass(frozen=True)
class CategoryFacets:
    panel: FacetPanel
    # The ids of the products the filters let through; None when nothing is filtered.
    matching: frozenset[int] | None
    # The listing token (shop.catalog.listing_order); None: none kept.
    listing_token: str | None = None


def _facet_token(row: int):
    return select(FacetVersion.token).where(FacetVersion.id == row).scalar_subquery()


# Read before the data they guard, so nothing kept is ever older than its token.
_TOKENS = select(stock_token(), listing_token(), _facet_token(BITMAPS), _facet_token(LABELS))


def read_tokens() -> Tokens:
    """The stock, listing and facet tokens (one statement)."""
    stock, listing, bitmaps, labels = rows_of(_TOKENS).one()
    # A missing labels row (emptied tables) is a state of its own until a relabelling writes
    # it; without the bitmaps row nothing is kept.
    return Tokens(stock, listing, None if bitmaps is None else (bitmaps, labels or ""))


def category_facets(scope: "Scope", selection: Selection, language: str) -> CategoryFacets:
    """The facet panel of a category page and the products its filters let through.

    The panel is kept per process under the tokens of all it is counted from: counting and
    labelling it was a tenth of a category page's CPU, for the same panel again and again.
    """
    tokens = read_tokens()
    category_ids = scope.category_ids or ()
    kept = _kept_categories(category_ids, tokens.facets)
    key = None
    if tokens.facets is not None and tokens.stock is not None:
        key = (category_ids, selection.key(), language, tokens.facets, tokens.stock)
    panel = _kept_panel(key)
    if panel is not None and selection.is_empty:
        # Nothing to count and nothing filtered: the bitmaps are not needed.
        return CategoryFacets(panel, None, tokens.listing)
    # Own copies: the request sets their "in stock" under the stock token it read.
    categories = {
        category_id: replace(kept.bits[category_id])
        for category_id in category_ids
        if category_id in kept.bits  # one without published products has no kept rows
    }
    add_in_stock(categories, tokens.stock)
    if panel is None:
        counted = count(list(categories.values()), selection)
        panel = _panel(counted, kept.labels[language], selection)
        _keep_panel(key, panel)
    if selection.is_empty:
        return CategoryFacets(panel, None, tokens.listing)
    matching = frozenset(
        product_id
        for category in categories.values()
        for product_id in category.matching_ids(selection)
    )
    return CategoryFacets(panel, matching, tokens.listing)


def hit_facets(
    hits: Sequence[int], selection: Selection, language: str
) -> tuple[FacetPanel, CategoryBits] | None:
    """The facet panel over a search's hits and the bitmaps numbering them (shop.domain.
    facet_bits.CategoryBits, position i: the i-th hit of their categories' order), from the
    kept data; None when a hit has no kept bitmaps (its category was not rebuilt yet)."""
    tokens = read_tokens()
    kept = _kept_everything(tokens.facets)
    per_category: dict[int, list[int]] = {}
    category_of = kept.category_of
    for product_id in dict.fromkeys(hits):  # each once, as the database would group them
        category_id = category_of.get(product_id)
        if category_id is None:
            return None
        per_category.setdefault(category_id, []).append(product_id)
    categories = {category_id: replace(kept.bits[category_id]) for category_id in per_category}
    add_in_stock(categories, tokens.stock)
    bits = hits_of_categories(
        [
            (kept.picks[category_id], categories[category_id], ids)
            for category_id, ids in per_category.items()
        ]
    )
    counted = count([bits], selection)
    return _panel(counted, kept.labels[language], selection), bits


def _panel(
    counted: BitCounts, labels: Mapping[tuple[str, str], tuple[str, str]], selection: Selection
) -> FacetPanel:
    attribute_rows: dict[str, list[tuple]] = {}
    for key in ATTRIBUTE_FACETS:
        for value, found in counted.counts.get(key, {}).items():
            value_label, key_label = labels.get((key, value), (value, key))
            attribute_rows.setdefault(key, []).append(
                (value, value_label, key_label, counted.numbers[key].get(value), found)
            )
    makers = list(counted.counts.get(MANUFACTURER, {}).items())
    return panel_from_rows(attribute_rows, makers, counted.in_stock, selection)


@dataclass
class _Kept:
    """What a process keeps under one pair of facet tokens."""

    token: tuple[str, str] | None = None
    # category id -> its decoded bitmaps ("in stock" not set: it has a token of its own)
    bits: dict[int, CategoryBits] = field(default_factory=dict)
    # language -> (key, value_en) -> (value label, key label), of the categories kept
    labels: dict[str, dict[tuple[str, str], tuple[str, str]]] = field(
        default_factory=lambda: {language: {} for language in LANGUAGES}
    )
    # Set once every category is kept (a search's hits may be anywhere):
    category_of: dict[int, int] = field(default_factory=dict)  # product id -> category id
    # category id -> its values a search counts (shop.domain.hit_bits.value_picks)
    picks: dict[int, list[tuple]] = field(default_factory=dict)
    everything: bool = False
    empty: set[int] = field(default_factory=set)  # categories read that have no kept rows


_kept = _Kept()
_lock = Lock()  # threads of one process share it
# (category ids, selection, language, facet and stock tokens) -> panel; least recently used
# first. A panel is a few KB.
_panels: OrderedDict[tuple, FacetPanel] = OrderedDict()


def _kept_panel(key: tuple | None) -> FacetPanel | None:
    if key is None:
        return None
    with _lock:
        panel = _panels.get(key)
        if panel is not None:
            _panels.move_to_end(key)
        return panel


def _keep_panel(key: tuple | None, panel: FacetPanel) -> None:
    if key is None:
        return
    with _lock:
        _panels[key] = panel
        while len(_panels) > KEPT_PANELS:
            _panels.popitem(last=False)


def _kept_categories(category_ids: Sequence[int], token: tuple[str, str] | None) -> _Kept:
    """The kept data holding at least these categories, read for those not kept yet under
    `token` (None: read anew and not kept)."""
    global _kept
    with _lock:
        kept = _kept if token is not None and _kept.token == token else _Kept(token)
        # Once every category is kept, one not kept has no published products.
        known = kept.bits.keys() | kept.empty
        missing = [] if kept.everything else [c for c in category_ids if c not in known]
    if not missing:
        return kept
    kept = _with_rows(kept, rows_of(_KEPT_ROWS, {"category_ids": missing}))
    # Without published products a category has no kept rows: known to be empty.
    kept.empty.update(category_id for category_id in missing if category_id not in kept.bits)
    if token is not None:
        with _lock:
            _kept = kept
    return kept


def _kept_everything(token: tuple[str, str] | None) -> _Kept:
    """The kept data of every category, with each product's category."""
    global _kept
    with _lock:
        kept = _kept if token is not None and _kept.token == token else _Kept(token)
    if kept.everything:
        return kept
    kept = _with_rows(
        kept, rows_of(_ALL_KEPT_ROWS, {"category_ids": list(kept.bits) or [-1]}), everything=True
    )
    if token is not None:
        with _lock:
            _kept = kept
    return kept


def _with_rows(kept: _Kept, rows, everything: bool = False) -> _Kept:
    """A copy of `kept` with the categories of these kept rows added (others keep reading
    the old one meanwhile)."""
    grouped: dict[int, list[KeptRow]] = {}
    labels = {language: dict(of_language) for language, of_language in kept.labels.items()}
    for category_id, key, value_en, number, bits, *texts in rows:
        grouped.setdefault(category_id, []).append(KeptRow(key, value_en, number, bits))
        if texts[0] is not None:
            for index, language in enumerate(LANGUAGES):
                labels[language][(key, value_en)] = (texts[2 * index], texts[2 * index + 1])
    added = {category_id: CategoryBits.from_rows(rows) for category_id, rows in grouped.items()}
    new = _Kept(kept.token, {**kept.bits, **added}, labels, empty=set(kept.empty))
    if everything:
        new.everything = True
        for category_id, bits in new.bits.items():
            new.category_of.update(dict.fromkeys(bits.ids, category_id))
            new.picks[category_id] = value_picks(bits)
    return new


def _kept_rows(everything: bool) -> Select:
    """The kept rows of the categories `category_ids` (everything: of all others), with the
    labels of the attribute values in every language."""
    kept = FacetBitmap
    # Labels for attribute values only (not for the ids, manufacturers and numbers).
    other = or_(kept.key.startswith(MAKER_KEY[0]), kept.key.startswith(NUMBER_PREFIX))
    labels = [
        case((other, null()), else_=first_label(f"{column}_{language}", kept.key, kept.value_en))
        for language in LANGUAGES
        for column in ("value", "label")
    ]
    categories = bindparam("category_ids", expanding=True)
    return select(kept.category_id, kept.key, kept.value_en, kept.number, kept.bits, *labels).where(
        kept.category_id.not_in(categories) if everything else kept.category_id.in_(categories)
    )


_KEPT_ROWS = _kept_rows(everything=False)
_ALL_KEPT_ROWS = _kept_rows(everything=True)
