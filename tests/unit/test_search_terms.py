"""Compound words, plurals and misspellings against the catalogue's own words (issue #11)."""

import pytest

from shop.domain.search_terms import (
    close_spelling,
    compound_heads,
    corrected_terms,
    edit_distance,
    is_known_prefix,
    joined_compound,
    singulars,
    sizes_apart,
    split_compound,
)

VOCABULARY = {
    "sechskantschraube": 12,
    "senkschraube": 4,
    "spanplattenschraube": 3,
    "schraubendreher": 3,
    "winkelschraubendreher": 1,
    "schraube": 19,
    "sechskantmutter": 12,
    "sicherungsmutter": 3,
    "holz": 12,
    "bolt": 12,
    "boltless": 14,
    "screw": 7,
    "screwdriver": 3,
    "nut": 12,
    "hydrauliköl": 7,
    "getriebeöl": 1,
    "spreizdübel": 4,
    "rahmendübel": 2,
    "stahl": 30,
    "slot": 1,
}


def test_a_word_finds_the_compounds_it_is_the_head_of_but_not_those_it_starts():
    heads = compound_heads("Schraube", VOCABULARY)

    assert set(heads) == {"sechskantschraube", "senkschraube", "spanplattenschraube"}
    assert heads[0] == "sechskantschraube"  # the most frequent first


def test_a_plural_finds_the_compounds_of_its_singular():
    assert "sechskantmutter" in compound_heads("Muttern", VOCABULARY)
    assert "sechskantschraube" in compound_heads("schrauben", VOCABULARY)


def test_heads_are_compared_without_diacritics_and_case():
    assert set(compound_heads("DUBEL", VOCABULARY)) == {"spreizdübel", "rahmendübel"}
    assert set(compound_heads("öl", VOCABULARY)) == {"hydrauliköl", "getriebeöl"}


def test_numbers_and_single_letters_have_no_compound_heads():
    assert compound_heads("8", {"m8": 3, "18": 2}) == []
    assert compound_heads("a", VOCABULARY) == []


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Holzschraube", ["holz", "schraube"]),
        ("holzsechskantschraube", ["holz", "sechskantschraube"]),
        ("stahlsschraube", ["stahl", "schraube"]),
        ("schraube", None),
        ("holzblech", None),
    ],
)
def test_a_compound_is_split_into_catalogue_words(word, parts):
    assert split_compound(word, VOCABULARY) == parts


def test_plural_endings_give_singular_candidates():
    assert "mutter" in singulars("muttern")
    assert "bolt" in singulars("bolts")
    assert singulars("nut") == []


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("blot", "bolt", 1), ("scrw", "screw", 1), ("bolt", "bolt", 0), ("schrube", "schraube", 1)],
)
def test_edit_distance_counts_a_swap_of_neighbours_as_one(a, b, distance):
    assert edit_distance(a, b, 2) == distance


def test_edit_distance_stops_at_the_limit():
    assert edit_distance("bolt", "spanplattenschraube", 2) == 3


@pytest.mark.parametrize(
    ("typo", "word"),
    [("blot", "bolt"), ("scrw", "screw"), ("Schruabe", "schraube"), ("sechskantschraub", None)],
)
def test_a_misspelt_word_gets_the_closest_catalogue_word(typo, word):
    if word is None:
        # A prefix of a catalogue word is no typo: the prefix search finds it.
        assert is_known_prefix(typo, VOCABULARY)
    else:
        assert close_spelling(typo, VOCABULARY) == word


def test_short_words_and_numbers_are_never_corrected():
    assert close_spelling("m8", VOCABULARY) is None
    assert close_spelling("933", VOCABULARY) is None
    assert close_spelling("xylophone", VOCABULARY) is None


def test_only_unknown_words_of_a_query_are_corrected():
    assert corrected_terms(["hex", "blot"], VOCABULARY | {"hex": 12}) == ["hex", "bolt"]
    assert corrected_terms(["schraub", "m8"], VOCABULARY) is None


def test_a_compound_may_end_in_a_head_the_catalogue_holds_only_inside_compounds():
    vocabulary = {"holz": 3, "sechskantschraube": 12}

    assert split_compound("Holzschraube", vocabulary) == ["holz", "schraube"]
    assert split_compound("schraubeholz", vocabulary) is None


def test_two_query_words_that_make_a_catalogue_compound_are_recognised():
    assert joined_compound("Sechskant", "Schraube", VOCABULARY) == "sechskantschraube"
    assert joined_compound("sicherung", "mutter", VOCABULARY) == "sicherungsmutter"
    assert joined_compound("hex", "bolt", VOCABULARY) is None
    assert joined_compound("m8", "40", VOCABULARY) is None


def test_a_head_typed_with_diacritics_keeps_them():
    assert compound_heads("öl", VOCABULARY | {"control": 3}) == ["hydrauliköl", "getriebeöl"]


@pytest.mark.parametrize(
    ("terms", "apart"),
    [
        (["din", "933", "m8x40"], ["din", "933", "m8", "40"]),
        (["m10x1", "25"], ["m10", "1", "25"]),
        (["dübel", "6x30"], ["dübel", "6", "30"]),
    ],
)
def test_a_size_typed_as_one_word_is_split_as_names_write_it(terms, apart):
    assert sizes_apart(terms) == apart


@pytest.mark.parametrize("terms", [["din", "933", "m8"], ["box"], ["hex", "x"], ["mx8"], ["8x"]])
def test_words_without_a_glued_size_are_left_as_they_are(terms):
    assert sizes_apart(terms) is None
