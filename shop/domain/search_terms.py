"""How a search query's words meet the catalogue's words (issue #11), in plain Python.

The vocabulary is the set of words of the catalogue's product names and manufacturers,
each with the number of names holding it. From it a query word is widened to the compound
words it is the head of ("schraube" → "sechskantschraube", "holzschraube"), a compound the
catalogue does not hold is split into words it does ("holzschraube" → "holz" + "schraube"),
and a misspelt word is replaced by a close spelling ("blot" → "bolt", "scrw" → "screw").
"""

import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

Vocabulary = Mapping[str, int]

# German compounds put the head last; a head shorter than this is mostly a chance ending
# ("er", "el"), not a word.
MIN_HEAD = 2
MIN_PART = 3
MAX_HEADS = 24
# Linking letters between the parts of a German compound (Sicherung-s-mutter).
LINKS = ("", "s", "es", "n", "en")
# Plural endings, longest first: "muttern" → "mutter", "bolts" → "bolt", "boxes" → "box".
PLURAL_ENDINGS = ("es", "en", "s", "n", "e")


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without diacritics, as the full-text engines compare words."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def singulars(term: str) -> list[str]:
    """Words the term may be the plural of: "schrauben" → ["schraube", "schraub"]."""
    return [
        term[: -len(ending)]
        for ending in PLURAL_ENDINGS
        if term.endswith(ending) and len(term) - len(ending) >= MIN_PART
    ]


def is_known_prefix(term: str, vocabulary: Iterable[str]) -> bool:
    """True when some catalogue word starts with the term (a prefix search finds it)."""
    folded = fold(term)
    return any(fold(word).startswith(folded) for word in vocabulary)


def compound_heads(term: str, vocabulary: Vocabulary) -> list[str]:
    """Catalogue words that end with the term or its singular: compounds it is the head of.

    Words that start with the term are left out: a prefix search finds those already.
    The most frequent first, at most MAX_HEADS.
    """
    folded = fold(term)
    if len(folded) < MIN_HEAD or not folded.isalpha():
        return []
    # A term typed with diacritics keeps them ("öl" is no head of "control"); one typed
    # without finds words with them ("dubel" → "spreizdübel").
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


def split_compound(word: str, vocabulary: Vocabulary) -> list[str] | None:
    """The catalogue words a compound is made of ("holzschraube" → ["holz", "schraube"]).

    Parts of at least MIN_PART letters, joined directly or with a linking letter, the last
    one a catalogue word or the head of one; the split
    with the fewest parts wins, then the one with the longest last part (the head).
    None when the word cannot be made of catalogue words.
    """
    folded = fold(word)
    known = {fold(w): w for w in vocabulary if len(w) >= MIN_PART}
    best: list[str] | None = None

    def is_head(part: str) -> bool:
        # The last part may be a head the catalogue holds only inside compounds
        # ("schraube" of "sechskantschraube").
        return part in known or (
            len(part) > MIN_PART and any(w.endswith(part) for w in known if w != part)
        )

    def search(rest: str, parts: list[str]) -> None:
        nonlocal best
        if not rest:
            if len(parts) >= 2 and (
                best is None
                or len(parts) < len(best)
                or (len(parts) == len(best) and len(parts[-1]) > len(best[-1]))
            ):
                best = list(parts)
            return
        if best is not None and len(parts) > len(best):
            return
        for end in range(len(rest), MIN_PART - 1, -1):
            head = rest[:end]
            tail = rest[end:]
            if not tail:
                if parts and is_head(head):
                    search("", [*parts, known.get(head, head)])
                continue
            if head not in known:
                continue
            for link in LINKS:
                if tail.startswith(link) and len(tail) > len(link):
                    search(tail[len(link) :], [*parts, known[head]])

    search(folded, [])
    return best


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours counts one), capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return min(previous[-1], limit + 1)


def allowed_distance(term: str) -> int:
    """One edit for short words, two from eight letters: "blot" → "bolt", "schruabe" → …"""
    if len(term) < 3:
        return 0
    return 1 if len(term) < 8 else 2


def close_spelling(term: str, vocabulary: Vocabulary) -> str | None:
    """The catalogue word closest to a misspelt term, or None.

    Closest by edit distance (within allowed_distance), then the more frequent word, then
    the one sharing the first letter. Numbers and SKU parts are never corrected.
    """
    folded = fold(term)
    limit = allowed_distance(folded)
    if limit == 0 or not folded.isalpha():
        return None
    letters = set(folded)
    candidates = []
    for word in vocabulary:
        other = fold(word)
        # Each edit changes at most two letters of the sets: a cheap filter first.
        if abs(len(other) - len(folded)) > limit or len(letters ^ set(other)) > 2 * limit:
            continue
        distance = edit_distance(folded, other, limit)
        if distance <= limit:
            candidates.append((distance, -vocabulary[word], word[0] != term[0], word))
    return min(candidates)[3] if candidates else None


def corrected_terms(terms: list[str], vocabulary: Vocabulary) -> list[str] | None:
    """The terms with each unknown word replaced by its close spelling; None if none changed."""
    changed = False
    result = []
    for term in terms:
        replacement = None
        if not is_known_prefix(term, vocabulary):
            replacement = close_spelling(term, vocabulary)
        if replacement is not None and fold(replacement) != fold(term):
            changed = True
            result.append(replacement)
        else:
            result.append(term)
    return result if changed else None


def joined_compound(first: str, second: str, vocabulary: Vocabulary) -> str | None:
    """The catalogue word two neighbouring query words make ("sechskant schraube"), or None."""
    if not (first.isalpha() and second.isalpha()):
        return None
    wanted = {fold(first + link + second) for link in LINKS}
    return next((w for w in vocabulary if fold(w) in wanted), None)
