"""CSV downloads (reports, invoices): one format, so that a double-click opens them in Excel.

CSV files follow the UI language: German: semicolon-separated with a decimal comma; English:
comma-separated with a decimal point. Always UTF-8 with a byte-order mark (Excel otherwise
guesses a legacy code page), amounts without currency symbol or grouping, months as YYYY-MM.
Text a customer typed is guarded against formula injection.
"""

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from flask import Response
from flask_babel import format_decimal, get_locale

from shop.models.clock import utcnow
from shop.web.date_formats import to_display_zone

# A cell starting with one of these is a formula in Excel: prefix it so it stays text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_german() -> bool:
    locale = get_locale()
    return locale is not None and locale.language == "de"


def amount_cell(value: Decimal | None) -> str:
    """An amount with the locale's decimal sign and no grouping; empty for None."""
    return "" if value is None else format_decimal(value, "0.00")


def text_cell(value: str) -> str:
    """Text as a cell that Excel never runs as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def datetime_cell(value: datetime) -> str:
    """A stored timestamp as YYYY-MM-DD HH:MM in the shop's time zone: Excel reads it as a
    date and time in either language, where `29.11.2026, 22:38` would stay text."""
    return to_display_zone(value).strftime("%Y-%m-%d %H:%M")


def csv_response(rows: Iterable[list[str]], name: str) -> Response:
    """The rows as a CSV download named `<name>-<today>.csv`, never cached."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if _is_german() else ",", lineterminator="\r\n")
    writer.writerows(rows)
    filename = f"{name}-{utcnow().date().isoformat()}.csv"
    return Response(
        "\ufeff" + buffer.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
