"""Reports (right SEE_REPORTS): spend per user per month against budgets, orders by state,
a server-rendered SVG chart of monthly spend, and CSV exports of both tables (in the format
of shop.web.csv_export).
"""

from datetime import date

from flask import Response, render_template, request
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from customer_center import bp
from shop.domain.rights import Right
from shop.models.clock import utcnow
from shop.services.customer_center import reports as report_queries
from shop.web.authorization import requires
from shop.web.charts import bar_chart
from shop.web.csv_export import amount_cell, csv_response, text_cell
from shop.web.labels import status_label

MONTHS = 6


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


def _spend_csv(report: report_queries.SpendReport) -> Response:
    header = [_("User"), _("E-mail"), _("Monthly budget (net)")]
    header += [first.strftime("%Y-%m") for first in report.months] + [_("Total")]
    rows = [header]
    for line in report.users:
        limit = amount_cell(line.monthly_budget)
        rows.append(
            [text_cell(line.user.name), text_cell(line.user.email), limit]
            + [amount_cell(amount) for amount in line.spend]
            + [amount_cell(line.total)]
        )
    rows.append(
        [_("All users"), "", amount_cell(report.budget_sum)]
        + [amount_cell(amount) for amount in report.monthly_totals]
        + [amount_cell(report.total)]
    )
    return csv_response(rows, "spend-per-user")


def _orders_csv(counts: list[report_queries.StatusCount]) -> Response:
    rows = [[_("State"), _("Orders"), _("Net value")]]
    rows += [[status_label(c.status), str(c.orders), amount_cell(c.net)] for c in counts]
    return csv_response(rows, "orders-by-state")
