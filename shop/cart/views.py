"""Cart page, htmx updates with a live total, and quick order (typed, pasted or a file)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from shop.cart.forms import (
    MAX_TYPED_CHARACTERS,
    QUICK_ORDER_EXAMPLE,
    AddToCartForm,
    QuickOrderForm,
    UpdateLineForm,
)
from shop.domain.quick_order import MAX_LINES, left_over, lines_as_text
from shop.domain.quick_order_files import MAX_FILE_BYTES, FileProblem
from shop.domain.rights import Right
from shop.domain.stock import InsufficientStock
from shop.services import cart as carts
from shop.services import quick_order as quick_orders
from shop.services.cart import CartError, ForeignCartLine
from shop.web.authorization import can, requires
from shop.web.budget_preview import budget_context
from shop.web.htmx import fragment_or_redirect
from shop.web.labels.problems import file_problem_label, quick_order_problem_label
from shop.web.stock import shortage_message

bp = Blueprint("cart", __name__)

# The file, the box's text and the form's other fields, with room for multipart headers.
QUICK_ORDER_MAX_BODY = MAX_FILE_BYTES + 4 * MAX_TYPED_CHARACTERS + 64_000

STOCK_UNCONFIRMED = _l(
    "We could not check the stock with our system just now. It is checked again at checkout."
)


def _cart_page(status: int = 200):
    cart = carts.view_cart(current_user)
    return render_template("cart/cart.html", cart=cart, **budget_context(cart)), status


def _lines() -> dict:
    cart = carts.view_cart(current_user)
    return {"cart": cart, **budget_context(cart)}


def _lines_answer(invalid: bool):
    """The cart's lines for htmx (with this request's messages), else the cart page (PRG)."""
    return fragment_or_redirect(
        url_for("cart.show"), "cart/_partials/lines.html", invalid=invalid, fragment_context=_lines
    )


@bp.get("/cart")
@requires(Right.PLACE_ORDERS)
def show():
    return _cart_page()


@bp.post("/cart/add")
@requires(Right.PLACE_ORDERS)
def add():
    form = AddToCartForm()
    if form.validate_on_submit():
        try:
            carts.add_to_cart(current_user, form.sku.data, form.quantity.data)
        except CartError:
            form.quantity.errors.append(_("This quantity cannot be added."))
        except InsufficientStock as short:
            form.quantity.errors.extend(shortage_message(s) for s in short.shortages)
    if form.errors:
        # Without htmx the form sits on a catalogue or product page: back there, with why.
        return fragment_or_redirect(
            request.referrer or url_for("catalog.home"),
            "cart/_partials/added.html",
            message=[error for errors in form.errors.values() for error in errors],
            category="error",
            invalid=True,
            form=form,
            ok=False,
        )
    return fragment_or_redirect(
        url_for("cart.show"),
        "cart/_partials/added.html",
        message=_("Added to the cart."),
        form=form,
        ok=True,
        fragment_context=lambda: {"cart_quantity": carts.cart_quantity(current_user)},
    )


def _not_someone_elses(line_id: int) -> None:
    """Another user's (or company's) cart line is a 404, before anything else is looked at."""
    try:
        carts.own_line(current_user, line_id)
    except ForeignCartLine:
        abort(404)
    except CartError:
        pass  # gone already: the action reports it


@bp.post("/cart/lines/<int:line_id>")
@requires(Right.PLACE_ORDERS)
def update(line_id: int):
    _not_someone_elses(line_id)
    form = UpdateLineForm()
    invalid = True
    if form.validate_on_submit():
        try:
            carts.update_line(current_user, line_id, form.quantity.data)
        except CartError:
            invalid = False  # gone already: the lines as they are now, with the note
            flash(_("This line is no longer in your cart."), "error")
        except InsufficientStock as short:
            for shortage in short.shortages:
                flash(shortage_message(shortage), "error")
        else:
            invalid = False
    else:
        flash(_("Enter a quantity between 0 and 99999."), "error")
    return _lines_answer(invalid)


@bp.post("/cart/lines/<int:line_id>/remove")
@requires(Right.PLACE_ORDERS)
def remove(line_id: int):
    _not_someone_elses(line_id)
    try:
        carts.remove_line(current_user, line_id)
    except CartError:
        # Gone already (another tab removed it): the lines as they are now, with the note.
        flash(_("This line is no longer in your cart."), "error")
    return _lines_answer(invalid=False)


@bp.url_value_preprocessor
def _limit_the_quick_order_body(endpoint: str | None, _values: dict | None) -> None:
    # Runs before every before_request, CSRF's included, which reads the body: an upload
    # larger than the file limit is refused unread instead of being spooled to disk.
    if endpoint == "cart.quick_order":
        request.max_content_length = QUICK_ORDER_MAX_BODY


@bp.errorhandler(RequestEntityTooLarge)
def _quick_order_too_large(error: RequestEntityTooLarge):
    if request.endpoint != "cart.quick_order" or not can(Right.PLACE_ORDERS.value):
        return error
    form = QuickOrderForm(formdata=None)
    form.file.errors = [file_problem_label(FileProblem.TOO_LARGE)]
    return _quick_order_page(form, error.code)


def _quick_order_page(form: QuickOrderForm, status: int):
    return render_template(
        "cart/quick_order.html",
        form=form,
        example=QUICK_ORDER_EXAMPLE,
        max_lines=MAX_LINES,
        max_megabytes=MAX_FILE_BYTES // 1_000_000,
    ), status


@bp.route("/quick-order", methods=["GET", "POST"])
@requires(Right.PLACE_ORDERS)
def quick_order():
    form = QuickOrderForm()
    if not form.validate_on_submit():
        return _quick_order_page(form, 422 if form.errors else 200)
    if form.from_file or request.form.get("action") == "check":
        # A file is never added unseen: its lines are shown first (#15).
        check = quick_orders.check_quick_order(current_user, form.reading)
        confirm = QuickOrderForm(formdata=None, lines=lines_as_text(line for line in check.fine))
        return render_template(
            "cart/quick_order_preview.html",
            check=check,
            confirm=confirm,
            quick_order_problem_label=quick_order_problem_label,
        )
    result = quick_orders.add_quick_order(current_user, form.reading)
    if result.added:
        flash(_("%(n)s lines added to the cart.", n=len(result.added)), "success")
    if result.stock_unconfirmed:
        flash(str(STOCK_UNCONFIRMED), "warning")
    if not result.errors:
        return redirect(url_for("cart.show"))
    text, errors = left_over(form.lines.data, result.errors, result.failed_lines)
    form.lines.data = text
    form.lines.errors.extend(quick_order_problem_label(error) for error in errors)
    if not result.added:
        return _quick_order_page(form, 422)
    # Some lines were added: not a refusal (a 4xx changes nothing), but the rest needs fixing.
    flash(_("The lines below were not added. Correct them and add them again."), "error")
    return _quick_order_page(form, 200)
