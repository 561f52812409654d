"""Stock levels from the ERP, fetched in one batch and cached like prices (§7, §8)."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from erp_bridge import ErpError
from shop.erp import erp_client
from shop.extensions import db
from shop.models import CachedStock, Product
from shop.models.clock import utcnow
from shop.services.erp_cache import upsert

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StockInfo:
    quantity: int | None  # None: never known
    outdated: bool = False  # the ERP could not confirm it just now

    @property
    def is_sold_out(self) -> bool:
        return self.quantity is not None and self.quantity <= 0


def stock_for(products: Iterable[Product]) -> dict[str, StockInfo]:
    """Stock per SKU: cached levels, refreshed with one GetStock call when stale."""
    skus = sorted({p.sku for p in products})
    if not skus:
        return {}
    cached = {
        c.sku: c for c in db.session.scalars(select(CachedStock).where(CachedStock.sku.in_(skus)))
    }
    max_age = timedelta(seconds=current_app.config["STOCK_CACHE_SECONDS"])
    now = utcnow()
    stale = [s for s in skus if s not in cached or cached[s].fetched_at < now - max_age]
    unconfirmed: set[str] = set()
    if stale:
        fetched = _ask_erp(stale)
        if fetched is None:
            unconfirmed = set(stale)
        else:
            cached.update(fetched)
    return {
        sku: StockInfo(cached[sku].quantity if sku in cached else None, sku in unconfirmed)
        for sku in skus
    }


def _ask_erp(skus: list[str]) -> dict[str, CachedStock] | None:
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
