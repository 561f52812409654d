"""What every benchmark script shares: the app they measure, the figures they report."""

import math
import statistics
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from flask import Flask

from shop import create_app
from shop.models import Order, OrderLine


def bench_app(url: str, work_dir: Path, **overrides) -> Flask:
    """The shop on `url`, configured as in production for repeated requests."""
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "ENV_NAME": "bench",
            "INSTANCE_DIR": str(work_dir),
            "MAIL_SINK_DIR": str(work_dir / "mail"),
            # As in production: templates compiled once, no rate limit on repeated requests.
            "TEMPLATES_AUTO_RELOAD": False,
            "RATELIMIT_ENABLED": False,
            **overrides,
        }
    )


def bench_order(
    number: str, company_id: int, user_id: int, status: str, payment_method: str, token: str
) -> Order:
    """An order of two bench parts (20.00 EUR net) to a Berlin address, not yet added."""
    return Order(
        number=number,
        company_id=company_id,
        user_id=user_id,
        status=status,
        currency="EUR",
        total_net=Decimal("20.00"),
        total_vat=Decimal("3.80"),
        total_gross=Decimal("23.80"),
        delivery_name="Werk 1",
        delivery_street="Weg 1",
        delivery_postal_code="10115",
        delivery_city="Berlin",
        delivery_country="DE",
        payment_method=payment_method,
        delivery_method="standard",
        checkout_token=token,
        lines=[
            OrderLine(
                position=1,
                sku="BENCH-1",
                name_en="Bench part",
                name_de="Bench-Teil",
                quantity=2,
                unit_price=Decimal("10.00"),
                vat_rate=Decimal("19.00"),
                line_net=Decimal("20.00"),
            )
        ],
    )


def summarize(timings: list[float]) -> tuple[float, float, float]:
    """Median, p95 (nearest rank) and max, in the timings' unit, rounded to 0.1."""
    ordered = sorted(timings)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return round(statistics.median(ordered), 1), round(p95, 1), round(ordered[-1], 1)


def redact(url: str) -> str:
    """A database URL without its password, for printing."""
    if "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"


def report_some_stock() -> None:
    """§13: only categories with a product of known stock are shown. The ERP simulator does not
    run while the catalogue is prepared, so a few products of each category get the level the
    ERP would report, as fetched long ago: pages still ask the ERP for it, as before."""
    from shop.models import CachedStock
    from shop.services.erp_cache import upsert
    from shop.services.live_categories import refresh_live_categories, skus_to_probe
    from shop.services.unit_of_work import unit_of_work

    long_ago = datetime(2000, 1, 1)
    rows = [{"sku": sku, "quantity": 100, "fetched_at": long_ago} for sku in skus_to_probe()]
    upsert(CachedStock, rows, key=["sku"], update=["quantity", "fetched_at"])
    with unit_of_work():
        refresh_live_categories()
