"""Reports (right SEE_REPORTS): spend per user per month against budgets, orders by state,
a server-rendered SVG chart of monthly spend, and CSV exports of both tables.

CSV files follow the UI language, so that a double-click opens them correctly in Excel:
German: semicolon-separated with a decimal comma; English: comma-separated with a decimal
point. Always UTF-8 with a byte-order mark (Excel otherwise guesses a legacy code page),
amounts without currency symbol or grouping, months as YYYY-MM.
"""

import csv
import io
from datetime import date

from flask import Response, render_template, request
from flask_babel import format_date, format_decimal, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from customer_center import bp
from shop.domain.rights import Right
from shop.models.clock import utcnow
from shop.services.customer_center import reports as report_queries
from shop.web.authorization import requires
from shop.web.charts import bar_chart
from shop.web.labels import status_label

MONTHS = 6
# A cell starting with one of these is a formula in Excel: prefix it so it stays text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _month_label(first: date) -> str:
    return format_date(first, "MMM yyyy")


def _spend_context() -> dict:
    company = current_user.company
    report = report_queries.spend_report(company, utcnow().date(), MONTHS)
    reference = report.budget_sum if report.budget_sum > 0 else None
    return {
        "spend": report,
        "month_labels": [_month_label(first) for first in report.months],
        "chart": bar_chart(report.monthly_totals, reference=reference),
    }


def _orders_context() -> dict:
    counts = report_queries.orders_by_status(current_user.company_id)
    return {
        "status_counts": counts,
        "status_total_orders": sum(c.orders for c in counts),
        "status_total_net": sum((c.net for c in counts), report_queries.ZERO),
    }


@bp.get("/reports")
@requires(Right.SEE_REPORTS)
def reports():
    return render_template(
        "customer_center/reports/index.html", **_spend_context(), **_orders_context()
    )


@bp.get("/reports/spend")
@requires(Right.SEE_REPORTS)
def reports_spend():
    context = _spend_context()
    if request.args.get("format") == "csv":
        return _spend_csv(context["spend"])
    return render_template("customer_center/reports/spend.html", **context)


@bp.get("/reports/orders")
@requires(Right.SEE_REPORTS)
def reports_orders():
    context = _orders_context()
    if request.args.get("format") == "csv":
        return _orders_csv(context["status_counts"])
    return render_template("customer_center/reports/orders.html", **context)


def _is_german() -> bool:
    locale = get_locale()
    return locale is not None and locale.language == "de"


def _amount(value) -> str:
    return format_decimal(value, "0.00")  # the locale's decimal sign, no grouping


def _text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _csv_response(rows: list[list[str]], name: str) -> Response:
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


def _spend_csv(report: report_queries.SpendReport) -> Response:
    header = [_("User"), _("E-mail"), _("Monthly budget (net)")]
    header += [first.strftime("%Y-%m") for first in report.months] + [_("Total")]
    rows = [header]
    for line in report.users:
        limit = "" if line.monthly_budget is None else _amount(line.monthly_budget)
        rows.append(
            [_text(line.user.name), _text(line.user.email), limit]
            + [_amount(amount) for amount in line.spend]
            + [_amount(line.total)]
        )
    rows.append(
        [_("All users"), "", _amount(report.budget_sum)]
        + [_amount(amount) for amount in report.monthly_totals]
        + [_amount(report.total)]
    )
    return _csv_response(rows, "spend-per-user")


def _orders_csv(counts: list[report_queries.StatusCount]) -> Response:
    rows = [[_("State"), _("Orders"), _("Net value")]]
    rows += [[status_label(c.status), str(c.orders), _amount(c.net)] for c in counts]
    return _csv_response(rows, "orders-by-state")
