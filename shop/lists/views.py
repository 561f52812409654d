"""Shopping lists (#15): the user's and the company's shared lists, their lines, and ordering.

Every signed-in user may keep lists (a service technician too: they see no prices in them);
putting a list into the cart needs the right to order. Another company's list, or a
colleague's personal one, is a 404; a shared list the user may not change answers with a
message on the list's page.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from shop.domain.money import Money
from shop.domain.rights import Right
from shop.domain.stock import UNKNOWN, Availability
from shop.extensions import db
from shop.lists.forms import (
    AddToListForm,
    LineForm,
    ListNameForm,
    ListTargetForm,
    NewListForm,
    ShareForm,
)
from shop.models import Product, ShoppingList, ShoppingListLine
from shop.services import shopping_lists as lists
from shop.services.prices import prices_for
from shop.services.shopping_lists import ListError, ListNotChangeable, ListNotFound, ListProblem
from shop.services.stock import stock_for
from shop.web.authorization import may_see_prices, requires
from shop.web.forms import ShopForm
from shop.web.htmx import fragment_or_redirect, page_or_fragment
from shop.web.labels.shopping_lists import line_problem_label, list_problem_label
from shop.web.navigation import parse_id, safe_next_url

bp = Blueprint("lists", __name__)


@dataclass(frozen=True)
class LineView:
    line: ShoppingListLine
    product: Product
    availability: Availability
    unit_price: Money | None  # None: the user sees no prices, or the product is gone
    net: Money | None


def _list_or_404(list_id: int) -> ShoppingList:
    try:
        return lists.find_list(current_user, list_id)
    except ListNotFound:
        abort(404)


def _changeable_lists() -> list[lists.ListChoice]:
    """The lists the user may add to, read once per request (the product page, the cart)."""
    if "changeable_lists" not in g:
        g.changeable_lists = lists.changeable_lists(current_user)
    return g.changeable_lists


@bp.app_template_global()
def add_to_list_form(sku: str) -> AddToListForm:
    """The "Add to list" form of a product, for the product page."""
    return AddToListForm(lists=_changeable_lists(), formdata=None, sku=sku)


@bp.app_template_global()
def list_target_form() -> ListTargetForm:
    """The "Save the cart as a list" form, for the cart page."""
    return ListTargetForm(lists=_changeable_lists(), formdata=None)


def _line_views(shopping_list: ShoppingList) -> list[LineView]:
    """The lines with stock, and with prices for those who may see them (§2: a technician not)."""
    products = [line.product for line in shopping_list.lines if line.product.published]
    quotes = prices_for(products, current_user.company) if may_see_prices() else {}
    stock = stock_for(products)
    views = []
    for line in shopping_list.lines:
        quote = quotes.get(line.product_id) if line.product.published else None
        unit = quote.price if quote else None
        net = unit.times(line.quantity).rounded() if unit else None
        views.append(LineView(line, line.product, stock.get(line.product.sku, UNKNOWN), unit, net))
    return views


def _list_page(shopping_list: ShoppingList, status: int = 200, **forms):
    changeable = lists.may_change_list(current_user, shopping_list)
    context = {
        "shopping_list": shopping_list,
        "lines": _line_views(shopping_list),
        "changeable": changeable,
        "rename_form": forms.get("rename_form") or ListNameForm(formdata=None, obj=shopping_list),
        "line_errors": forms.get("line_errors", {}),
    }
    return render_template("lists/list.html", **context), status


def _to_list(list_id: int):
    return redirect(url_for("lists.show", list_id=list_id))


def _not_yours() -> str:
    return _("Only the owner of this list and your main contact can change it.")


def _not_changeable(list_id: int):
    flash(_not_yours(), "error")
    return _to_list(list_id)


@bp.get("/lists")
@requires()
def index():
    return _index_page(NewListForm(formdata=None))


def _index_page(form: NewListForm, status: int = 200):
    summaries = lists.list_summaries(current_user)
    return render_template("lists/index.html", summaries=summaries, form=form), status


@bp.post("/lists")
@requires()
def create():
    form = NewListForm()
    if form.validate_on_submit():
        try:
            list_id = lists.create_list(current_user, form.name.data, form.shared.data)
        except ListError as refused:
            form.name.errors.append(list_problem_label(refused.reason))
        else:
            flash(_("The list is created."), "success")
            return _to_list(list_id)
    return _index_page(form, 422)


@bp.get("/lists/<int:list_id>")
@requires()
def show(list_id: int):
    return _list_page(_list_or_404(list_id))


@bp.post("/lists/<int:list_id>/rename")
@requires()
def rename(list_id: int):
    shopping_list = _list_or_404(list_id)
    form = ListNameForm()
    if form.validate_on_submit():
        try:
            lists.rename_list(current_user, list_id, form.name.data)
        except ListNotChangeable:
            return _not_changeable(list_id)
        except ListError as refused:
            form.name.errors.append(list_problem_label(refused.reason))
        else:
            flash(_("The list is renamed."), "success")
            return _to_list(list_id)
    return _list_page(shopping_list, 422, rename_form=form)


@bp.post("/lists/<int:list_id>/share")
@requires()
def share(list_id: int):
    _list_or_404(list_id)
    form = ShareForm()
    if not form.validate_on_submit():
        flash(_("This change could not be made. Please try again."), "error")
        return _to_list(list_id)
    try:
        lists.share_list(current_user, list_id, form.wants_shared)
    except ListNotChangeable:
        return _not_changeable(list_id)
    if form.wants_shared:
        flash(_("The list is shared with your company."), "success")
    else:
        flash(_("Only you see the list now."), "success")
    return _to_list(list_id)


@bp.route("/lists/<int:list_id>/delete", methods=["GET", "POST"])
@requires()
def delete(list_id: int):
    """Asks first (a page of its own, so it works without JavaScript), then deletes."""
    shopping_list = _list_or_404(list_id)
    if not lists.may_change_list(current_user, shopping_list):
        return _not_changeable(list_id)
    form = ShopForm()
    if request.method == "GET" or not form.validate_on_submit():
        return render_template("lists/delete.html", shopping_list=shopping_list, form=form)
    try:
        lists.delete_list(current_user, list_id)
    except ListNotChangeable:
        return _not_changeable(list_id)
    flash(_("The list “%(name)s” is deleted.", name=shopping_list.name), "success")
    return redirect(url_for("lists.index"))


@bp.post("/lists/<int:list_id>/lines/<int:line_id>")
@requires()
def update_line(list_id: int, line_id: int):
    shopping_list = _list_or_404(list_id)
    form = LineForm()
    if form.validate_on_submit():
        try:
            lists.update_line(
                current_user, list_id, line_id, form.quantity.data, form.note.data or ""
            )
        except ListNotChangeable:
            return _not_changeable(list_id)
        except ListError as refused:
            flash(list_problem_label(refused.reason), "error")
        else:
            flash(_("The line is saved."), "success")
        return _to_list(list_id)
    errors = [error for errors in form.errors.values() for error in errors]
    return _list_page(shopping_list, 422, line_errors={line_id: errors})


@bp.post("/lists/<int:list_id>/lines/<int:line_id>/remove")
@requires()
def remove_line(list_id: int, line_id: int):
    _list_or_404(list_id)
    if not ShopForm().validate_on_submit():
        abort(400)
    try:
        lists.remove_line(current_user, list_id, line_id)
    except ListNotChangeable:
        return _not_changeable(list_id)
    except ListError as refused:
        flash(list_problem_label(refused.reason), "error")
    else:
        flash(_("The line is removed from the list."), "success")
    return _to_list(list_id)


@bp.post("/lists/<int:list_id>/order")
@requires(Right.PLACE_ORDERS)
def order(list_id: int):
    """Put the whole list, or the chosen lines, into the cart; report each line that can't go."""
    _list_or_404(list_id)
    if not ShopForm().validate_on_submit():
        abort(400)
    if request.form.get("scope") == "all":
        chosen = None
    else:
        chosen = {line_id for line_id in map(parse_id, request.form.getlist("line")) if line_id}
    try:
        outcome = lists.order_lines(current_user, list_id, chosen)
    except ListError as refused:
        flash(list_problem_label(refused.reason), "error")
        return _to_list(list_id)
    for refused_line in outcome.refused:
        flash(line_problem_label(refused_line), "error")
    if not outcome.added:
        flash(_("Nothing was added to the cart."), "warning")
        return _to_list(list_id)
    added = len(outcome.added)
    message = ngettext(
        "%(num)s line is in your cart now.", "%(num)s lines are in your cart now.", added
    )
    flash(message, "success")
    return redirect(url_for("cart.show"))


