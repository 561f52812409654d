"""Full-text product search with each database's own engine (issue #11).

SQLite: an FTS5 table `product_fts` kept in step with `products` by triggers.
PostgreSQL: a generated `search_vector` tsvector column with a GIN index, SKU and names
weighted A, manufacturer B, descriptions C.

Both get the same query: every word must match, as a prefix ("hex bol" finds hex bolts).
Each word also matches, as a whole word, its singular and the catalogue's compounds it is
the head of ("schraube" → "sechskantschraube"); a compound the catalogue does not hold is
split into words it does ("holzschraube" → "holz schraube"). Whole words count twice (the
word and its prefix both match), so they rank above prefixes; SKU and names weigh more than
manufacturer, manufacturer more than descriptions. A query with few hits is tried again
with close spellings of its unknown words ("blot" → "bolt").

Compounds and spellings come from the catalogue's own words (names and manufacturers), read
once per SEARCH_VOCABULARY_SECONDS per process: at 100,000 products they are a few thousand
words, since generated and real catalogues repeat their words. We chose this over an FTS5
trigram index and pg_trgm: one small pure-Python step (shop/domain/search_terms.py) serves
both databases alike, needs no second index, and keeps whole-word ranking in the engines.
"""

import re
import threading
import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, literal_column, select, text
from sqlalchemy.orm import selectinload

from shop.domain.search_terms import (
    Vocabulary,
    compound_heads,
    corrected_terms,
    fold,
    is_known_prefix,
    joined_compound,
    singulars,
    split_compound,
)
from shop.extensions import db
from shop.models import Category, Product
from shop.services.pagination import Page, paginate, paginate_counted

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8
# Fewer hits than this and the query is tried again with close spellings.
FEW_HITS = 3
# bm25 weights of product_fts's columns: sku, name_en, name_de, description_en,
# description_de, manufacturer (as PostgreSQL's weights A, A, A, C, C, B).
SQLITE_WEIGHTS = "10.0, 5.0, 5.0, 1.0, 1.0, 3.0"


@dataclass(frozen=True)
class SearchResult:
    page: Page
    # The words searched instead of a misspelt query ("bolt" for "blot"), else None.
    corrected: str | None = None


def search_terms(query: str) -> list[str]:
    """The words of a query, lower-cased, without operators of either search syntax.

    Single letters are dropped: as prefixes they match most of the catalogue (ranking
    100,000 matches costs ~250 ms) and narrow nothing; digits are kept ("M 8", "6 mm").
    """
    words = [w.lower() for w in _WORD.findall(query)]
    return [w for w in words if len(w) > 1 or w.isdigit()][:MAX_TERMS]


def search_catalogue(query: str, page: int, page_size: int) -> SearchResult:
    """Published products matching every word, best first; close spellings if few match."""
    terms = search_terms(query)
    found = search_products(query, page, page_size)
    if found.total >= FEW_HITS or not terms:
        return SearchResult(found)
    corrected = corrected_terms(terms, catalogue_vocabulary())
    if corrected is None:
        return SearchResult(found)
    retried = _search(corrected, page, page_size)
    if retried.total <= found.total:
        return SearchResult(found)
    return SearchResult(retried, corrected=" ".join(corrected))


def search_products(query: str, page: int, page_size: int) -> Page:
    """Published products matching every term, best match first, one page of them."""
    return _search(search_terms(query), page, page_size)


def suggest_products(query: str, limit: int) -> list[Product]:
    """The best few matches while a visitor types: no count, close spellings if none."""
    terms = search_terms(query)
    if not terms:
        return []
    ids = _ranked_ids(terms, limit)
    if not ids and (corrected := corrected_terms(terms, catalogue_vocabulary())):
        ids = _ranked_ids(corrected, limit)
    return _products(ids)


def matching_categories(query: str, language: str, limit: int) -> list[Category]:
    """Categories whose name (in the reader's language) has every word of the query."""
    terms = [fold(t) for t in search_terms(query)]
    if not terms:
        return []
    found = []
    for category in db.session.scalars(select(Category).order_by(Category.position, Category.id)):
        words = [fold(w) for w in _WORD.findall(getattr(category, f"name_{language}"))]
        if all(any(w.startswith(t) or w.endswith(t) for w in words) for t in terms):
            found.append(category)
    return found[:limit]


def sku_of_exact_match(query: str) -> str | None:
    """The SKU of the published product whose SKU is the query (any case), else None."""
    candidate = query.strip()
    if not candidate or len(candidate) > 40 or any(c.isspace() for c in candidate):
        return None
    return db.session.scalar(
        select(Product.sku)
        .where(Product.sku.in_({candidate, candidate.upper()}), Product.published)
        .limit(1)
    )


_vocabulary_lock = threading.Lock()
_vocabularies: dict[str, tuple[float, dict[str, int]]] = {}


def catalogue_vocabulary() -> Vocabulary:
    """Words of published products' names and manufacturers, with how many names hold each."""
    key = db.engine.url.render_as_string()
    max_age = current_app.config["SEARCH_VOCABULARY_SECONDS"]
    now = time.monotonic()
    with _vocabulary_lock:
        cached = _vocabularies.get(key)
    if cached is not None and now - cached[0] < max_age:
        return cached[1]
    words: dict[str, int] = {}
    rows = db.session.execute(
        select(Product.name_en, Product.name_de, Product.manufacturer)
        .where(Product.published)
        .distinct()
    )
    for row in rows:
        for word in {w.lower() for w in _WORD.findall(" ".join(row))}:
            if len(word) >= 2 and word.isalpha():
                words[word] = words.get(word, 0) + 1
    with _vocabulary_lock:
        _vocabularies[key] = (now, words)
    return words


