"""Shopping list pages on a phone (#15): at 390 px no page scrolls sideways; the list's table
scrolls inside its own box (its visually hidden labels once widened the page to 774 px)."""

import pytest

from shop.domain.rights import PredefinedRole
from shop.services import shopping_lists as lists
from shop.services.shopping_lists import ListTarget
from tests.factories import PASSWORD, make_company, make_product, make_user

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 800}


@pytest.mark.parametrize("role", [PredefinedRole.BUYER, PredefinedRole.SERVICE_TECHNICIAN])
def test_no_shopping_list_page_is_wider_than_a_phone(browser, live_server, app_context, erp, role):
    user = make_user(make_company(), roles=(role,), name="Bea Buyer With A Long Name")
    product = make_product(name_en="A rather long product name for a circulation pump kit")
    found = lists.add_product(
        user, ListTarget(new_name="Pump service for hall 2"), product.sku, 3, "a longer note"
    )
    context = browser.new_context(base_url=live_server, viewport=PHONE)
    page = context.new_page()
    page.goto("/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit] >> text=Log in")
    page.wait_for_url(lambda url: "/login" not in url)
    widths = {}

    for path in [
        "/lists",
        f"/lists/{found.id}",
        f"/lists/add?sku={product.sku}",
        f"/lists/{found.id}/delete",
        f"/products/{product.sku}",
    ]:
        page.goto(path)
        widths[path] = page.evaluate("document.documentElement.scrollWidth")

    context.close()
    assert widths == dict.fromkeys(widths, PHONE["width"])
