"""Stock levels from the ERP, fetched in one batch and cached like prices (§7, §8).

The modes are those of prices: pages refresh stale levels within the short timeout,
checkout asks the ERP for every level (within the page timeout too), and code inside a
write transaction reads only the cache. The rules on what may be ordered are in shop.domain.stock.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from erp_bridge import ErpError
from shop.domain.stock import Availability
from shop.erp import erp_client
from shop.extensions import db
from shop.models import CachedStock, Product
from shop.models.clock import utcnow
from shop.services.erp_cache import upsert
from shop.services.live_categories import (
    note_stock_known,
    refresh_categories_not_live,
    skus_to_probe,
)
from shop.services.prices import PriceMode

log = logging.getLogger(__name__)


def stock_for(
    products: Iterable[Product], mode: PriceMode = PriceMode.PAGE
) -> dict[str, Availability]:
    """Availability per SKU: cached levels, refreshed with one GetStock call when stale."""
    products = list(products)
    backorder = {p.sku: p.allows_backorder for p in products}
    skus = sorted(backorder)
    if not skus:
        return {}
    cached = {
        c.sku: c for c in db.session.scalars(select(CachedStock).where(CachedStock.sku.in_(skus)))
    }
    max_age = timedelta(seconds=current_app.config["STOCK_CACHE_SECONDS"])
    now = utcnow()
    if mode is PriceMode.FRESH:
        stale = skus
    else:
        stale = [s for s in skus if s not in cached or cached[s].fetched_at < now - max_age]
    unconfirmed: set[str] = set()
    if stale and mode is PriceMode.CACHED:
        unconfirmed = set(stale)
    elif stale:
        fetched = _ask_erp(stale)
        if fetched is None:
            # §8: the last known level applies while the ERP does not answer.
            unconfirmed = set(stale)
        else:
            # §13: a first known level may bring a category live.
            note_stock_known(p for p in products if p.sku in fetched and p.sku not in cached)
            cached.update(fetched)
    return {
        sku: Availability(
            cached[sku].quantity if sku in cached else None, backorder[sku], sku in unconfirmed
        )
        for sku in skus
    }


def _ask_erp(skus: list[str]) -> dict[str, CachedStock] | None:
    # Checkout too asks within the page timeout; in a request the ERP gate bounds the wait (#9).
    try:
        levels = erp_client(page=True).get_stock(skus)
    except ErpError as error:
        log.warning("stock unavailable: %s", error)
        return None
    now = utcnow()
    rows = [
        {"sku": sku, "quantity": levels[sku].quantity, "fetched_at": now}
        for sku in skus
        if sku in levels
    ]
    upsert(CachedStock, rows, key=["sku"], update=["quantity", "fetched_at"])
    return {row["sku"]: CachedStock(**row) for row in rows}


def learn_missing_stock() -> int:
    """Ask the ERP (one GetStock call) for the stock of a few published products of every
    category that is not live (see shop.services.live_categories); returns how many levels it
    reported. Outside any write transaction: after a catalogue was loaded, or when staff open
    the content report."""
    refresh_categories_not_live()
    skus = skus_to_probe()
    if not skus:
        return 0
    products = db.session.scalars(select(Product).where(Product.sku.in_(skus))).all()
    levels = stock_for(products)
    return sum(1 for availability in levels.values() if availability.quantity is not None)