def _product_or_404(sku: str | None) -> Product:
    product = db.session.scalar(
        db.select(Product).where(Product.sku == (sku or "")[:40], Product.published)
    )
    if product is None:
        abort(404)
    return product


def _back(default: str) -> str:
    return safe_next_url(request.form.get("next") or request.args.get("next"), default)


@bp.route("/lists/add", methods=["GET", "POST"])
@requires()
def add():
    """Add a product to a list: the page (from a card), or the product page's form (htmx)."""
    if request.method == "GET":
        product = _product_or_404(request.args.get("sku"))
        form = AddToListForm(lists=_changeable_lists(), formdata=None, sku=product.sku)
        back = safe_next_url(request.referrer and _path_of(request.referrer), "")
        return render_template("lists/add.html", product=product, list_form=form, back=back)
    form = AddToListForm(lists=_changeable_lists())
    if form.validate_on_submit():
        try:
            shopping_list = lists.add_product(
                current_user,
                form.list_target,
                form.sku.data,
                form.quantity.data,
                form.note.data or "",
            )
        except ListNotChangeable:
            form.target.errors.append(_not_yours())
        except ListError as refused:
            if refused.reason is ListProblem.UNKNOWN_PRODUCT:
                abort(404)
            field = form.new_name if refused.reason is ListProblem.NAME_TAKEN else form.quantity
            field.errors.append(list_problem_label(refused.reason))
        else:
            g.pop("changeable_lists", None)
            fresh = AddToListForm(
                lists=_changeable_lists(),
                formdata=None,
                sku=form.sku.data,
                target=str(shopping_list.id),
            )
            return fragment_or_redirect(
                _back(url_for("lists.show", list_id=shopping_list.id)),
                "lists/_partials/add_form.html",
                message=_("Added to the list “%(name)s”.", name=shopping_list.name),
                list_form=fresh,
                added_to=shopping_list,
                back="",
            )
    product = _product_or_404(form.sku.data)
    return page_or_fragment(
        "lists/add.html",
        "lists/_partials/add_form.html",
        invalid=True,
        product=product,
        list_form=form,
        added_to=None,
        back=_back(""),
    )


def _path_of(url: str) -> str:
    """The path and query of a URL on this site (the page a card was on), else ""."""
    parts = urlsplit(url)
    if parts.netloc != request.host:
        return ""
    return parts.path + (f"?{parts.query}" if parts.query else "")


@bp.post("/lists/from-cart")
@requires(Right.PLACE_ORDERS)
def save_cart():
    """Put the cart's lines on a list (a new one, or one the user may change)."""
    form = ListTargetForm(lists=_changeable_lists())
    if form.validate_on_submit():
        try:
            shopping_list, count = lists.save_cart(current_user, form.list_target)
        except ListNotChangeable:
            flash(_not_yours(), "error")
        except ListError as refused:
            flash(list_problem_label(refused.reason), "error")
        else:
            message = ngettext(
                "%(num)s line is on the list “%(name)s”.",
                "%(num)s lines are on the list “%(name)s”.",
                count,
                name=shopping_list.name,
            )
            flash(message, "success")
            return _to_list(shopping_list.id)
    for errors in form.errors.values():
        for error in errors:
            flash(error, "error")
    return redirect(url_for("cart.show"))
