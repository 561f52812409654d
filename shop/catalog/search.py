"""Full-text product search with each database's own engine (issue #11).

SQLite: an FTS5 table `product_fts` kept in step with `products` by triggers.
PostgreSQL: a generated `search_vector` tsvector column with a GIN index, SKU, names and
standards weighted A, manufacturer B, descriptions C, and `title_vector` (SKU, names,
manufacturer, standards) with its own GIN index for the tiers that look at those alone.
A product's standards ("DIN 933 / ISO 4017") are its `standard` attributes, copied into
`products.standards` by triggers (migration 0046) so both indexes can hold them.

Both get the same query: every word must match, as a prefix ("hex bol" finds hex bolts).
Each word also matches, as a whole word, its singular and the catalogue's compounds it is
the head of ("schraube" → "sechskantschraube"); a compound the catalogue does not hold is
split into words it does ("holzschraube" → "holz schraube"). Whole words count twice (the
word and its prefix both match), so they rank above prefixes; SKU and names weigh more than
manufacturer, manufacturer more than descriptions. A query with few hits is tried again
with close spellings of its unknown words ("blot" → "bolt").

Compounds and spellings come from the catalogue's own words (names and manufacturers, kept
by triggers in `search_names`), kept per process under the vocabulary token that triggers on
`search_names` replace (shop.models.VocabularyVersion): at 100,000 products they are a few
thousand words, since catalogues repeat their words. We
chose this over an FTS5 trigram index and pg_trgm: one small pure-Python step
(shop/domain/search_terms.py) serves both databases alike, needs no second full-text index,
and leaves whole-word ranking to the engines.
"""

import json
import re
import threading
from dataclasses import dataclass

