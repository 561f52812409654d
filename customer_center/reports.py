"""Reports (right SEE_REPORTS): spend per user per month against budgets, orders by state,
a server-rendered SVG chart of monthly spend, and CSV exports of both tables (in the format
of shop.web.csv_export). The spend report covers a period the reader chooses (#15), per user
and month or per month.
"""

from datetime import date

from flask import Response, make_response, render_template, request
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from customer_center import bp
from customer_center.report_forms import BY_MONTH, BY_USER, ReportPeriodForm
from shop.domain.report_period import (
    MAX_MONTHS,
    InvalidPeriod,
    PeriodProblem,
    ReportPeriod,
    last_months_period,
    read_period,
)
from shop.domain.rights import Right
from shop.models.clock import utcnow
from shop.services.customer_center import reports as report_queries
from shop.web.authorization import requires
from shop.web.charts import bar_chart
from shop.web.csv_export import amount_cell, csv_response, text_cell
from shop.web.htmx import INVALID, vary
from shop.web.labels import status_label

MONTHS = 6


def _month_label(first: date) -> str:
    return format_date(first, "MMM yyyy")


def _spend_context(period: ReportPeriod | None = None) -> dict:
    company = current_user.company
    report = report_queries.spend_report(
        company, period or last_months_period(utcnow().date(), MONTHS)
    )
    reference = report.budget_sum if report.budget_sum > 0 else None
    return {
        "spend": report,
        "month_labels": [_month_label(first) for first in report.months],
        "chart": bar_chart(report.monthly_totals, reference=reference),
        "period_args": {},
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


PERIOD_PROBLEMS = {
    PeriodProblem.UNREADABLE: lambda: _("Please enter a month (2026-01) or a day (2026-01-15)."),
    PeriodProblem.REVERSED: lambda: _("The end of the period must not be before its start."),
    PeriodProblem.TOO_LONG: lambda: _(
        "Please choose a period of at most %(num)s months.", num=MAX_MONTHS
    ),
}


def _chosen_period(form: ReportPeriodForm) -> ReportPeriod | None:
    """The period the form names, or None with the message next to the field to correct."""
    default = last_months_period(utcnow().date(), MONTHS)
    if not form.validate():
        return None
    try:
        return read_period(form.period_from.data or "", form.period_to.data or "", default)
    except InvalidPeriod as invalid:
        field = form.period_from if invalid.field == "from" else form.period_to
        field.errors = [*field.errors, PERIOD_PROBLEMS[invalid.problem]()]
        return None


@bp.get("/reports/spend")
@requires(Right.SEE_REPORTS)
def reports_spend():
    form = ReportPeriodForm(formdata=request.args)
    period = _chosen_period(form)
    by = form.by.data if form.by.data in (BY_USER, BY_MONTH) else BY_USER
    if period is None:
        # Nothing is exported on a bad period: the page says what to correct.
        context = _spend_context()
        body = render_template("customer_center/reports/spend.html", form=form, by=by, **context)
        return vary(make_response(body, INVALID))
    context = _spend_context(period)
    context["period_args"] = {
        "period_from": period.first.isoformat(),
        "period_to": period.last.isoformat(),
        "by": by,
    }
    if request.args.get("format") == "csv":
        if by == BY_MONTH:
            return _spend_by_month_csv(context["spend"])
        return _spend_csv(context["spend"])
    return render_template("customer_center/reports/spend.html", form=form, by=by, **context)


@bp.get("/reports/orders")
@requires(Right.SEE_REPORTS)
def reports_orders():
    context = _orders_context()
    if request.args.get("format") == "csv":
        return _orders_csv(context["status_counts"])
    return render_template("customer_center/reports/orders.html", **context)


def _spend_csv(report: report_queries.SpendReport) -> Response:
    header = [_("User"), _("E-mail"), _("Active"), _("Monthly budget (net)")]
    header += [first.strftime("%Y-%m") for first in report.months] + [_("Total")]
    rows = [header]
    for line in report.users:
        limit = amount_cell(line.monthly_budget)
        rows.append(
            [
                text_cell(line.user.name),
                text_cell(line.user.email),
                _("yes") if line.user.active else _("no"),
                limit,
            ]
            + [amount_cell(amount) for amount in line.spend]
            + [amount_cell(line.total)]
        )
    rows.append(
        [_("All users"), "", "", amount_cell(report.budget_sum)]
        + [amount_cell(amount) for amount in report.monthly_totals]
        + [amount_cell(report.total)]
    )
    return csv_response(rows, "spend-per-user")


def _spend_by_month_csv(report: report_queries.SpendReport) -> Response:
    rows = [[_("Month"), _("Orders"), _("Net spend"), _("Sum of the monthly budgets")]]
    for first, orders, amount in zip(
        report.months, report.monthly_orders, report.monthly_totals, strict=True
    ):
        rows.append(
            [
                first.strftime("%Y-%m"),
                str(orders),
                amount_cell(amount),
                amount_cell(report.budget_sum),
            ]
        )
    rows.append([_("Total"), str(report.orders), amount_cell(report.total), ""])
    return csv_response(rows, "spend-per-month")


def _orders_csv(counts: list[report_queries.StatusCount]) -> Response:
    rows = [[_("State"), _("Orders"), _("Net value")]]
    rows += [[status_label(c.status), str(c.orders), amount_cell(c.net)] for c in counts]
    return csv_response(rows, "orders-by-state")
