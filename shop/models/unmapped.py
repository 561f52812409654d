"""Schema objects the migrations make by hand and the models do not map.

Full-text search is built per database (see shop/catalog/search.py); autogenerate and the
schema check must neither drop nor report these.
"""

UNMAPPED = {
    "product_fts",
    "search_vector",
    "ix_products_search_vector",
    "title_vector",  # PostgreSQL: SKU, names and manufacturer for search's first tiers (#11)
    "ix_products_title_vector",
    # A product's `standard` attributes as one text, kept by triggers for search (#11).
    "standards",
}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (name in UNMAPPED or (name or "").startswith("product_fts"))
