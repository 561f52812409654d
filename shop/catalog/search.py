"""Full-text product search with each database's own engine.

SQLite: an FTS5 table `product_fts` kept in step with `products` by triggers.
PostgreSQL: a generated `search_vector` tsvector column with a GIN index.
Both get the same query: every word must match, as a prefix ("hex bol" finds hex bolts).
"""

import re

from sqlalchemy import func, literal_column, select, text
from sqlalchemy.orm import selectinload

from shop.extensions import db
from shop.models import Product
from shop.services.pagination import Page, paginate, paginate_counted

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8


def search_terms(query: str) -> list[str]:
    """The words of a query, lower-cased, without operators of either search syntax.

    Single letters are dropped: as prefixes they match most of the catalogue (ranking
    100,000 matches costs ~250 ms) and narrow nothing; digits are kept ("M 8", "6 mm").
    """
    words = [w.lower() for w in _WORD.findall(query)]
    return [w for w in words if len(w) > 1 or w.isdigit()][:MAX_TERMS]


def search_products(query: str, page: int, page_size: int) -> Page:
    """Published products matching every term, best match first, one page of them."""
    terms = search_terms(query)
    if not terms:
        return paginate_counted(0, page, page_size, lambda limit, offset: [])
    if db.engine.dialect.name == "postgresql":
        ids = _search_postgresql(terms, page, page_size)
    else:
        ids = _search_sqlite(terms, page, page_size)
    if not ids.items:
        return ids
    products = db.session.scalars(
        select(Product).where(Product.id.in_(ids.items)).options(selectinload(Product.media))
    ).all()
    by_id = {p.id: p for p in products}
    return ids.with_items(by_id[i] for i in ids.items if i in by_id)


def _search_sqlite(terms: list[str], page: int, page_size: int) -> Page:
    match = " ".join(f'"{t}"*' for t in terms)
    # Count and rank inside the FTS index and leave out the (few) unpublished products
    # by id: joining every match to `products` just to read `published` cost more than
    # the search itself for common words (tens of thousands of matches).
    published_matches = (
        "FROM product_fts WHERE product_fts MATCH :match "
        "AND rowid NOT IN (SELECT id FROM products WHERE published = 0)"
    )
    total = db.session.execute(
        text(f"SELECT count(*) {published_matches}"), {"match": match}
    ).scalar_one()
    ranked = text(
        f"SELECT rowid {published_matches} ORDER BY rank, rowid LIMIT :limit OFFSET :offset"
    )
    return paginate_counted(
        total,
        page,
        page_size,
        lambda limit, offset: db.session.scalars(
            ranked, {"match": match, "limit": limit, "offset": offset}
        ).all(),
    )


def _search_postgresql(terms: list[str], page: int, page_size: int) -> Page:
    tsquery = " & ".join(_postgresql_term(t) for t in terms)
    query = func.to_tsquery("simple", tsquery)
    vector = literal_column("products.search_vector")
    base = select(Product.id).where(Product.published, vector.op("@@")(query))
    return paginate(base.order_by(func.ts_rank(vector, query).desc(), Product.id), page, page_size)


def _postgresql_term(term: str) -> str:
    # PostgreSQL's parser reads "GEN-0054321" as the word "gen" and the signed integer
    # "-0054321", so a number also matches with a minus sign in front.
    if term[0].isdigit():
        return f"({term}:* | -{term}:*)"
    return f"{term}:*"
