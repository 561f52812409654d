"""What the site header shows, gathered in one value: its macro's only argument and the key
of its kept markup (#10; shop.web.kept_markup)."""

from dataclasses import dataclass

from flask import request
from flask_login import current_user

from shop.domain.rights import Right
from shop.web import authorization


@dataclass(frozen=True)
class HeaderView:
    """Everything of the header but its fixed words and links (and the form token)."""

    language: str
    script_root: str
    signed_in: bool
    may_order: bool
    sees_orders: bool
    decides_approvals: bool
    user_name: str
    company_name: str
    cart_quantity: int
    search_text: str  # the search field's words on a search page
    here: str  # where the language form returns to


def header_view(language: str) -> HeaderView:
    """The header of the current request's page, in `language`."""
    from shop.services.cart import cart_quantity

    signed_in = current_user.is_authenticated
    rights = authorization.viewer_rights() or frozenset()
    may_order = signed_in and Right.PLACE_ORDERS in rights
    return HeaderView(
        language=language,
        script_root=request.script_root,
        signed_in=signed_in,
        may_order=may_order,
        sees_orders=Right.SEE_OWN_ORDERS in rights or Right.SEE_COMPANY_ORDERS in rights,
        decides_approvals=Right.DECIDE_APPROVALS in rights,
        user_name=current_user.name if signed_in else "",
        company_name=current_user.company.name if signed_in else "",
        cart_quantity=cart_quantity(current_user) if may_order else 0,
        search_text=request.args.get("q", "") if request.endpoint == "catalog.search" else "",
        here=request.full_path if request.query_string else request.path,
    )