def _search(terms: list[str], page: int, page_size: int) -> Page:
    if not terms:
        return paginate_counted(0, page, page_size, lambda limit, offset: [])
    groups = _alternatives(terms, catalogue_vocabulary())
    if db.engine.dialect.name == "postgresql":
        ids = _search_postgresql(groups, page, page_size)
    else:
        ids = _search_sqlite(groups, page, page_size)
    return ids.with_items(_products(ids.items)) if ids.items else ids


def _products(ids: list[int]) -> list[Product]:
    if not ids:
        return []
    products = db.session.scalars(
        select(Product).where(Product.id.in_(ids)).options(selectinload(Product.media))
    ).all()
    by_id = {p.id: p for p in products}
    return [by_id[i] for i in ids if i in by_id]


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


def _sqlite_match(groups: list[_Term]) -> str:
    # Every word is quoted, so no query word is read as FTS5 syntax (AND, NEAR, *, :).
    return " AND ".join(
        "(" + " OR ".join([f'"{g.word}"*', *(f'"{w}"' for w in g.whole_words)]) + ")"
        for g in groups
    )


_SQLITE_MATCHES = (
    "FROM product_fts WHERE product_fts MATCH :match "
    "AND rowid NOT IN (SELECT id FROM products WHERE published = 0)"
)
# Products whose SKU, names or manufacturer hold every word come first, then those that
# need their description; within each, bm25 with the columns' weights.
_SQLITE_ORDER = (
    "ORDER BY rowid NOT IN (SELECT rowid FROM product_fts WHERE product_fts MATCH "
    "'{sku name_en name_de manufacturer} : (' || :match || ')'), "
    f"bm25(product_fts, {SQLITE_WEIGHTS}), rowid"
)


def _search_sqlite(groups: list[_Term], page: int, page_size: int) -> Page:
    match = _sqlite_match(groups)
    # Count and rank inside the FTS index and leave out the (few) unpublished products
    # by id: joining every match to `products` just to read `published` cost more than
    # the search itself for common words (tens of thousands of matches).
    total = db.session.execute(
        text(f"SELECT count(*) {_SQLITE_MATCHES}"), {"match": match}
    ).scalar_one()
    ranked = text(f"SELECT rowid {_SQLITE_MATCHES} {_SQLITE_ORDER} LIMIT :limit OFFSET :offset")
    return paginate_counted(
        total,
        page,
        page_size,
        lambda limit, offset: db.session.scalars(
            ranked, {"match": match, "limit": limit, "offset": offset}
        ).all(),
    )


def _postgresql_query(groups: list[_Term], weights: str = ""):
    """The tsquery of all groups; weights "AB" limits it to SKU, names and manufacturer."""
    return func.to_tsquery("simple", " & ".join(_postgresql_term(g, weights) for g in groups))


def _postgresql_ranked(groups: list[_Term]):
    query = _postgresql_query(groups)
    vector = literal_column("products.search_vector")
    # As on SQLite: matches without the description first, then ts_rank (A > B > C).
    order = [vector.op("@@")(_postgresql_query(groups, "AB")).desc()]
    joined = sorted({j for g in groups for j in g.joined})
    if joined:
        # ts_rank weighs the words' distance, not the compound they make: a product named
        # "Sechskantschraube" first for "sechskant schraube" (bm25 on SQLite counts it twice).
        named = func.to_tsquery("simple", " | ".join(f"{j}:A" for j in joined))
        order.append(vector.op("@@")(named).desc())
    return (
        select(Product.id)
        .where(Product.published, vector.op("@@")(query))
        .order_by(*order, func.ts_rank(vector, query).desc(), Product.id)
    )


def _search_postgresql(groups: list[_Term], page: int, page_size: int) -> Page:
    ranked = _postgresql_ranked(groups)
    count = select(func.count()).select_from(ranked.order_by(None).subquery())
    return paginate(ranked, page, page_size, count=count)


def _postgresql_term(group: _Term, weights: str) -> str:
    # PostgreSQL's parser reads "GEN-0054321" as the word "gen" and the signed integer
    # "-0054321", so a number also matches with a minus sign in front.
    word = group.word
    options = [f"{word}:*", *group.whole_words]
    if word[0].isdigit():
        options.append(f"-{word}:*")
    return "(" + " | ".join(_weighted(o, weights) for o in options) + ")"


def _weighted(lexeme: str, weights: str) -> str:
    if not weights:
        return lexeme
    return f"{lexeme}{weights}" if lexeme.endswith(":*") else f"{lexeme}:{weights}"


def _ranked_ids(terms: list[str], limit: int) -> list[int]:
    groups = _alternatives(terms, catalogue_vocabulary())
    if db.engine.dialect.name == "postgresql":
        return list(db.session.scalars(_postgresql_ranked(groups).limit(limit)))
    return list(
        db.session.scalars(
            text(f"SELECT rowid {_SQLITE_MATCHES} {_SQLITE_ORDER} LIMIT :limit"),
            {"match": _sqlite_match(groups), "limit": limit},
        )
    )
