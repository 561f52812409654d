"""The approval inbox's rows: only what the list shows, worded once per page (#10).

The inbox showed whole orders with every exceeded limit's allowed, actual and excess amount
formatted, of which it prints the excess only; its page cost three times the bare page.
Each row then still asked the template for four to six calls (two translations, the date and
money filters, the link): a third of the page. The rows now carry their finished texts, the
fixed words looked up once per page.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import get_locale, get_translations
from markupsafe import Markup, escape

from shop.domain.budgets import Limit
from shop.web.date_formats import request_datetime_writer
from shop.web.labels import limit_label
from shop.web.number_formats import format_money, format_number
from shop.web.row_urls import row_url


@dataclass(frozen=True)
class InboxRow:
    number: str
    orderer: str
    url: str
    # "Select order …", the checkbox's label.
    select_label: str
    waiting_since: str
    total_net: str
    # "<limit>: exceeded by <excess>" per exceeded limit, in the order stored.
    exceeded: list[str]


def inbox_rows(records: Iterable) -> list[InboxRow]:
    """Rows of (number, orderer, awaiting_since, budget_exceedances, currency, total_net)."""
    locale = get_locale()
    translations = get_translations()
    # As `_()` in a template: the values are escaped, the message is not (Markup's own `%`
    # takes twice as long, and there are two per row).
    select_label = translations.ugettext("Select order %(number)s")
    exceeded_by = translations.ugettext("%(limit)s: exceeded by %(excess)s")
    write_datetime = request_datetime_writer()
    approval_url = row_url("customer_center.approval", "number")
    labels: dict[Limit, str] = {}  # three limits at most: each translated once per page

    def exceeded(stored: Iterable[Mapping], currency: str) -> list[str]:
        found = []
        for entry in stored:
            limit = Limit(entry["limit"])
            if limit not in labels:
                labels[limit] = limit_label(limit)
            if limit == Limit.QUANTITY_PER_ORDER:
                excess = format_number(int(entry["excess"]), locale=locale)
            else:
                excess = format_money(Decimal(str(entry["excess"])), currency, locale)
            found.append(
                Markup(exceeded_by % {"limit": escape(labels[limit]), "excess": escape(excess)})
            )
        return found

    return [
        InboxRow(
            number,
            orderer,
            approval_url(number),
            Markup(select_label % {"number": escape(number)}),
            write_datetime(awaiting_since),
            format_money(total_net, currency, locale),
            exceeded(exceedances or (), currency),
        )
        for number, orderer, awaiting_since, exceedances, currency, total_net in records
    ]
