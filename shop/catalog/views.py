"""Storefront: home, catalogue pages, product pages, media downloads, search."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select

from shop.catalog import queries
from shop.catalog.cards import product_cards
from shop.catalog.facet_bitmaps import category_facets
from shop.catalog.listing_order import sorted_ids
from shop.catalog.search import (
    matching_categories,
    search_catalogue,
    sku_of_exact_match,
    suggest_products,
)
from shop.catalog.search_facets import search_facets
from shop.domain.facets import Selection, parse_selection
from shop.domain.rights import Right
from shop.extensions import db
from shop.models import ProductMedia
from shop.models.clock import utcnow
from shop.services.datasheet_downloads import record_datasheet_download
from shop.services.pagination import paginate_counted
from shop.services.prices import PriceMode, prices_for
from shop.services.stock import stock_for
from shop.web.authorization import may_see_prices
from shop.web.htmx import page_or_fragment, vary, wants_fragment
from shop.web.navigation import page_arg

bp = Blueprint("catalog", __name__)

# The list view's rows per page: buyers who know what they want scan more at once.
LIST_PAGE_SIZE = 60
# Search results the facets filter and count (in the search's order).
SEARCH_FACET_LIMIT = 500


def _prices(products) -> dict:
    """Prices to show: none at all for users without the right to see them (§2)."""
    if not may_see_prices():
        return {}
    company = current_user.company if current_user.is_authenticated else None
    return prices_for(products, company)


def _stock(products) -> dict:
    """Stock for the cards: their stock state and add-to-cart controls (one batch per page)."""
    return stock_for(products)


def _view() -> str:
    """The listing's view: "grid" (cards) or "list" (a table with more rows per page)."""
    return "list" if request.args.get("view") == "list" else "grid"


def _page_size(view: str) -> int:
    return LIST_PAGE_SIZE if view == "list" else current_app.config["PAGE_SIZE"]


def _listing_args(selection: Selection, **fixed) -> dict:
    """url_for arguments that keep this listing's sort, view and filters."""
    args: dict = {key: value for key, value in fixed.items() if value}
    for name, value in selection.query_args():
        args.setdefault(name, []).append(value)
    return args


def _listing(template: str, **context):
    """The page, or for htmx (filters, sort, view changed) the listing alone."""
    return page_or_fragment(template, "catalog/_partials/listing.html", **context)


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
    view = _view()
    language = get_locale().language
    # Facets on category pages (§9, #11): counting them over the whole catalogue would cost
    # more than the rest of the page, and a buyer filters within a kind of product.
    faceted = category is not None
    selection = parse_selection(request.args.items(multi=True)) if faceted else Selection()
    scope = queries.category_scope(category)
    # The panel's counts and the listing come from the same filtered set (#11).
    facets = category_facets(scope, selection, language) if faceted else None
    # Its pages are sliced from the category's sorted ids, kept per process (#10).
    ordered = sorted_ids(scope, sort, language, facets.listing_token) if facets else None
    page = queries.products_page(
        scope.products,
        sort,
        page_arg(request.args),
        _page_size(view),
        language,
        with_attributes=view == "list",
        total_key=queries.listing_key(category),
        only=facets.matching if facets else None,
        ordered=ordered,
    )
    plain = {"slug": slug, "sort": sort if sort != "name" else None}
    plain["view"] = view if view != "grid" else None
    return _listing(
        "catalog/list.html",
        category=category,
        path=queries.category_path(category) if category else [],
        subcategories=category.children if category else tree.top,
        page=page,
        sort=sort,
        sorts=sorts,
        view=view,
        query=None,
        capped=None,
        panel=facets.panel if facets else None,
        endpoint_args=_listing_args(selection, **plain),
        clear_url=url_for("catalog.catalog", **{k: v for k, v in plain.items() if v}),
        prices=_prices(page.items),
        stock=_stock(page.items),
    )


@bp.get("/products/<sku>")
def product(sku: str):
    item = queries.product_by_sku(sku)
    # §13: a published product of a category that is not live is neither listed nor found,
    # but its page stays open to whoever has its URL (see README, "Live categories").
    category = queries.category_tree().by_id.get(item.category_id)
    return render_template(
        "catalog/product.html",
        product=item,
        path=queries.category_path(category) if category else [],
        prices=_prices([item]),
        stock=stock_for([item]),
    )


