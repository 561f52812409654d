"""Storefront: home, catalogue pages, product pages, media downloads, search."""

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select

from shop.catalog import queries
from shop.catalog.search import search_products
from shop.domain.rights import Right
from shop.extensions import db
from shop.models import ProductMedia
from shop.services.prices import prices_for
from shop.services.stock import stock_for
from shop.web.authorization import may_see_prices
from shop.web.navigation import page_arg

bp = Blueprint("catalog", __name__)


def _prices(products) -> dict:
    """Prices to show: none at all for users without the right to see them (§2)."""
    if not may_see_prices():
        return {}
    company = current_user.company if current_user.is_authenticated else None
    return prices_for(products, company)


def _stock(products) -> dict:
    """Stock for the cards' add-to-cart controls: only users who may order see them."""
    may_order = current_user.is_authenticated and current_user.can(Right.PLACE_ORDERS)
    return stock_for(products) if may_order else {}


@bp.get("/")
def home():
    return render_template("catalog/home.html", categories=queries.top_categories())


@bp.get("/catalog")
@bp.get("/catalog/<slug>")
def catalog(slug: str | None = None):
    tree = queries.category_tree()
    category = tree.by_slug_or_404(slug) if slug else None
    sorts = queries.sorts_for(may_see_prices())
    sort = request.args.get("sort", "name")
    if sort not in sorts:
        sort = "name"
    page = queries.products_page(
        category,
        sort,
        page_arg(request.args),
        current_app.config["PAGE_SIZE"],
        get_locale().language,
    )
    return render_template(
        "catalog/list.html",
        category=category,
        path=queries.category_path(category) if category else [],
        subcategories=category.children if category else tree.top,
        page=page,
        sort=sort,
        sorts=sorts,
        prices=_prices(page.items),
        stock=_stock(page.items),
    )


@bp.get("/products/<sku>")
def product(sku: str):
    item = queries.product_by_sku(sku)
    return render_template(
        "catalog/product.html",
        product=item,
        path=queries.category_path(queries.category_tree().by_id[item.category_id]),
        prices=_prices([item]),
        stock=stock_for([item]),
    )


@bp.get("/products/<sku>/media/<int:media_id>/<filename>")
def media(sku: str, media_id: int, filename: str):
    """An image or data sheet; immutable per id, so browsers may cache it long."""
    item = queries.product_by_sku(sku)
    found = db.session.scalar(
        select(ProductMedia).where(
            ProductMedia.id == media_id,
            ProductMedia.product_id == item.id,
            ProductMedia.filename == filename,
        )
    )
    if found is None:
        abort(404)
    # Anonymous visitors may download data sheets; a user needs the right (§2).
    signed_in = current_user.is_authenticated
    if found.kind == "datasheet" and signed_in and not current_user.can(Right.DOWNLOAD_DATASHEETS):
        abort(403)
    disposition = "attachment" if found.kind == "datasheet" else "inline"
    return Response(
        found.content,
        mimetype=found.mime_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="{found.filename}"',
            "Cache-Control": "public, max-age=86400",
        },
    )


@bp.get("/search")
def search():
    query = request.args.get("q", "").strip()[:200]
    page = search_products(query, page_arg(request.args), current_app.config["PAGE_SIZE"])
    return render_template(
        "catalog/search.html",
        query=query,
        page=page,
        prices=_prices(page.items),
        stock=_stock(page.items),
    )
