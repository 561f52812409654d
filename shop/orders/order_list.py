"""The order list (#15): filters, sorting and pages in the query string, and its CSV file.

A plain GET form, so a filtered list can be bookmarked and works without JavaScript; htmx
swaps the form and the list in place. Controllers and main contacts see the company's
orders and who placed them, and may pick an orderer; everyone else sees only what
order_queries lets them see, whatever the query string asks for.
"""

from dataclasses import replace

from flask import current_app, request
from flask_babel import gettext as _

from shop.domain.order_list import DEFAULT_SORT, OrderSort, sort_on_click
from shop.domain.orders import OrderStatus
from shop.orders.forms import OrderFilterForm
from shop.orders.views import ORDER_READERS, bp
from shop.web.authorization import requires
from shop.web.csv_export import amount_cell, csv_response, datetime_cell, text_cell
from shop.web.htmx import page_or_fragment
from shop.web.labels import payment_status_label, status_label
from shop.web.labels.order_list import SORT_COLUMN_LABELS
from shop.web.navigation import page_arg, parse_id
from shop.web.order_list_rows import order_list_lines
from shop.web.order_queries import (
    OrderFilter,
    company_orderers,
    order_rows,
    orders_page,
    sees_company_orders,
    sees_others_orders,
)


def _accepted(field):
    return field.data if field.data and not field.errors else None


def _filters() -> tuple[OrderFilterForm, OrderFilter, dict]:
    """The form as read from the query string, the filters it gives (a field with an error
    is left out) and those filters as url_for arguments (for pages, sorting, the CSV)."""
    form = OrderFilterForm(formdata=request.args)
    company_wide = sees_company_orders()
    if company_wide:
        form.orderer.choices += [(str(user_id), name) for user_id, name in company_orderers()]
    else:
        del form.orderer  # others see their own orders: an orderer in the URL means nothing
    form.validate()
    form.word_labels()
    state, sort = _accepted(form.state), _accepted(form.sort)
    orderer = _accepted(form.orderer) if company_wide else None
    search = _accepted(form.q)
    filters = OrderFilter(
        state=OrderStatus(state) if state else None,
        orderer_id=parse_id(orderer) if orderer else None,
        date_from=_accepted(form.date_from),
        date_to=_accepted(form.date_to),
        search=search.strip() if search else "",
        sort=OrderSort(sort) if sort else DEFAULT_SORT,
    )
    args = {
        key: value
        for key, value in (
            ("q", filters.search),
            ("state", state or ""),
            ("orderer", str(filters.orderer_id) if filters.orderer_id else ""),
            ("date_from", filters.date_from.isoformat() if filters.date_from else ""),
            ("date_to", filters.date_to.isoformat() if filters.date_to else ""),
            ("sort", filters.sort.value if filters.sort != DEFAULT_SORT else ""),
        )
        if value
    }
    return form, filters, args


def _sort_links(filters: OrderFilter, args: dict) -> dict:
    """Per column: (its heading, the url_for arguments a click on it asks for, the current
    direction or None)."""
    links = {}
    for column, label in SORT_COLUMN_LABELS.items():
        target = sort_on_click(column, filters.sort)
        link_args = {**args, "sort": target.value}
        if target == DEFAULT_SORT:
            del link_args["sort"]
        current = None
        if filters.sort.column == column:
            current = "descending" if filters.sort.descending else "ascending"
        links[column.value] = (label, link_args, current)
    return links


@bp.get("/orders")
@requires(any_of=ORDER_READERS)
def index():
    form, filters, filter_args = _filters()
    page = orders_page(filters, page_arg(request.args), current_app.config["PAGE_SIZE"])
    page = replace(page, items=order_list_lines(page.items))
    return page_or_fragment(
        "orders/list.html",
        "orders/_partials/order_list.html",
        invalid=bool(form.errors),
        form=form,
        page=page,
        filter_args=filter_args,
        sort_links=_sort_links(filters, filter_args),
        company_wide=sees_company_orders(),
        show_orderer=sees_others_orders(),
        filtered=bool(set(filter_args) - {"sort"}),
    )


@bp.get("/orders/export.csv")
@requires(any_of=ORDER_READERS)
def export_csv():
    """Exactly the filtered list, every page of it, in the list's order."""
    _form, filters, _args = _filters()
    rows = [
        [
            _("Order number"),
            _("Date"),
            _("Ordered by"),
            _("Your reference"),
            _("Our order number"),
            _("Status"),
            _("Payment"),
            _("Currency"),
            _("Net total"),
        ]
    ]
    for row in order_rows(filters):
        order = row.order
        rows.append(
            [
                text_cell(order.number),
                datetime_cell(order.created_at),
                text_cell(row.orderer),
                text_cell(order.customer_reference),
                text_cell(order.erp_order_number or ""),
                status_label(order.status),
                payment_status_label(row.payment_status),
                order.currency,
                amount_cell(order.total_net),
            ]
        )
    return csv_response(rows, "orders")
