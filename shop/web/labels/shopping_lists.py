"""Shopping lists (#15), worded: why a change to a list was refused, why a line did not go
into the cart."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from shop.domain.quick_order import MAX_QUANTITY
from shop.domain.shopping_lists import MAX_LINES, LineProblem
from shop.services.shopping_lists import LineOutcome, ListProblem
from shop.web.stock import shortage_message

LIST_PROBLEM_LABELS = {
    ListProblem.NAME_TAKEN: _l("You already have a list of this name. Please choose another."),
    ListProblem.UNKNOWN_PRODUCT: _l("This product is not available."),
    ListProblem.QUANTITY: _l("Enter a quantity between 1 and %(max)s.", max=MAX_QUANTITY),
    ListProblem.FULL: _l("A list holds at most %(max)s lines.", max=MAX_LINES),
    ListProblem.LINE_GONE: _l("This line is no longer on the list."),
    ListProblem.NOTHING_CHOSEN: _l("Choose at least one line."),
    ListProblem.EMPTY_CART: _l("Your cart is empty."),
}


def list_problem_label(problem: ListProblem) -> str:
    return str(LIST_PROBLEM_LABELS[problem])


def line_problem_label(outcome: LineOutcome) -> str:
    """Why one list line did not go into the cart, naming the product."""
    sku = outcome.line.product.sku
    problem = outcome.verdict.problem
    if problem is LineProblem.STOCK:
        return shortage_message(outcome.verdict.shortage)
    if problem is LineProblem.SOLD_OUT:
        return _("%(sku)s is sold out just now.", sku=sku)
    if problem is LineProblem.QUANTITY:
        return _(
            "%(sku)s: the cart can hold at most %(max)s pieces of a product.",
            sku=sku,
            max=MAX_QUANTITY,
        )
    return _("%(sku)s is no longer available.", sku=sku)