@bp.get("/products/<sku>/media/<int:media_id>/<filename>")
def media(sku: str, media_id: int, filename: str):
    """An image or data sheet; immutable per id, so browsers may cache it long."""
    product_id = queries.published_product_id(sku)
    found = db.session.scalar(
        select(ProductMedia).where(
            ProductMedia.id == media_id,
            ProductMedia.product_id == product_id,
            ProductMedia.filename == filename,
        )
    )
    if found is None:
        abort(404)
    # Anonymous visitors may download data sheets; a user needs the right (§2).
    signed_in = current_user.is_authenticated
    if found.kind == "datasheet" and signed_in and not current_user.can(Right.DOWNLOAD_DATASHEETS):
        abort(403)
    datasheet = found.kind == "datasheet"
    disposition = "attachment" if datasheet else "inline"
    response = Response(
        found.content,
        mimetype=found.mime_type,
        headers={"Content-Disposition": f'{disposition}; filename="{found.filename}"'},
    )
    if datasheet:
        # #12: every data-sheet download must reach the shop, which records a signed-in one.
        # "private": no shared cache keeps it (one could hand an anonymous copy to a signed-in
        # user, or keep a replaced file); "no-cache" with the id as validator: the browser asks
        # again each time and gets a body-less 304 while it holds the same file.
        response.headers["Cache-Control"] = "private, no-cache"
        response.set_etag(f"{found.id}-{found.size}")
        response.make_conditional(request)
    else:
        response.headers["Cache-Control"] = "public, max-age=86400"
    if datasheet and signed_in:
        # #12: the usage check counts a company's downloads; read the ids before the unit of
        # work expires what the request loaded, so recording costs the INSERT alone.
        company_id, user_id = current_user.company_id, current_user.id
        record_datasheet_download(company_id, user_id, product_id, utcnow())
    return response


@bp.get("/search")
def search():
    query = request.args.get("q", "").strip()[:200]
    # An exact SKU opens its product; a SKU prefix lists the matches like any search.
    if sku := sku_of_exact_match(query):
        location = url_for("catalog.product", sku=sku)
        if wants_fragment():
            return vary(Response(status=204, headers={"HX-Redirect": location}))
        return vary(redirect(location))
    view = _view()
    selection = parse_selection(request.args.items(multi=True))
    # "as_typed": the visitor followed "Search instead for …" past a corrected spelling.
    as_typed = bool(request.args.get("as_typed"))
    # Facets filter and count what the search found, in its order: the best matches only,
    # so a query matching most of the catalogue stays as fast as one page of it.
    result = search_catalogue(query, 1, SEARCH_FACET_LIMIT, correct_spelling=not as_typed)
    found = result.page
    language = get_locale().language
    facets = search_facets(found.items, selection, language) if found.items else None
    ranked = facets.matching if facets else []
    page = paginate_counted(
        len(ranked),
        page_arg(request.args),
        _page_size(view),
        lambda limit, offset: product_cards(ranked[offset : offset + limit], view == "list"),
    )
    plain = {
        "q": query,
        "view": view if view != "grid" else None,
        "as_typed": 1 if as_typed else None,
    }
    return _listing(
        "catalog/search.html",
        query=query,
        corrected=result.corrected,
        found=bool(found.items),
        page=page,
        sort=None,
        sorts=[],
        view=view,
        capped=SEARCH_FACET_LIMIT if found.total > SEARCH_FACET_LIMIT else None,
        panel=facets.panel if facets else None,
        endpoint_args=_listing_args(selection, **plain),
        clear_url=url_for("catalog.search", **{k: v for k, v in plain.items() if v}),
        prices=_prices(page.items),
        stock=_stock(page.items),
    )


SUGGESTED_PRODUCTS = 6
SUGGESTED_CATEGORIES = 3


@bp.get("/search/suggestions")
def suggestions():
    """What the header's search field offers while typing (htmx); prices from the cache only."""
    query = request.args.get("q", "").strip()[:200]
    if not wants_fragment():
        # A fragment-only URL: a browser that lands here (history restore) gets the page.
        return vary(redirect(url_for("catalog.search", q=query)))
    products = suggest_products(query, SUGGESTED_PRODUCTS)
    prices = {}
    if may_see_prices() and products:
        company = current_user.company if current_user.is_authenticated else None
        # Never wait for the ERP while someone types: the last known customer price or
        # the list price.
        prices = prices_for(products, company, PriceMode.CACHED)
    return vary(
        Response(
            render_template(
                "catalog/_partials/suggestions.html",
                query=query,
                products=products,
                categories=matching_categories(query, get_locale().language, SUGGESTED_CATEGORIES),
                prices=prices,
            )
        )
    )
