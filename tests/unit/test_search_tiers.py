"""The ranking rules of search (#11) as the tiers the SQLite engine asks, without a database:
whole words in SKU, names, standards or manufacturer first, then prefixes there, then every
word anywhere (descriptions too); every word of the query must match in every tier."""

from shop.catalog.search import _alternatives, _SQLite, search_terms
from shop.domain.search_terms import IndexedVocabulary

VOCABULARY = IndexedVocabulary(
    {"sechskantschraube": 4, "holzschraube": 3, "schraube": 6, "sechskant": 2, "bolt": 5}
)
TITLE = "{sku name_en name_de manufacturer standards}"


def tiers_of(query: str) -> list[str]:
    return _SQLite(_alternatives(search_terms(query), VOCABULARY)).tiers


def test_the_tiers_go_from_whole_title_words_to_title_prefixes_to_anywhere():
    assert tiers_of("bolt") == [
        f'{TITLE} : (("bolt"))',
        f'{TITLE} : (("bolt"* OR "bolt"))',
        '("bolt"* OR "bolt")',
    ]


def test_the_first_tier_asks_whole_words_in_the_title_columns_only():
    whole, _prefixes, _anywhere = tiers_of("hex bolt")

    assert whole == f'{TITLE} : (("hex") AND ("bolt"))'


def test_the_second_tier_adds_prefixes_in_the_title_columns():
    _whole, prefixes, _anywhere = tiers_of("bolt")

    assert prefixes.startswith(f"{TITLE} : ")
    assert '"bolt"*' in prefixes


def test_the_last_tier_matches_every_column_descriptions_too():
    _whole, _prefixes, anywhere = tiers_of("bolt")

    assert not anywhere.startswith("{")
    assert '"bolt"*' in anywhere


def test_every_word_of_the_query_must_match_in_every_tier():
    for tier in tiers_of("hex bolt"):
        assert " AND " in tier
        assert '"hex"' in tier and '"bolt"' in tier


def test_a_word_finds_the_compounds_it_is_the_head_of_as_whole_words():
    whole, _prefixes, _anywhere = tiers_of("Schraube")

    assert '"sechskantschraube"' in whole and '"holzschraube"' in whole


def test_two_words_that_make_a_compound_count_it_for_both():
    whole, _prefixes, _anywhere = tiers_of("Sechskant Schraube")

    first, second = whole.split(" AND ")
    assert '"sechskantschraube"' in first and '"sechskantschraube"' in second


def test_query_words_are_quoted_so_none_is_read_as_search_syntax():
    for tier in tiers_of("bolt OR NEAR*"):
        assert '"or"' in tier and '"near"' in tier
        assert " OR NEAR" not in tier
