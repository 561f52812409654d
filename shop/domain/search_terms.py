"""How a search query's words meet the catalogue's words (issue #11), in plain Python.

The vocabulary is the set of words of the catalogue's product names and manufacturers,
each with the number of names holding it. From it a query word is widened to the compound
words it is the head of ("schraube" → "sechskantschraube", "holzschraube"), a compound the
catalogue does not hold is split into words it does ("holzschraube" → "holz" + "schraube"),
and a misspelt word is replaced by a close spelling ("blot" → "bolt", "scrw" → "screw").
"""

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
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


class IndexedVocabulary(Mapping[str, int]):
    """A vocabulary with its words sorted by their beginnings and by their endings.

    Built once per vocabulary: asking every typed word of a suggestion whether it starts or
    ends a catalogue word scanned the whole vocabulary several times (~8 ms of a 27 ms
    suggestion at 100,000 products); a look-up by bisection takes microseconds.
    """

    def __init__(self, counts: Mapping[str, int]) -> None:
        self._counts = dict(counts)
        self._starts = sorted(fold(w) for w in self._counts)
        # Endings are compared reversed, folded and (for terms typed with diacritics) as typed.
        self._folded_ends = sorted((fold(w)[::-1], w) for w in self._counts)
        self._cased_ends = sorted((w.casefold()[::-1], w) for w in self._counts)
        # The parts of compounds, by folded spelling; the last word of a spelling wins.
        self.known = {fold(w): w for w in self._counts if len(w) >= MIN_PART}
        self._known_ends = sorted(k[::-1] for k in self.known)
        # The first word (in the vocabulary's order) of each folded spelling.
        self._first_of: dict[str, tuple[int, str]] = {}
        for position, word in enumerate(self._counts):
            self._first_of.setdefault(fold(word), (position, word))

    def __getitem__(self, word: str) -> int:
        return self._counts[word]

    def __iter__(self) -> Iterator[str]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)

    def starts_with(self, folded: str) -> bool:
        """True when some word, folded, starts with `folded`."""
        at = bisect_left(self._starts, folded)
        return at < len(self._starts) and self._starts[at].startswith(folded)

    def ending_with(self, ending: str, keep_diacritics: bool) -> list[str]:
        """The words longer than `ending` that end with it (folded, or case-folded only)."""
        ends = self._cased_ends if keep_diacritics else self._folded_ends
        reversed_ending = ending[::-1]
        found = []
        at = bisect_left(ends, (reversed_ending,))
        while at < len(ends) and ends[at][0].startswith(reversed_ending):
            if len(ends[at][0]) > len(ending):
                found.append(ends[at][1])
            at += 1
        return found

    def is_known_ending(self, part: str) -> bool:
        """True when some compound part (folded) ends with `part`."""
        reversed_part = part[::-1]
        at = bisect_left(self._known_ends, reversed_part)
        return at < len(self._known_ends) and self._known_ends[at].startswith(reversed_part)

    def first_of(self, spellings: Iterable[str]) -> str | None:
        """The first word, in the vocabulary's order, whose folded spelling is one of these."""
        found = [self._first_of[s] for s in spellings if s in self._first_of]
        return min(found)[1] if found else None


def indexed(vocabulary: Iterable[str]) -> IndexedVocabulary:
    """The vocabulary as an IndexedVocabulary (words without counts count 0)."""
    if isinstance(vocabulary, IndexedVocabulary):
        return vocabulary
    if isinstance(vocabulary, Mapping):
        return IndexedVocabulary(vocabulary)
    return IndexedVocabulary(dict.fromkeys(vocabulary, 0))


def is_known_prefix(term: str, vocabulary: Iterable[str]) -> bool:
    """True when some catalogue word starts with the term (a prefix search finds it)."""
    return indexed(vocabulary).starts_with(fold(term))


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
    index = indexed(vocabulary)
    candidates = {word for e in endings for word in index.ending_with(e, keep)}
    found = [word for word in candidates if not fold(word).startswith(folded)]
    found.sort(key=lambda w: (-index[w], w))
    return found[:MAX_HEADS]


def split_compound(word: str, vocabulary: Vocabulary) -> list[str] | None:
    """The catalogue words a compound is made of ("holzschraube" → ["holz", "schraube"]).

    Parts of at least MIN_PART letters, joined directly or with a linking letter, the last
    one a catalogue word or the head of one; the split
    with the fewest parts wins, then the one with the longest last part (the head).
    None when the word cannot be made of catalogue words.
    """
    folded = fold(word)
    index = indexed(vocabulary)
    known = index.known
    best: list[str] | None = None

    def is_head(part: str) -> bool:
        # The last part may be a head the catalogue holds only inside compounds
        # ("schraube" of "sechskantschraube").
        return part in known or (len(part) > MIN_PART and index.is_known_ending(part))

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
    vocabulary = indexed(vocabulary)
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
    return indexed(vocabulary).first_of({fold(first + link + second) for link in LINKS})


# A size typed as one word, thread or diameter by length: "m8x40", "6x30".
_GLUED_SIZE = re.compile(r"(m?\d+)x(\d+)")


def sizes_apart(terms: list[str]) -> list[str] | None:
    """The terms with each size typed as one word split the way names write it ("m8x40" →
    "m8", "40" for "M8 x 40"); None if there is none. Tried only when the words as typed
    find nothing: a name may hold the size as one word too ("NYM-J 3x1.5")."""
    result = []
    for term in terms:
        found = _GLUED_SIZE.fullmatch(term)
        result.extend(found.groups() if found else [term])
    return result if len(result) > len(terms) else None
