"""Stock levels from the ERP, fetched in one batch and cached like prices (§7, §8).

The modes are those of prices: pages refresh stale levels within the short timeout,
checkout asks the ERP for every level (within the page timeout too), and code inside a
write transaction reads only the cache. The rules on what may be ordered are in shop.domain.stock.
"""

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, select

from erp_bridge import ErpClient, ErpError, StockLevel
from shop.domain.stock import Availability
from shop.erp import erp_client
from shop.extensions import db
from shop.models import CachedStock, Product, StockLookup
from shop.models.clock import utcnow
from shop.services.erp_cache import upsert
from shop.services.live_categories import (
    note_stock_known,
    refresh_categories_not_live,
    skus_to_probe,
)
from shop.services.plain_rows import rows_of
from shop.services.prices import PriceMode
from shop.services.unit_of_work import end_reads

log = logging.getLogger(__name__)


# Plain rows from a statement built once, as prices read theirs (#10).
_CACHED_STOCK = select(CachedStock.sku, CachedStock.quantity, CachedStock.fetched_at).where(
    CachedStock.sku.in_(bindparam("skus", expanding=True))
)


def stock_for(
    products: Iterable[Product], mode: PriceMode = PriceMode.PAGE
) -> dict[str, Availability]:
    """Availability per SKU: cached levels, refreshed with one GetStock call when stale."""
    products = list(products)
    backorder = {p.sku: p.allows_backorder for p in products}
    skus = sorted(backorder)
    if not skus:
        return {}
    cached = {row.sku: row for row in rows_of(_CACHED_STOCK, {"skus": skus})}
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
        fetched = _ask_erp(stale, cached, now - max_age / 2)
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


def _ask_erp(
    skus: list[str], cached: Mapping[str, Any], confirmed_since: datetime
) -> dict[str, CachedStock] | None:
    # Checkout too asks within the page timeout; in a request the ERP gate bounds the wait (#9).
    try:
        levels = erp_client(page=True).get_stock(skus)
    except ErpError as error:
        log.warning("stock unavailable: %s", error)
        return None
    return _keep_levels(skus, levels, cached, confirmed_since)


def _keep_levels(
    skus: list[str],
    levels: Mapping[str, StockLevel],
    cached: Mapping[str, Any] | None = None,
    confirmed_since: datetime | None = None,
) -> dict[str, CachedStock]:
    """Cache the levels reported; returns them all. A level the cache holds already, fetched
    after `confirmed_since` (half the cache's lifetime ago), is not written again (#10): the
    checkout asks afresh what its page fetched seconds before, and on SQLite every write is
    a transaction holding the database's write lock, beside the order's."""
    now = utcnow()
    rows = [
        {"sku": sku, "quantity": levels[sku].quantity, "fetched_at": now}
        for sku in skus
        if sku in levels
    ]
    written = rows
    if cached and confirmed_since is not None:
        written = [
            row for row in rows if not _still_cached(cached.get(row["sku"]), row, confirmed_since)
        ]
    upsert(CachedStock, written, key=["sku"], update=["quantity", "fetched_at"])
    return {row["sku"]: CachedStock(**row) for row in rows}


def _still_cached(held: Any, row: dict[str, Any], confirmed_since: datetime) -> bool:
    return (
        held is not None and held.quantity == row["quantity"] and held.fetched_at > confirmed_since
    )


def look_up_missing_stock(client: ErpClient, now: datetime) -> int:
    """Ask the ERP (one GetStock call) for the stock of a few published products of every
    category that is not live (see shop.services.live_categories), and note when; returns how
    many levels it reported. The worker's periodic round (#12): an ERP error propagates with
    no level and no look-up time written, so the next round asks again."""
    refresh_categories_not_live()
    skus = skus_to_probe()
    reported = 0
    if skus:
        end_reads()  # the ERP may be slow: hold no snapshot meanwhile
        fetched = _keep_levels(skus, client.get_stock(skus))
        if fetched:
            note_stock_known(db.session.scalars(select(Product).where(Product.sku.in_(fetched))))
        reported = len(fetched)
    upsert(StockLookup, [{"id": 1, "looked_up_at": now}], key=["id"], update=["looked_up_at"])
    return reported


def learn_missing_stock() -> int:
    """look_up_missing_stock within the page timeout, right after a catalogue was loaded (demo
    data); an ERP that does not answer leaves it to the worker's next round."""
    try:
        return look_up_missing_stock(erp_client(page=True), utcnow())
    except ErpError as error:
        log.warning("stock unavailable: %s", error)
        return 0


def last_stock_lookup() -> datetime | None:
    """When stock nobody knew was last looked up (None: never)."""
    return db.session.scalar(select(StockLookup.looked_up_at).where(StockLookup.id == 1))