from flask import has_request_context, request
from sqlalchemy import (
    ARRAY,
    Integer,
    ScalarSelect,
    any_,
    bindparam,
    case,
    func,
    literal_column,
    select,
    text,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by

from shop.catalog.cards import ProductCard, product_cards
from shop.catalog.queries import CategoryNode, category_tree
from shop.domain.ean import normalized_ean
from shop.domain.search_terms import (
    IndexedVocabulary,
    Vocabulary,
    compound_heads,
    corrected_terms,
    fold,
    is_known_prefix,
    joined_compound,
    singulars,
    sizes_apart,
    split_compound,
)
from shop.extensions import db
from shop.models import Category, Product, SearchLexeme, SearchName, VocabularyVersion
from shop.services.live_categories import live_product_condition
from shop.services.pagination import Page, paginate_counted
from shop.services.plain_rows import rows_of

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8
# Fewer hits than this and the query is tried again with close spellings.
FEW_HITS = 3
# bm25 weights of product_fts's columns: sku, name_en, name_de, description_en,
# description_de, manufacturer, standards (as PostgreSQL's weights A, A, A, C, C, B, A).
SQLITE_WEIGHTS = "10.0, 5.0, 5.0, 1.0, 1.0, 3.0, 5.0"
# Bands of tiers up to this size are ordered by the engine's relevance score; larger ones
# (common words at 100,000 products) by id, read straight from the index: scoring every
# match cost ~170 ms for "bolt", and the tier already puts whole words in names first.
RANKED_BAND = 600
# Up to this many ids of a large band (suggestions) PostgreSQL's walk along the primary key
# stops soon; more (the search page's 500) it reads by bitmaps.
SHORT_READ = 50
# A typed prefix standing for up to this many title words is asked as those words.
MAX_PREFIX_WORDS = 30


@dataclass(frozen=True)
class SearchResult:
    page: Page  # of product ids, best first (load them with shop.catalog.cards.product_cards)
    # The words searched instead of a misspelt query ("bolt" for "blot"), else None.
    corrected: str | None = None


def search_terms(query: str) -> list[str]:
    """The words of a query, lower-cased, without operators of either search syntax.

    Single letters are dropped: as prefixes they match most of the catalogue (ranking
    100,000 matches costs ~250 ms) and narrow nothing; digits are kept ("M 8", "6 mm").
    """
    words = [w.lower() for w in _WORD.findall(query)]
    return [w for w in words if len(w) > 1 or w.isdigit()][:MAX_TERMS]


def search_catalogue(
    query: str, page: int, page_size: int, correct_spelling: bool = True
) -> SearchResult:
    """The ids of the published products matching every word, best first; close spellings
    if few match. Ids only: the search page filters and counts them, and loads one page.

    The total is counted up to one past this page (a total above `page * page_size` says
    "more"): counting every match of a common word cost most of the request (#10, ~240 ms
    for "bolt" on PostgreSQL at 100,000 products), and the page shows none beyond it."""
    terms = search_terms(query)
    cap = page * page_size + 1
    found = _search_ids(terms, page, page_size, cap)
    if found.total == 0 and (apart := sizes_apart(terms)):
        # "DIN 933 M8x40" for names that say "M8 x 40" (#11).
        terms = apart
        found = _search_ids(terms, page, page_size, cap)
    if found.total >= FEW_HITS or not terms or not correct_spelling:
        return SearchResult(found)
    corrected = corrected_terms(terms, catalogue_vocabulary())
    if corrected is None:
        return SearchResult(found)
    retried = _search_ids(corrected, page, page_size, cap)
    if retried.total <= found.total:
        return SearchResult(found)
    return SearchResult(retried, corrected=" ".join(corrected))


def search_products(query: str, page: int, page_size: int) -> Page:
    """Published products matching every term, best match first, one page of them."""
    found = _search_ids(search_terms(query), page, page_size)
    return found.with_items(product_cards(found.items)) if found.items else found


def suggest_products(query: str, limit: int) -> list[ProductCard]:
    """The best few matches while a visitor types: no count, close spellings if none."""
    terms = search_terms(query)
    if not terms:
        return []
    if sku := sku_of_exact_match(query):
        # The one product a SKU names (its prefix matches most of a SKU family).
        return product_cards(db.session.scalars(select(Product.id).where(Product.sku == sku)).all())
    ids = _first_ids(terms, limit)
    if not ids and (apart := sizes_apart(terms)):
        terms = apart
        ids = _first_ids(terms, limit)
    if not ids and (corrected := corrected_terms(terms, catalogue_vocabulary())):
        ids = _first_ids(corrected, limit)
    return product_cards(ids)


def matching_categories(query: str, language: str, limit: int) -> list[CategoryNode]:
    """Live categories whose name (in the reader's language) has every word of the query."""
    terms = [fold(t) for t in search_terms(query)]
    if not terms:
        return []
    found = []
    # The category tree's plain rows, not Category entities: loading every category through
    # the ORM cost a suggestion ~1 ms of CPU for a few dozen rows (#11).
    for category in category_tree().by_id.values():
        words = [fold(w) for w in _WORD.findall(getattr(category, f"name_{language}"))]
        if all(any(w.startswith(t) or w.endswith(t) for w in words) for t in terms):
            found.append(category)
            if len(found) == limit:
                break
    return found


def sku_of_exact_match(query: str) -> str | None:
    """The SKU of the published product whose SKU (any case) or EAN is the query, else None."""
    candidate = query.strip()
    if ean := normalized_ean(candidate):
        # A number with a wrong check digit is searched as words: it names no product.
        by_ean = rows_of(_BY_EAN, {"ean": ean}).scalar()
        if by_ean is not None:
            return by_ean
    # Control characters are in no SKU, and PostgreSQL refuses a NUL in a parameter.
    if not candidate or len(candidate) > 40 or not candidate.isprintable() or " " in candidate:
        return None
    # The vocabulary token comes with it: a search or suggestion needs it next, and this
    # statement precedes theirs (it costs no statement of its own).
    skus = list(dict.fromkeys([candidate, candidate.upper()]))
    sku, token = rows_of(_SKU_AND_VOCABULARY_TOKEN, {"skus": skus}).one()
    _this_request()["vocabulary_token"] = token
    return sku


def _exact_match(condition):
    # The live check as a join, not as `category_id IN (live categories)`: with the IN,
    # SQLite read a live category's products by the facet index and compared every SKU,
    # ~40 ms at 100,000 products for a word that is no SKU (#10); joined, it looks the
    # SKU up in its index first.
    return (
        select(Product.sku)
        .join(Category, Category.id == Product.category_id)
        .where(condition, Product.published, Category.live)
        .limit(1)
    )


# Built once: an EAN-like query asks it first, and building and sending it through the ORM
# cost more CPU than SQLite's lookup (~0.3 ms against 0.05, #10).
_BY_EAN = _exact_match(Product.ean == bindparam("ean"))


_vocabulary_lock = threading.Lock()
# database URL -> (the vocabulary token it was built under, the vocabulary)
_vocabularies: dict[str, tuple[str, IndexedVocabulary]] = {}


def catalogue_vocabulary() -> Vocabulary:
    """Words of product names and manufacturers, with how many names hold each.

    Kept per process under the vocabulary token, which triggers on search_names replace in
    the writer's own transaction: a new word is known to every process on its next search,
    not after a timer (#10). The token is read once per request, before the vocabulary, so
    the vocabulary kept is never older than its token."""
    memo = _this_request()
    token = memo.get("vocabulary_token")
    if token is None:
        token = memo["vocabulary_token"] = db.session.scalar(_TOKEN)
    key = db.engine.url.render_as_string()
    with _vocabulary_lock:
        kept = _vocabularies.get(key)
    if token is not None and kept is not None and kept[0] == token:
        return kept[1]
    words: dict[str, int] = {}
    for name in db.session.scalars(select(SearchName.name)):
        for word in {w.lower() for w in _WORD.findall(name)}:
            if len(word) >= 2 and word.isalpha():
                words[word] = words.get(word, 0) + 1
    # Indexed once here, not per typed word (#11).
    vocabulary = IndexedVocabulary(words)
    if token is not None:
        with _vocabulary_lock:
            _vocabularies[key] = (token, vocabulary)
    return vocabulary


# A statement of its own where none precedes (a query of several words): ~25 µs CPU.
_TOKEN = text("SELECT token FROM vocabulary_version WHERE id = 1")


def _vocabulary_token() -> ScalarSelect:
    return select(VocabularyVersion.token).where(VocabularyVersion.id == 1).scalar_subquery()


# Built once: building the nested statement and its cache key per request cost ~0.2 ms CPU,
# more than SQLite takes to run it.
_SKU_AND_VOCABULARY_TOKEN = select(
    _exact_match(Product.sku.in_(bindparam("skus", expanding=True))).scalar_subquery(),
    _vocabulary_token(),
)


def _this_request() -> dict:
    """What this request has read for search already (a fresh dict outside a request): the
    WSGI environ lives exactly as long as the request, unlike `g` in tests, which share an
    application context between requests."""
    if not has_request_context():
        return {}
    return request.environ.setdefault("shop.search", {})


def _search_ids(terms: list[str], page: int, page_size: int, cap: int | None = None) -> Page:
    if not terms:
        return paginate_counted(0, page, page_size, lambda limit, offset: [])
    engine = _engine(terms)
    head, total = None, None
    if cap is not None and page == 1:
        # The first band, sized before anything else, often holds the capped total already:
        # a common word then needs no count of its own (#10). Sized, its ids and, only when
        # it falls short, the count in one statement: each statement filtered the live
        # products anew (~0.5 ms on SQLite at 100,000), and a typo searched three times.
        size, ids, counted = engine.first_band(RANKED_BAND + 1, cap)
        head, total = (size, ids), cap if size >= cap else counted
    if total is None:
        total = engine.count(len(engine.tiers) - 1, cap)
    return paginate_counted(
        total,
        page,
        page_size,
        lambda limit, offset: _read_bands(engine, limit, offset, total, first_head=head),
    )


def _read_bands(
    engine: "_Engine",
    limit: int,
    offset: int,
    total: int | None = None,
    first_head: tuple[int, list[int] | None] | None = None,
) -> list[int]:
    """The ids from offset on, tier by tier.

    Each tier holds the one before it: whole words in SKU, names or manufacturer; every word
    there (prefixes too); every word anywhere (descriptions too). A tier's band is what it
    adds to the one before. A band is counted exactly only when a later page skips it, and
    otherwise only up to RANKED_BAND + 1, to choose between relevance and index order; once
    the bands read hold all `total` matches, the later ones are not even asked.
    first_head: the first band's band_head, read already (offset 0 only).
    """
    ids: list[int] = []
    seen = 0
    for tier in range(len(engine.tiers)):
        if len(ids) >= limit or (total is not None and seen >= total):
            break
        size, head = None, None
        if offset > 0:
            size = engine.band_size(tier)
            if offset >= size:
                offset -= size
                seen += size
                continue
        if size is None:
            if tier == 0 and first_head is not None:
                size, head = first_head
            else:
                size, head = engine.band_head(tier, RANKED_BAND + 1)
        if size == 0:
            # Nothing to read, and the ranked read of an empty band still scanned every
            # match of the whole query (~40 ms for the suggestions of "bol").
            continue
        wanted = limit - len(ids)
        if head is not None and size > RANKED_BAND and wanted <= len(head):
            # Too large to rank, and its first ids came with its size (offset is 0 here).
            found = head[:wanted]
        elif head is not None and size <= RANKED_BAND:
            # Small enough to rank, and all its ids came with its size: ranked among
            # themselves, without matching the band again.
            found = engine.ranked(head, wanted, offset)
        else:
            found = engine.band(tier, size <= RANKED_BAND, wanted, offset)
        ids += found
        if len(found) < wanted:
            seen += offset + len(found)
        offset = 0
    return ids


def _first_ids(terms: list[str], limit: int) -> list[int]:
    """The best `limit` matches without counting them all (suggestions while typing)."""
    return _engine(terms).first_ids(limit)


def _engine(terms: list[str]) -> "_Engine":
    groups = _alternatives(terms, catalogue_vocabulary())
    return _PostgreSQL(groups) if db.engine.dialect.name == "postgresql" else _SQLite(groups)


@dataclass(frozen=True)
class _Term:
    word: str
    whole_words: tuple[str, ...]  # also matched as whole words: the word, singulars, compounds
    joined: tuple[str, ...] = ()  # compounds it makes with a neighbour ("sechskant schraube")


def _alternatives(terms: list[str], vocabulary: Vocabulary) -> list[_Term]:
    """Per query word (or part of a split compound): what may match it."""
    words = []
    for term in terms:
        parts = None
        if term.isalpha() and not is_known_prefix(term, vocabulary):
            parts = split_compound(term, vocabulary)
        words.extend(w.lower() for w in parts or [term])
    # "sechskant schraube": the compound both words make counts for each, so products
    # named "Sechskantschraube" rank above ones holding the two words apart.
    joined = [joined_compound(a, b, vocabulary) for a, b in zip(words, words[1:], strict=False)]
    result = []
    for index, word in enumerate(words):
        neighbours = [j for j in joined[max(0, index - 1) : index + 1] if j]
        whole = [word, *singulars(word), *compound_heads(word, vocabulary), *neighbours]
        result.append(_Term(word, tuple(dict.fromkeys(whole)), tuple(neighbours)))
    return result


class _Engine:
    tiers: list

    def count(self, tier: int, cap: int | None = None) -> int:
        """All matches of a tier, counted up to cap."""
        raise NotImplementedError

    def band_size(self, tier: int, cap: int | None = None) -> int:
        """What a tier adds to the one before, counted up to cap."""
        raise NotImplementedError

    def band_head(self, tier: int, cap: int) -> tuple[int, list[int] | None]:
        """A band's size up to cap and, where the engine reads them as cheaply as it counts
        them, its first ids in id order (else None)."""
        return self.band_size(tier, cap), None

    def band(self, tier: int, ranked: bool, limit: int, offset: int) -> list[int]:
        """Ids of a band, by relevance (ranked) or in id order."""
        raise NotImplementedError

    def first_band(self, head: int, cap: int) -> tuple[int, list[int] | None, int | None]:
        """In one statement: the first band's size up to `head`; its first ids in id order
        (as band_head), or all of them when it is small enough to rank, else None; and all
        matches counted up to `cap` when the band holds fewer than `cap` (else None)."""
        raise NotImplementedError

    def ranked(self, ids: list[int], limit: int, offset: int) -> list[int]:
        """Ids of a band given all of them (a band_head of up to RANKED_BAND), by relevance."""
        raise NotImplementedError

    def band_start(self, tier: int, cap: int, wanted: int) -> tuple[int, list[int] | None]:
        """A band's size up to cap and, where the engine has them, its first `wanted` ids."""
        return self.band_size(tier, cap), None

    def first_ids(self, limit: int) -> list[int]:
        """The best `limit` matches, band by band, as _read_bands reads them from offset 0.

        Each band is sized in one statement that hands back only the few ids wanted, not
        the RANKED_BAND + 1 that size it: fetching those cost a suggestion ~3 ms of CPU
        (#11)."""
        ids: list[int] = []
        for tier in range(len(self.tiers)):
            wanted = limit - len(ids)
            if wanted <= 0:
                break
            size, first = self.band_start(tier, RANKED_BAND + 1, wanted)
            if size == 0:
                continue
            if size > RANKED_BAND and first is not None:
                ids += first
            else:
                ids += self.band(tier, size <= RANKED_BAND, wanted, 0)
        return ids


class _SQLite(_Engine):
    """FTS5: tiers as MATCH expressions; bm25 weighs the columns within a small band."""

    # Buyers search by standard ("EN 388") as by name: products.standards (migration 0046).
    TITLE = "{sku name_en name_de manufacturer standards}"

    def __init__(self, groups: list[_Term]) -> None:
        # Every word is quoted, so no query word is read as FTS5 syntax (AND, NEAR, *, :).
        whole = " AND ".join(
            "(" + " OR ".join(f'"{w}"' for w in g.whole_words) + ")" for g in groups
        )
        anywhere = " AND ".join(
            "(" + " OR ".join([f'"{g.word}"*', *(f'"{w}"' for w in g.whole_words)]) + ")"
            for g in groups
        )
        self.tiers = [f"{self.TITLE} : ({whole})", f"{self.TITLE} : ({anywhere})", anywhere]

    def _band_match(self, tier: int) -> str:
        if tier == 0:
            return self.tiers[0]
        return f"({self.tiers[tier]}) NOT ({self.tiers[tier - 1]})"

    _FROM = (
        "FROM product_fts WHERE product_fts MATCH :match "
        "AND rowid NOT IN (SELECT id FROM products WHERE published = 0) "
        # §13: nor those of a category that is not live: read from the (published, category)
        # index, like the unpublished ones (an OR of both would read every product).
        "AND rowid NOT IN (SELECT id FROM products WHERE published = 1 "
        "AND category_id IN (SELECT id FROM categories WHERE live = 0))"
    )

    def count(self, tier: int, cap: int | None = None) -> int:
        if cap is None:
            statement = f"SELECT count(*) {self._FROM}"
        else:
            statement = f"SELECT count(*) FROM (SELECT rowid {self._FROM} LIMIT :cap)"
        return db.session.execute(
            text(statement), {"match": self.tiers[tier], "cap": cap}
        ).scalar_one()

    def band_size(self, tier: int, cap: int | None = None) -> int:
        return db.session.execute(
            text(f"SELECT count(*) FROM (SELECT rowid {self._FROM} LIMIT :cap)"),
            {"match": self._band_match(tier), "cap": -1 if cap is None else cap},
        ).scalar_one()

    def band_head(self, tier: int, cap: int) -> tuple[int, list[int] | None]:
        # FTS5 hands out its matches in rowid order: the first ids cost what counting does.
        # They leave SQLite as one string: fetched as rows, 600 ids cost ~1 ms of CPU (#10).
        statement = (
            f"SELECT group_concat(id) FROM (SELECT rowid AS id {self._FROM} ORDER BY rowid "
            "LIMIT :cap)"
        )
        found = rows_of(text(statement), {"match": self._band_match(tier), "cap": cap}).scalar()
        ids = _id_list(found)
        return len(ids), ids

    def first_band(self, head: int, cap: int) -> tuple[int, list[int] | None, int | None]:
        # SQLite evaluates a CASE branch only when it is taken: the count runs only for a
        # first band smaller than cap.
        statement = (
            f"SELECT ids, CASE WHEN size >= :cap THEN NULL ELSE (SELECT count(*) FROM "
            f"(SELECT rowid {self._FROM.replace(':match', ':anywhere')} LIMIT :cap)) END "
            "FROM (SELECT count(*) AS size, group_concat(id) AS ids FROM (SELECT rowid AS id "
            f"{self._FROM} ORDER BY rowid LIMIT :head))"
        )
        parameters = {"match": self.tiers[0], "anywhere": self.tiers[-1], "head": head}
        found, total = rows_of(text(statement), parameters | {"cap": cap}).one()
        ids = _id_list(found)
        return len(ids), ids, total

    def ranked(self, ids: list[int], limit: int, offset: int) -> list[int]:
        # The ids are the band's, published and live: bm25 over what MATCH asks (as band's)
        # orders just them, with no second MATCH nor live filter (~0.6 of 1.2 ms, #10).
        statement = (
            "SELECT rowid FROM product_fts WHERE product_fts MATCH :anywhere AND +rowid IN "
            "(SELECT value FROM json_each(:ids)) "
            f"ORDER BY bm25(product_fts, {SQLITE_WEIGHTS}), rowid LIMIT :limit OFFSET :offset"
        )
        parameters = {"anywhere": self.tiers[-1], "ids": json.dumps(ids)}
        return (
            rows_of(text(statement), parameters | {"limit": limit, "offset": offset})
            .scalars()
            .all()
        )

    def band(self, tier: int, ranked: bool, limit: int, offset: int) -> list[int]:
        band = {"match": self._band_match(tier), "limit": limit, "offset": offset}
        if not ranked:
            statement = f"SELECT rowid {self._FROM} ORDER BY rowid LIMIT :limit OFFSET :offset"
            return rows_of(text(statement), band).scalars().all()
        # bm25 scores what MATCH asked for: the whole query in every column, so descriptions
        # and whole words still count within a band read from the names alone. "+rowid"
        # keeps SQLite from running the MATCH once per id of the band (~2 ms each).
        statement = (
            f"SELECT rowid {self._FROM.replace(':match', ':anywhere')} AND +rowid IN "
            "(SELECT rowid FROM product_fts WHERE product_fts MATCH :match) "
            f"ORDER BY bm25(product_fts, {SQLITE_WEIGHTS}), rowid LIMIT :limit OFFSET :offset"
        )
        return rows_of(text(statement), band | {"anywhere": self.tiers[-1]}).scalars().all()

    def band_start(self, tier: int, cap: int, wanted: int) -> tuple[int, list[int] | None]:
        # As band_head, but only the first `wanted` of the ids leave SQLite.
        statement = (
            f"WITH head AS MATERIALIZED (SELECT rowid AS id {self._FROM} ORDER BY rowid "
            "LIMIT :cap) SELECT (SELECT count(*) FROM head), "
            "(SELECT group_concat(id) FROM (SELECT id FROM head ORDER BY id LIMIT :wanted))"
        )
        size, first = db.session.execute(
            text(statement), {"match": self._band_match(tier), "cap": cap, "wanted": wanted}
        ).one()
        return size, sorted(int(i) for i in first.split(",")) if first else []


class _PostgreSQL(_Engine):
    """tsvector: the first two tiers as tsqueries on `title_vector` (SKU, names,
    manufacturer: its GIN index answers them alone, where weights A and B of
    `search_vector` made every candidate's vector be rechecked), the last on
    `search_vector`; ts_rank within a small band, after products named with the compound
    the query's words make."""

    def __init__(self, groups: list[_Term]) -> None:
        whole = " & ".join("(" + " | ".join(g.whole_words) + ")" for g in groups)
        self.groups = groups
        self.tiers = [
            func.to_tsquery("simple", whole),
            # The prefixes' title words, asked of search_lexemes when the tier is first
            # needed (_tier): a common word's first band holds the page alone (#10).
            None,
            # Descriptions hold words no title has: the prefix itself there.
            func.to_tsquery("simple", " & ".join(_postgresql_term(g) for g in groups)),
        ]
        self.joined = sorted({j for g in groups for j in g.joined})
        self.vector = literal_column("products.search_vector")
        self.title = literal_column("products.title_vector")
        # Per tier, the ids band_head read (any of the band's matches, in id order).
        self.heads: dict[int, list[int]] = {}

    def _tier(self, tier: int):
        if self.tiers[tier] is None:
            words = [_prefix_words(g.word) for g in self.groups]
            terms = [_postgresql_term(g, w) for g, w in zip(self.groups, words, strict=True)]
            self.tiers[tier] = func.to_tsquery("simple", " & ".join(terms))
        return self.tiers[tier]

    def _matches(self, tier: int):
        return (self.vector if tier == 2 else self.title).op("@@")(self._tier(tier))

    def count(self, tier: int, cap: int | None = None) -> int:
        where = [Product.published, live_product_condition(), self._matches(tier)]
        if cap is None:
            return db.session.scalar(select(func.count()).select_from(Product).where(*where))
        rows = select(Product.id).where(*where).limit(cap).subquery()
        return db.session.scalar(select(func.count()).select_from(rows))

    def _band_where(self, tier: int) -> list:
        where = [Product.published, live_product_condition(), self._matches(tier)]
        if tier > 0:
            where.append(~self._matches(tier - 1))
        return where

    def band_size(self, tier: int, cap: int | None = None) -> int:
        rows = select(Product.id).where(*self._band_where(tier)).limit(cap).subquery()
        return db.session.scalar(select(func.count()).select_from(rows))

    def band_head(self, tier: int, cap: int) -> tuple[int, list[int] | None]:
        # The GIN bitmap hands out matches in heap order, not id order: their ids size the
        # band as cheaply as counting it does, and bound its first ids (see band).
        rows = select(Product.id).where(*self._band_where(tier)).limit(cap).subquery()
        self.heads[tier] = ids = rows_of(select(_sorted_ids(rows.c.id))).scalar() or []
        # Fewer than cap: they are all of the band.
        return len(ids), ids if len(ids) < cap else None

    def first_band(self, head: int, cap: int) -> tuple[int, list[int] | None, int | None]:
        rows = select(Product.id).where(*self._band_where(0)).limit(head).subquery()
        # As count(last tier, cap); the last tier asks no prefix words.
        where = [Product.published, live_product_condition(), self._matches(len(self.tiers) - 1)]
        anywhere = select(Product.id).where(*where).limit(cap).subquery()
        size = func.count()
        # The count is an InitPlan: PostgreSQL runs it only when the CASE asks for it.
        counted = case((size < cap, select(func.count()).select_from(anywhere).scalar_subquery()))
        ids, total = rows_of(select(_sorted_ids(rows.c.id), counted).select_from(rows)).one()
        # The ids are any `head` matches (heap order): they bound the band's first ids
        # (band), and are all of it when fewer.
        self.heads[0] = ids = ids or []
        return len(ids), ids if len(ids) < head else None, total

    def ranked(self, ids: list[int], limit: int, offset: int) -> list[int]:
        # The band's ids, published and live: ordered among themselves, as band orders them.
        chosen = Product.id == any_(type_coerce(ids, ARRAY(Integer)))
        query = select(Product.id).where(chosen).order_by(*self._rank_order(), Product.id)
        return rows_of(query.limit(limit).offset(offset)).scalars().all()

    def _rank_order(self) -> list:
        order = []
        if self.joined:
            # ts_rank weighs the words' distance, not the compound they make (bm25 on
            # SQLite counts it twice): "Sechskantschraube" first for "sechskant schraube".
            named = func.to_tsquery("simple", " | ".join(f"{j}:A" for j in self.joined))
            order.append(self.vector.op("@@")(named).desc())
        order.append(func.ts_rank(self.vector, self.tiers[-1]).desc())
        return order

    def band_start(self, tier: int, cap: int, wanted: int) -> tuple[int, list[int] | None]:
        # As band_head, but only the smallest `wanted` of the ids leave PostgreSQL: they
        # bound the band's first ids for band (kept in heads).
        head = select(Product.id).where(*self._band_where(tier)).limit(cap).subquery()
        smallest = type_coerce(
            func.array_agg(aggregate_order_by(head.c.id, head.c.id)), ARRAY(Integer)
        )
        size, first = db.session.execute(select(func.count(), smallest[1:wanted])).one()
        self.heads[tier] = list(first or [])
        return size, None

    def band(self, tier: int, ranked: bool, limit: int, offset: int) -> list[int]:
        where = self._band_where(tier)
        head = self.heads.get(tier, [])
        if not ranked and offset == 0 and 0 < limit <= len(head):
            # The limit-th smallest of any `limit` matches bounds the band's first `limit`
            # ids: the GIN bitmap ANDed with that range of the primary key reads them (5 ms
            # for 500 of "bolt" at 100,000 products), where walking the primary key in id
            # order rechecked each product's title_vector up to the 500th match (28 ms).
            bounded = select(Product.id).where(*where, Product.id <= head[limit - 1])
            bounded = bounded.order_by(Product.id).limit(limit).subquery()
            # As one array: 500 rows fetched one by one cost ~1.5 ms of CPU (#10).
            bounded = select(_sorted_ids(bounded.c.id))
            if limit > SHORT_READ:
                found = _without_index_scans(bounded)
            else:
                found = rows_of(bounded).scalar() or []
            if len(found) == limit:
                return found
            # Fewer: a product of the head left the band meanwhile; read it unbounded.
        order = self._rank_order() if ranked else []
        query = select(Product.id).where(*where).order_by(*order, Product.id)
        return rows_of(query.limit(limit).offset(offset)).scalars().all()


def _sorted_ids(column):
    """The ids of a column as one array in id order: one row to fetch, not one per id."""
    return type_coerce(func.array_agg(aggregate_order_by(column, column)), ARRAY(Integer))


def _without_index_scans(query) -> list[int]:
    """The id array a PostgreSQL query selects, planned without plain index scans.

    The planner underrates rechecking a tsquery per row, so for a short range of ids it
    still walked the primary key (23 ms for the first 500 of "Schraube" against 12 ms by
    bitmaps); the setting lasts for this statement only."""
    previous = db.session.execute(
        text(
            "SELECT current_setting('enable_indexscan'), "
            "set_config('enable_indexscan', 'off', true)"
        )
    ).scalar_one()
    ids = rows_of(query).scalar() or []
    db.session.execute(
        text("SELECT set_config('enable_indexscan', :previous, true)"), {"previous": previous}
    )
    return ids


def _id_list(concatenated: str | None) -> list[int]:
    """The ids of a group_concat, in id order (SQLite promises no order of its own)."""
    return sorted(map(int, concatenated.split(","))) if concatenated else []


def _prefix_words(word: str) -> tuple[str, ...] | None:
    """The words of product titles (search_lexemes) a prefix stands for, if they are few
    and all plain words, else None (the prefix is then asked as such).

    A GIN prefix scan ("bol:*") read every entry of its range into one bitmap: 13.6 ms for
    "bol" at 100,000 products, its three words 3.7 ms. Only letters: a title word with
    other characters ("sechskant-schraube") is left to the prefix."""
    if not word.isalpha():
        return None
    found = db.session.scalars(
        select(SearchLexeme.lexeme)
        .where(SearchLexeme.lexeme.like(f"{word}%"))
        .limit(MAX_PREFIX_WORDS + 1)
    ).all()
    if len(found) > MAX_PREFIX_WORDS or not all(w.isalpha() for w in found):
        return None
    return tuple(found)


def _postgresql_term(group: _Term, prefix_words: tuple[str, ...] | None = None) -> str:
    # PostgreSQL's parser reads "GEN-0054321" as the word "gen" and the signed integer
    # "-0054321", so a number also matches with a minus sign in front.
    word = group.word
    prefix = [f"{word}:*"] if prefix_words is None else list(prefix_words)
    options = list(dict.fromkeys([*prefix, *group.whole_words]))
    if word[0].isdigit():
        options.append(f"-{word}:*")
    return "(" + " | ".join(options) + ")"
