"""The bitmaps of a search's hits (#10, #11): the hits numbered as one category's products.

shop.domain.facet_bits counts and filters a category from the bitmaps kept for it. A search's
hits (a few hundred products of any categories) are numbered as one category by
`hits_of_categories`, from their categories' kept bitmaps (decoded once per process,
shop.catalog.facet_bitmaps): each hit takes the values its category's bitmaps give its
position. When a hit has none kept yet (its category's rebuild not committed), `hit_bits`
builds the same CategoryBits from the hits' facts as the database groups them. Either way the
hits are counted and filtered by the very functions a category page uses.
"""

from collections.abc import Iterable, Sequence
from operator import itemgetter

from shop.domain.facet_bits import (
    NUMBER_PREFIX,
    CategoryBits,
    positions_of_ids,
    positions_to_bytes,
)
from shop.domain.facets import FACETS, MANUFACTURER, RANGE_FACETS


def hit_bits(
    makers: Iterable[tuple[str, bool, Sequence[int]]],
    attributes: Iterable[tuple[str, str, float | None, Sequence[int]]],
) -> CategoryBits:
    """makers: (manufacturer, in stock, product ids), covering every hit once; attributes:
    (key, value_en, number, product ids) of the hits' attribute rows."""
    makers = list(makers)
    ids = sorted(product_id for _maker, _stocked, members in makers for product_id in members)
    position = positions_of_ids(ids)

    def bits_of(members: Sequence[int]) -> int:
        bits = 0
        for product_id in members:
            bits |= 1 << position[product_id]
        return bits

    values: dict[str, dict[str, int]] = {}
    numbers: dict[str, dict[float, int]] = {}
    value_numbers: dict[str, dict[str, float | None]] = {}
    in_stock = 0
    for maker, stocked, members in makers:
        bits = bits_of(members)
        if stocked:
            in_stock |= bits
        if maker:
            of_maker = values.setdefault(MANUFACTURER, {})
            of_maker[maker] = of_maker.get(maker, 0) | bits
            value_numbers.setdefault(MANUFACTURER, {})[maker] = None
    for key, value_en, number, members in attributes:
        bits = bits_of([product_id for product_id in members if product_id in position])
        if not bits:
            continue
        of_key = values.setdefault(key, {})
        of_key[value_en] = of_key.get(value_en, 0) | bits
        # A value's smallest number (it sorts the values and bounds a range facet).
        known = value_numbers.setdefault(key, {}).get(value_en)
        if number is not None and (known is None or number < known):
            known = number
        value_numbers[key][value_en] = known
        if number is not None and key in RANGE_FACETS:
            of_number = numbers.setdefault(key, {})
            of_number[number] = of_number.get(number, 0) | bits
    return CategoryBits(ids, position, values, numbers, value_numbers, in_stock)


_FLAGS = bytes.maketrans(b"01", b"\x00\x01")
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def flags_of(bits: int, size: int) -> bytes:
    """Byte i is 1 if bit i is set: a position's bit is then picked in C (itemgetter)."""
    return bin(bits)[:1:-1].encode("ascii").translate(_FLAGS).ljust(size, b"\x00")


def value_picks(category: CategoryBits) -> list[tuple]:
    """(facet key, value or number, smallest number, bitmap, flags) of a category's values
    a search counts: its facets' and its range facets' numbers (key "#" + facet). Kept with
    the category: the flags cost ~20 us per value to build."""
    size = len(category.ids)
    picks = []
    for key, values in category.values.items():
        if key in FACETS:
            numbers = category.value_numbers.get(key, {})
            for value, bits in values.items():
                picks.append((key, value, numbers.get(value), bits, flags_of(bits, size)))
    for key, numbers in category.numbers.items():
        if key in RANGE_FACETS:
            for number, bits in numbers.items():
                picks.append((NUMBER_PREFIX + key, number, number, bits, flags_of(bits, size)))
    return picks


def hits_of_categories(
    categories: Iterable[tuple[Sequence[tuple], CategoryBits, Sequence[int]]],
) -> CategoryBits:
    """The hits numbered category by category (their ids as given, each once), each with the
    values its category's bitmaps give its position: per category its `value_picks`, its
    bits ("in stock" set) and its hits' ids. Equal to `hit_bits` over the same facts."""
    ids: list[int] = []
    values: dict[str, dict[str, int]] = {}
    numbers: dict[str, dict[float, int]] = {}
    value_numbers: dict[str, dict[str, float | None]] = {MANUFACTURER: {}}
    in_stock = 0
    for picks, category, hit_ids in categories:
        offset = len(ids)
        ids.extend(hit_ids)
        positions = [category.position[product_id] for product_id in hit_ids]
        within = int.from_bytes(positions_to_bytes(positions, len(category.ids)), "little")
        pick = itemgetter(*positions) if len(positions) > 1 else _one(positions[0])
        if category.in_stock & within:
            in_stock |= _gathered(pick, flags_of(category.in_stock, len(category.ids)), offset)
        for key, value, number, bits, flags in picks:
            if not bits & within:
                continue
            hits = _gathered(pick, flags, offset)
            if key[0] == NUMBER_PREFIX:
                of_number = numbers.setdefault(key[1:], {})
                of_number[value] = of_number.get(value, 0) | hits
                continue
            of_key = values.setdefault(key, {})
            of_key[value] = of_key.get(value, 0) | hits
            # A value's smallest number (it sorts the values and bounds a range facet).
            numbers_of_key = value_numbers.setdefault(key, {})
            known = numbers_of_key.get(value)
            if number is not None and (known is None or number < known):
                known = number
            numbers_of_key[value] = known
    return CategoryBits(ids, positions_of_ids(ids), values, numbers, value_numbers, in_stock)


def _gathered(pick, flags: bytes, offset: int) -> int:
    """The flags `pick` takes (one per hit of a category, first hit lowest) as a bitmap of
    the hits, from `offset` on."""
    return int(bytes(pick(flags))[::-1].translate(_DIGITS), 2) << offset


def _one(position: int):
    return lambda flags: (flags[position],)
