"""The bitmaps of a search's hits (#10, #11): the hits numbered as one category's products.

shop.domain.facet_bits counts and filters a category from the bitmaps kept for it. A search's
hits (a few hundred products of any categories) are numbered from their categories' kept
bitmaps (shop.catalog.facet_bitmaps); when a hit has none yet (its category's rebuild not
committed), these build the same CategoryBits from the hits' facts as the database groups
them, the product ids of each manufacturer, of each attribute value and number, and of those
in stock, so the hits are counted and filtered by the very functions a category page uses.
"""

from collections.abc import Iterable, Sequence

from shop.domain.facet_bits import CategoryBits, positions_of_ids
from shop.domain.facets import MANUFACTURER, RANGE_FACETS


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
