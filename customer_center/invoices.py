"""The company's invoices (#16): those of the orders the user may see, filtered by invoice
date and state, a page at a time, each with its PDF and its order, and as a CSV file.

The CSV is written as the reports' are (shop/web/csv_export.py), with dates ISO
(YYYY-MM-DD), so Excel opens it with a double-click.
"""

from flask import current_app, request
from flask_babel import gettext as _

from customer_center import bp
from customer_center.forms import InvoiceFilterForm
from shop.domain.invoices import InvoiceState
from shop.domain.rights import Right
from shop.web.authorization import requires
from shop.web.csv_export import amount_cell, csv_response, text_cell
from shop.web.htmx import page_or_fragment
from shop.web.labels import invoice_state_label
from shop.web.navigation import page_arg
from shop.web.order_queries import InvoiceFilter, invoice_rows, invoices_page

INVOICE_READERS = (Right.SEE_OWN_ORDERS, Right.SEE_COMPANY_ORDERS)


def _filters() -> tuple[InvoiceFilterForm, InvoiceFilter, dict]:
    """The filters from the query string; one that does not parse is marked and ignored."""
    form = InvoiceFilterForm(formdata=request.args)
    form.validate()
    filters = InvoiceFilter(
        date_from=form.date_from.data if not form.date_from.errors else None,
        date_to=form.date_to.data if not form.date_to.errors else None,
        state=InvoiceState(form.state.data) if form.state.data and not form.state.errors else None,
    )
    args = {
        key: value
        for key, value in (
            ("date_from", filters.date_from.isoformat() if filters.date_from else ""),
            ("date_to", filters.date_to.isoformat() if filters.date_to else ""),
            ("state", filters.state.value if filters.state else ""),
        )
        if value
    }
    return form, filters, args


@bp.get("/invoices")
@requires(any_of=INVOICE_READERS)
def invoices():
    form, filters, filter_args = _filters()
    page = invoices_page(filters, page_arg(request.args), current_app.config["PAGE_SIZE"])
    return page_or_fragment(
        "customer_center/invoices/index.html",
        "customer_center/invoices/_partials/list.html",
        invalid=bool(form.errors),
        form=form,
        page=page,
        filter_args=filter_args,
    )


@bp.get("/invoices/export.csv")
@requires(any_of=INVOICE_READERS)
def invoices_csv():
    _form, filters, _args = _filters()
    rows = [
        [
            _("Invoice number"),
            _("Order number"),
            _("Invoice date"),
            _("Due date"),
            _("State"),
            _("Currency"),
            _("Net"),
            _("VAT"),
            _("Amount incl. VAT"),
        ]
    ]
    for invoice in invoice_rows(filters):
        rows.append(
            [
                text_cell(invoice.number),
                invoice.order_number,
                invoice.invoice_date.isoformat(),
                invoice.due_date.isoformat() if invoice.due_date else "",
                invoice_state_label(invoice.state),
                invoice.currency,
                *(
                    amount_cell(amount)
                    for amount in (invoice.net_amount, invoice.vat_amount, invoice.gross_amount)
                ),
            ]
        )
    return csv_response(rows, "invoices")
