"""The prices a visitor sees, fetched from the ERP in one batch per page or cart.

Anonymous visitors see list prices. A logged-in customer sees the ERP's customer price,
cached per company and SKU. When the ERP is slow or down, pages show the last known price
(or the list price) at once, marked as possibly outdated; the checkout page asks for fresh
prices (placing the order only for those older than CHECKOUT_PRICE_SECONDS), and no page
or checkout waits longer than ERP_PAGE_TIMEOUT (shop.erp's gate refuses at once while the
ERP is known to fail or busy).
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from flask import current_app
from sqlalchemy import Row, bindparam, select

from erp_bridge import ErpRejected, ErpUnavailable
from shop.domain.money import Money
from shop.erp import erp_client
from shop.models import CachedPrice, Company, Product
from shop.models.clock import utcnow
from shop.services.erp_cache import upsert
from shop.services.plain_rows import rows_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PriceQuote:
    price: Money
    is_customer_price: bool
    # The ERP could not confirm this price just now (it is the last known or the list price).
    outdated: bool = False


class PriceMode(Enum):
    PAGE = "page"  # refresh stale prices, but never wait past the short page timeout
    FRESH = "fresh"  # checkout: ask the ERP for every price (within the page timeout)
    # Placing an order: prices fetched within CHECKOUT_PRICE_SECONDS (by the checkout page
    # the buyer just confirmed) stand; older ones are asked like FRESH (#10).
    RECENT = "recent"
    CACHED = "cached"  # inside a write transaction: never call the ERP


def shop_currency() -> str:
    """The currency the shop sells in (Config.CURRENCY): list prices, carts, orders, reports."""
    return current_app.config["CURRENCY"]


def list_price(product: Product) -> PriceQuote:
    return PriceQuote(Money(product.list_price, shop_currency()), is_customer_price=False)


# Plain rows from a statement built once: a page's 24 cached prices as ORM entities, and
# building the query anew, cost a logged-in catalogue page ~1 ms of CPU (#10).
_CACHED_PRICES = select(
    CachedPrice.sku, CachedPrice.net_price, CachedPrice.currency, CachedPrice.fetched_at
).where(
    CachedPrice.company_id == bindparam("company_id"),
    CachedPrice.sku.in_(bindparam("skus", expanding=True)),
)


def prices_for(
    products: Iterable[Product], company: Company | None = None, mode: PriceMode = PriceMode.PAGE
) -> dict[int, PriceQuote]:
    """Net unit price per product id, with at most one ERP call for all of them."""
    products = list(products)
    if company is None or not products:
        return {p.id: list_price(p) for p in products}
    skus = sorted({p.sku for p in products})
    cached = {
        row.sku: row for row in rows_of(_CACHED_PRICES, {"company_id": company.id, "skus": skus})
    }
    setting = "CHECKOUT_PRICE_SECONDS" if mode is PriceMode.RECENT else "PRICE_CACHE_SECONDS"
    max_age = timedelta(seconds=current_app.config[setting])
    now = utcnow()
    if mode is PriceMode.FRESH:
        wanted = skus
    else:
        wanted = [s for s in skus if s not in cached or cached[s].fetched_at < now - max_age]
    unconfirmed: set[str] = set()
    if wanted and mode is PriceMode.CACHED:
        unconfirmed = set(wanted)
    elif wanted:
        answer = _ask_erp(company, wanted)
        if answer is None:
            unconfirmed = set(wanted)
        else:
            cached.update(answer)
    return {p.id: _quote(p, cached.get(p.sku), p.sku in unconfirmed) for p in products}


def _quote(product: Product, cached: Row | CachedPrice | None, unconfirmed: bool) -> PriceQuote:
    if cached is not None and cached.net_price is not None:
        return PriceQuote(Money(cached.net_price, cached.currency), True, outdated=unconfirmed)
    return PriceQuote(Money(product.list_price, shop_currency()), False, outdated=unconfirmed)


def _ask_erp(company: Company, skus: list[str]) -> dict[str, CachedPrice] | None:
    """One GetPrices call for all SKUs; the new cache rows, or None when the ERP failed."""
    customer_number, company_id = company.customer_number, company.id
    try:
        # Checkout too waits at most the page timeout: a buyer is told plainly that the
        # prices are the last known ones rather than kept waiting (#9).
        prices = erp_client(page=True).get_prices(customer_number, skus)
    except ErpUnavailable as error:
        log.warning("prices for customer %s unavailable: %s", customer_number, error)
        return None
    except ErpRejected as error:
        # The ERP knows no prices for this customer: list prices apply, and are not outdated.
        log.warning("prices for customer %s rejected: %s", customer_number, error)
        prices = {}
    now = utcnow()
    rows = [
        {
            "company_id": company_id,
            "sku": sku,
            "net_price": prices[sku].net_price if sku in prices else None,
            "currency": prices[sku].currency if sku in prices else shop_currency(),
            "fetched_at": now,
        }
        for sku in skus
    ]
    upsert(
        CachedPrice, rows, key=["company_id", "sku"], update=["net_price", "currency", "fetched_at"]
    )
    return {row["sku"]: CachedPrice(**row) for row in rows}
