"""The indexed vocabulary answers as the linear scans it replaced did (issue #11).

The reference functions below are the scans over every word that the suggestions ran
several times per typed word; random words over a small alphabet (with diacritics and
upper case) make prefixes, endings and compounds collide often.
"""

import random

import pytest

from shop.domain.search_terms import (
    LINKS,
    MAX_HEADS,
    MIN_HEAD,
    MIN_PART,
    IndexedVocabulary,
    compound_heads,
    fold,
    is_known_prefix,
    joined_compound,
    singulars,
)

LETTERS = "abeilnorstuäöüÄS"


def linear_is_known_prefix(term, vocabulary):
    folded = fold(term)
    return any(fold(word).startswith(folded) for word in vocabulary)


def linear_compound_heads(term, vocabulary):
    folded = fold(term)
    if len(folded) < MIN_HEAD or not folded.isalpha():
        return []
    keep = term.casefold() != folded
    endings = [term.casefold() if keep else folded]
    endings += [s.casefold() if keep else fold(s) for s in singulars(term)]
    found = [
        word
        for word in vocabulary
        if not fold(word).startswith(folded)
        and any(
            len(f) > len(e) and f.endswith(e)
            for f in [word.casefold() if keep else fold(word)]
            for e in endings
        )
    ]
    found.sort(key=lambda w: (-vocabulary[w], w))
    return found[:MAX_HEADS]


def linear_is_head(part, known):
    return part in known or (
        len(part) > MIN_PART and any(w.endswith(part) for w in known if w != part)
    )


def linear_joined_compound(first, second, vocabulary):
    if not (first.isalpha() and second.isalpha()):
        return None
    wanted = {fold(first + link + second) for link in LINKS}
    return next((w for w in vocabulary if fold(w) in wanted), None)


def random_word(rng: random.Random, shortest: int = 2, longest: int = 9) -> str:
    return "".join(rng.choice(LETTERS) for _ in range(rng.randint(shortest, longest)))


def random_vocabulary(rng: random.Random) -> dict[str, int]:
    words = [random_word(rng) for _ in range(300)]
    # Compounds of the catalogue's own words, as German names make them.
    words += [rng.choice(words) + rng.choice(LINKS) + rng.choice(words) for _ in range(100)]
    return {w: rng.randint(1, 5) for w in words}


@pytest.mark.parametrize("seed", range(4))
def test_the_index_answers_like_the_linear_scans_on_random_words(seed):
    rng = random.Random(seed)
    vocabulary = random_vocabulary(rng)
    index = IndexedVocabulary(vocabulary)
    words = list(vocabulary)
    terms = [random_word(rng, 1, 6) for _ in range(150)]
    # Real beginnings and endings of catalogue words, which a random term seldom is.
    terms += [w[: rng.randint(1, len(w))] for w in rng.sample(words, 50)]
    terms += [w[-rng.randint(2, len(w)) :] for w in rng.sample(words, 50)]
    known = {fold(w): w for w in vocabulary if len(w) >= MIN_PART}

    for term in terms:
        assert is_known_prefix(term, index) == linear_is_known_prefix(term, vocabulary), term
        assert compound_heads(term, index) == linear_compound_heads(term, vocabulary), term
        folded = fold(term)
        if len(folded) > MIN_PART:
            # split_compound's test of a compound's last part.
            assert (folded in index.known or index.is_known_ending(folded)) == linear_is_head(
                folded, known
            ), term
    for first, second in zip(terms, terms[1:], strict=False):
        assert joined_compound(first, second, index) == linear_joined_compound(
            first, second, vocabulary
        )


def test_the_index_is_the_vocabulary_it_was_built_from():
    index = IndexedVocabulary({"bolt": 3, "schraube": 2})

    assert dict(index) == {"bolt": 3, "schraube": 2}
    assert index["bolt"] == 3 and len(index) == 2
