"""The approval inbox's rows: only what the list shows, formatted once per page (#10).

The inbox showed whole orders with every exceeded limit's allowed, actual and excess amount
formatted, of which it prints the excess only; its page cost three times the bare page.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from flask_babel import get_locale

from shop.domain.budgets import Limit
from shop.web.labels import limit_label
from shop.web.number_formats import format_money, format_number


@dataclass(frozen=True)
class InboxRow:
    number: str
    orderer: str
    awaiting_since: datetime
    total_net: Decimal
    currency: str
    # (label of the limit, by how much the order exceeds it), in the order stored.
    exceeded: list[tuple[str, str]]


def inbox_rows(records: Iterable) -> list[InboxRow]:
    """Rows of (number, orderer, awaiting_since, budget_exceedances, currency, total_net)."""
    locale = get_locale()
    labels: dict[Limit, str] = {}  # three limits at most: each translated once per page

    def exceeded(stored: Iterable[Mapping], currency: str) -> list[tuple[str, str]]:
        found = []
        for entry in stored:
            limit = Limit(entry["limit"])
            if limit not in labels:
                labels[limit] = limit_label(limit)
            if limit == Limit.QUANTITY_PER_ORDER:
                excess = format_number(int(entry["excess"]), locale=locale)
            else:
                excess = format_money(Decimal(str(entry["excess"])), currency, locale)
            found.append((labels[limit], excess))
        return found

    return [
        InboxRow(
            number,
            orderer,
            awaiting_since,
            total_net,
            currency,
            exceeded(exceedances or (), currency),
        )
        for number, orderer, awaiting_since, exceedances, currency, total_net in records
    ]
