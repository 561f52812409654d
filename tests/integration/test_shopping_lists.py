"""Shopping lists (#15) through the pages: build, share, change, delete, and order into the cart.

A technician builds and shares a list without seeing prices, a buyer of the same company
orders it; lines that cannot go into the cart are named, the others go in; a colleague's
personal list and another company's list are 404s; a shared list is changed only by its
owner and the main contact.
"""

import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import CartLine, ShoppingList, ShoppingListLine
from tests.clients import csrf_of, logged_in, text_of
from tests.factories import make_company, make_product, make_user

EN = {"Accept-Language": "en"}
DE = {"Accept-Language": "de"}
HTMX = {"HX-Request": "true"}


@pytest.fixture
def team(app_context, erp):
    company = make_company(customer_number="10001")
    technician = make_user(
        company, roles=(PredefinedRole.SERVICE_TECHNICIAN,), name="Tom Technician"
    )
    buyer = make_user(company, name="Bea Buyer")
    main = make_user(company, roles=(PredefinedRole.MAIN_CONTACT,), name="Max Main")
    bolt = make_product(sku="LST-BOLT", name_en="List bolt", list_price=Decimal("2.50"))
    nut = make_product(sku="LST-NUT", name_en="List nut", list_price=Decimal("0.40"))
    erp.set_stock({bolt.sku: 100, nut.sku: 100})
    return {"technician": technician, "buyer": buyer, "main": main, "bolt": bolt, "nut": nut}


def post(client, path: str, data: dict | None = None, headers: dict | None = None):
    form = {"csrf_token": csrf_of(client, "/lists"), **(data or {})}
    return client.post(path, data=form, headers={**EN, **(headers or {})})


def new_list(client, name: str, shared: bool = False) -> int:
    response = post(client, "/lists", {"name": name, **({"shared": "y"} if shared else {})})
    assert response.status_code == 302, text_of(response)
    return int(re.search(r"/lists/(\d+)$", response.headers["Location"]).group(1))


def add_product(client, list_id, sku: str, quantity="1", note="", headers=None):
    data = {"list-target": str(list_id), "list-sku": sku, "list-quantity": quantity}
    return post(client, "/lists/add", {**data, "list-note": note}, headers)


def lines_of(list_id: int) -> dict[str, tuple[int, str]]:
    db.session.expire_all()
    found = db.session.get(ShoppingList, list_id)
    return {line.product.sku: (line.quantity, line.note) for line in found.lines}


def cart_quantities(user) -> dict[int, int]:
    from shop.services.cart import find_cart

    db.session.expire_all()
    cart = find_cart(user)
    return {line.product.sku: line.quantity for line in cart.lines} if cart else {}


def test_a_technician_builds_a_list_sees_no_prices_and_shares_it(app, team):
    technician = logged_in(app, team["technician"])

    list_id = new_list(technician, "Service van 3")
    add_product(technician, list_id, "LST-BOLT", "12", "for the pump")
    add_product(technician, list_id, "LST-NUT", "30")
    shared = post(technician, f"/lists/{list_id}/share", {"shared": "1"})
    page = technician.get(f"/lists/{list_id}", headers=EN)

    assert shared.status_code == 302
    assert lines_of(list_id) == {"LST-BOLT": (12, "for the pump"), "LST-NUT": (30, "")}
    html = text_of(page)
    assert "Shared with your company" in html and "for the pump" in html
    assert "€" not in html and "Unit price" not in html
    assert "Add the whole list to the cart" not in html


def test_a_buyer_of_the_company_opens_the_shared_list_and_orders_it(app, team):
    technician = logged_in(app, team["technician"])
    list_id = new_list(technician, "Pump service", shared=True)
    add_product(technician, list_id, "LST-BOLT", "12")
    add_product(technician, list_id, "LST-NUT", "30")
    buyer = logged_in(app, team["buyer"])

    index = buyer.get("/lists", headers=EN)
    page = buyer.get(f"/lists/{list_id}", headers=EN)
    ordered = post(buyer, f"/lists/{list_id}/order", {"scope": "all"})

    assert "Pump service" in text_of(index) and "Tom Technician" in text_of(index)
    assert "€30.00" in text_of(page)  # 12 × 2.50 for the buyer, who sees prices
    assert ordered.status_code == 302 and ordered.headers["Location"] == "/cart"
    assert cart_quantities(team["buyer"]) == {"LST-BOLT": 12, "LST-NUT": 30}
    cart = buyer.get("/cart", headers=EN)
    assert "2 lines are in your cart now." in text_of(cart)


def test_a_buyer_orders_only_the_chosen_lines(app, team):
    buyer = logged_in(app, team["buyer"])
    list_id = new_list(buyer, "Mine")
    add_product(buyer, list_id, "LST-BOLT", "2")
    add_product(buyer, list_id, "LST-NUT", "5")
    nut_line = db.session.scalar(
        select(ShoppingListLine.id).where(ShoppingListLine.product_id == team["nut"].id)
    )

    post(buyer, f"/lists/{list_id}/order", {"scope": "selected", "line": str(nut_line)})

    assert cart_quantities(team["buyer"]) == {"LST-NUT": 5}


def test_ordering_with_no_line_chosen_says_so_and_adds_nothing(app, team):
    buyer = logged_in(app, team["buyer"])
    list_id = new_list(buyer, "Mine")
    add_product(buyer, list_id, "LST-BOLT", "2")

    response = post(buyer, f"/lists/{list_id}/order", {"scope": "selected"})

    assert response.headers["Location"] == f"/lists/{list_id}"
    assert "Choose at least one line." in text_of(buyer.get(f"/lists/{list_id}", headers=EN))
    assert cart_quantities(team["buyer"]) == {}


def test_lines_that_cannot_go_into_the_cart_are_named_and_the_rest_go_in(app, team, erp):
    buyer = logged_in(app, team["buyer"])
    gone = make_product(sku="LST-GONE")
    empty = make_product(sku="LST-EMPTY")
    list_id = new_list(buyer, "Mixed")
    for sku, quantity in [("LST-BOLT", "500"), ("LST-NUT", "3"), ("LST-GONE", "1")]:
        add_product(buyer, list_id, sku, quantity)
    add_product(buyer, list_id, "LST-EMPTY", "1")
    gone.published = False
    db.session.commit()
    erp.set_stock({"LST-BOLT": 100, "LST-NUT": 100, "LST-EMPTY": 0})

    response = post(buyer, f"/lists/{list_id}/order", {"scope": "all"})
    cart = text_of(buyer.get("/cart", headers=EN))

    assert response.headers["Location"] == "/cart"
    assert cart_quantities(team["buyer"]) == {"LST-NUT": 3}
    assert "Only 100 of LST-BOLT are available." in cart
    assert "LST-GONE is no longer available." in cart
    assert f"{empty.sku} is sold out just now." in cart
    assert "1 line is in your cart now." in cart


def test_a_line_that_would_exceed_the_stock_with_what_the_cart_holds_is_refused(app, team, erp):
    buyer = logged_in(app, team["buyer"])
    list_id = new_list(buyer, "Mine")
    add_product(buyer, list_id, "LST-BOLT", "60")
    post(buyer, "/cart/add", {"sku": "LST-BOLT", "quantity": "50"})

    post(buyer, f"/lists/{list_id}/order", {"scope": "all"})

    assert cart_quantities(team["buyer"]) == {"LST-BOLT": 50}
    page = text_of(buyer.get(f"/lists/{list_id}", headers=EN))
    assert "your cart already holds 50" in page
    assert "Nothing was added to the cart." in page


def test_a_technician_cannot_order_a_list(app, team):
    technician = logged_in(app, team["technician"])
    list_id = new_list(technician, "Mine")
    add_product(technician, list_id, "LST-BOLT", "2")

    response = post(technician, f"/lists/{list_id}/order", {"scope": "all"})

    assert response.status_code == 403
    assert db.session.scalar(select(func.count(CartLine.id))) == 0


def test_a_colleagues_personal_list_is_not_found(app, team):
    technician = logged_in(app, team["technician"])
    list_id = new_list(technician, "Private")
    buyer = logged_in(app, team["buyer"])

    answers = [
        buyer.get(f"/lists/{list_id}"),
        post(buyer, f"/lists/{list_id}/order", {"scope": "all"}),
        post(buyer, f"/lists/{list_id}/rename", {"name": "Mine now"}),
        buyer.get(f"/lists/{list_id}/delete"),
    ]

    assert [answer.status_code for answer in answers] == [404] * 4
    assert "Private" not in text_of(buyer.get("/lists", headers=EN))


def test_another_companys_shared_list_is_not_found(app, team):
    stranger = make_user(make_company(), roles=(PredefinedRole.MAIN_CONTACT,))
    technician = logged_in(app, team["technician"])
    list_id = new_list(technician, "Shared", shared=True)
    other = logged_in(app, stranger)

    assert other.get(f"/lists/{list_id}").status_code == 404
    assert post(other, f"/lists/{list_id}/delete").status_code == 404
    assert "Shared" not in text_of(other.get("/lists", headers=EN))


def test_a_colleague_cannot_change_a_shared_list_and_is_told_so(app, team):
    technician = logged_in(app, team["technician"])
    list_id = new_list(technician, "Shared", shared=True)
    add_product(technician, list_id, "LST-BOLT", "2")
    line_id = db.session.scalar(select(ShoppingListLine.id))
    buyer = logged_in(app, team["buyer"])

    told = []
    for path, data in [
        (f"/lists/{list_id}/rename", {"name": "Taken over"}),
        (f"/lists/{list_id}/share", {"shared": "0"}),
        (f"/lists/{list_id}/lines/{line_id}", {"quantity": "9"}),
        (f"/lists/{list_id}/lines/{line_id}/remove", {}),
        (f"/lists/{list_id}/delete", {}),
    ]:
        answer = post(buyer, path, data)
        told.append(
            (answer.status_code, text_of(buyer.get(answer.headers["Location"], headers=EN)))
        )
    added = add_product(buyer, list_id, "LST-NUT", "1")
    page = text_of(buyer.get(f"/lists/{list_id}", headers=EN))

    assert all(status == 302 for status, _ in told)
    refusal = "Only the owner of this list and your main contact can change it."
    assert all(refusal in html for _, html in told)
    assert added.status_code == 422
    db.session.expire_all()
    found = db.session.get(ShoppingList, list_id)
    assert (found.name, found.shared) == ("Shared", True)
    assert lines_of(list_id) == {"LST-BOLT": (2, "")}
    assert "Rename" not in page and 'name="quantity"' not in page


def test_the_main_contact_changes_a_shared_list_of_a_colleague(app, team):
    technician = logged_in(app, team["technician"])
    list_id = new_list(technician, "Shared", shared=True)
    main = logged_in(app, team["main"])

    renamed = post(main, f"/lists/{list_id}/rename", {"name": "Pump kit"})
    added = add_product(main, list_id, "LST-NUT", "4")

    assert renamed.status_code == 302 and added.status_code == 302
    assert db.session.get(ShoppingList, list_id).name == "Pump kit"
    assert lines_of(list_id) == {"LST-NUT": (4, "")}


def test_the_main_contact_does_not_see_a_colleagues_personal_list(app, team):
    technician = logged_in(app, team["technician"])
    list_id = new_list(technician, "Private")
    main = logged_in(app, team["main"])

    assert main.get(f"/lists/{list_id}").status_code == 404


def test_the_owner_changes_a_line_and_removes_it(app, team):
    buyer = logged_in(app, team["buyer"])
    list_id = new_list(buyer, "Mine")
    add_product(buyer, list_id, "LST-BOLT", "2")
    line_id = db.session.scalar(select(ShoppingListLine.id))

    changed = post(buyer, f"/lists/{list_id}/lines/{line_id}", {"quantity": "7", "note": "hall"})
    lines_after_change = lines_of(list_id)
    removed = post(buyer, f"/lists/{list_id}/lines/{line_id}/remove")

    assert changed.status_code == 302 and removed.status_code == 302
    assert lines_after_change == {"LST-BOLT": (7, "hall")}
    assert lines_of(list_id) == {}


def test_adding_a_product_twice_raises_its_quantity(app, team):
    buyer = logged_in(app, team["buyer"])
    list_id = new_list(buyer, "Mine")

    add_product(buyer, list_id, "LST-BOLT", "2", "first")
    add_product(buyer, list_id, "LST-BOLT", "3")

    assert lines_of(list_id) == {"LST-BOLT": (5, "first")}


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("0", "Enter a quantity between 1 and 99999."),
        ("100000", "Enter a quantity between 1 and 99999."),
        ("-3", "The quantity cannot be negative."),
        ("2.5", "Enter a whole number of pieces."),
        ("", "Enter a quantity between 1 and 99999."),
        ("٣", "Enter a whole number of pieces."),
    ],
)
def test_a_bad_quantity_is_refused_next_to_the_field_and_nothing_changes(
    app, team, quantity, message
):
    buyer = logged_in(app, team["buyer"])
    list_id = new_list(buyer, "Mine")
    add_product(buyer, list_id, "LST-BOLT", "2")
    line_id = db.session.scalar(select(ShoppingListLine.id))

    added = add_product(buyer, list_id, "LST-NUT", quantity)
    changed = post(buyer, f"/lists/{list_id}/lines/{line_id}", {"quantity": quantity})

    assert added.status_code == 422 and message in text_of(added)
    assert changed.status_code == 422 and message in text_of(changed)
    assert lines_of(list_id) == {"LST-BOLT": (2, "")}


def test_a_note_longer_than_the_limit_is_refused(app, team):
    buyer = logged_in(app, team["buyer"])
    list_id = new_list(buyer, "Mine")

    response = add_product(buyer, list_id, "LST-BOLT", "1", "x" * 501)

    assert response.status_code == 422
    assert "A note has at most 500 characters." in text_of(response)
    assert lines_of(list_id) == {}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter a name for the list."),
        ("   ", "Enter a name for the list."),
        ("x" * 101, "A name has at most 100 characters."),
        ("Line\nbreak", "must be one line without control characters"),
    ],
)
def test_a_list_needs_a_sensible_name(app, team, name, message):
    buyer = logged_in(app, team["buyer"])

    response = post(buyer, "/lists", {"name": name})

    assert response.status_code == 422
    assert message in text_of(response)
    assert db.session.scalar(select(func.count(ShoppingList.id))) == 0


def test_a_name_is_unique_per_owner_but_colleagues_may_reuse_it(app, team):
    buyer = logged_in(app, team["buyer"])
    new_list(buyer, "Weekly")
    technician = logged_in(app, team["technician"])

    again = post(buyer, "/lists", {"name": "weekly"})
    colleague = post(technician, "/lists", {"name": "Weekly"})

    assert again.status_code == 422
    assert "You already have a list of this name." in text_of(again)
    assert colleague.status_code == 302
    assert db.session.scalar(select(func.count(ShoppingList.id))) == 2


def test_renaming_to_a_name_the_owner_uses_is_refused(app, team):
    buyer = logged_in(app, team["buyer"])
    new_list(buyer, "Weekly")
    list_id = new_list(buyer, "Monthly")

    response = post(buyer, f"/lists/{list_id}/rename", {"name": "Weekly"})

    assert response.status_code == 422
    assert "You already have a list of this name." in text_of(response)
    assert db.session.get(ShoppingList, list_id).name == "Monthly"


def test_a_new_list_is_made_while_adding_a_product(app, team):
    buyer = logged_in(app, team["buyer"])

    response = post(
        buyer,
        "/lists/add",
        {
            "list-target": "new",
            "list-new_name": "Made inline",
            "list-sku": "LST-BOLT",
            "list-quantity": "3",
        },
    )

    found = db.session.scalar(select(ShoppingList))
    assert response.status_code == 302
    assert found.name == "Made inline" and found.owner_id == team["buyer"].id
    assert lines_of(found.id) == {"LST-BOLT": (3, "")}


def test_a_new_list_without_a_name_is_refused(app, team):
    buyer = logged_in(app, team["buyer"])

    response = post(
        buyer, "/lists/add", {"list-target": "new", "list-sku": "LST-BOLT", "list-quantity": "3"}
    )

    assert response.status_code == 422
    assert "Enter a name for the new list." in text_of(response)
    assert db.session.scalar(select(func.count(ShoppingList.id))) == 0


def test_adding_with_htmx_answers_the_form_with_the_message(app, team):
    buyer = logged_in(app, team["buyer"])
    list_id = new_list(buyer, "Mine")

    response = add_product(buyer, list_id, "LST-BOLT", "2", headers=HTMX)
    refused = add_product(buyer, list_id, "LST-BOLT", "0", headers=HTMX)

    assert response.status_code == 200
    assert "<html" not in text_of(response)
    assert "Added to the list “Mine”." in text_of(response)
    assert "HX-Request" in response.headers["Vary"]
    assert refused.status_code == 422 and "<html" not in text_of(refused)
    assert lines_of(list_id) == {"LST-BOLT": (2, "")}


def test_adding_to_a_list_offers_only_lists_the_user_may_change(app, team):
    technician = logged_in(app, team["technician"])
    shared_id = new_list(technician, "Their shared list", shared=True)
    buyer = logged_in(app, team["buyer"])
    new_list(buyer, "My own list")

    page = text_of(buyer.get("/lists/add?sku=LST-BOLT", headers=EN))
    refused = add_product(buyer, shared_id, "LST-BOLT", "1")

    assert "My own list" in page and "Their shared list" not in page
    assert refused.status_code == 422
    assert lines_of(shared_id) == {}


def test_the_add_page_of_an_unknown_product_is_not_found(app, team):
    buyer = logged_in(app, team["buyer"])

    assert buyer.get("/lists/add?sku=NOPE").status_code == 404
    assert buyer.get("/lists/add").status_code == 404


def test_cards_and_the_product_page_offer_add_to_list_to_signed_in_users(app, client, team):
    technician = logged_in(app, team["technician"])

    card_page = text_of(technician.get("/search?q=list", headers=EN))
    product_page = text_of(technician.get("/products/LST-BOLT", headers=EN))
    anonymous = text_of(client.get("/products/LST-BOLT", headers=EN))

    assert 'href="/lists/add?sku=LST-BOLT"' in card_page
    assert 'action="/lists/add"' in product_page
    assert 'action="/lists/add"' not in anonymous and "/lists" not in anonymous


def test_the_cart_is_saved_as_a_new_list_and_onto_an_existing_one(app, team):
    buyer = logged_in(app, team["buyer"])
    post(buyer, "/cart/add", {"sku": "LST-BOLT", "quantity": "4"})
    post(buyer, "/cart/add", {"sku": "LST-NUT", "quantity": "6"})

    saved = post(buyer, "/lists/from-cart", {"list-target": "new", "list-new_name": "From cart"})
    list_id = db.session.scalar(select(ShoppingList.id))
    again = post(buyer, "/lists/from-cart", {"list-target": str(list_id)})

    assert saved.headers["Location"] == f"/lists/{list_id}"
    assert again.status_code == 302
    assert lines_of(list_id) == {"LST-BOLT": (8, ""), "LST-NUT": (12, "")}
    assert "2 lines are on the list “From cart”." in text_of(
        buyer.get(f"/lists/{list_id}", headers=EN)
    )


def test_saving_an_empty_cart_says_so(app, team):
    buyer = logged_in(app, team["buyer"])

    response = post(buyer, "/lists/from-cart", {"list-target": "new", "list-new_name": "X"})

    assert response.headers["Location"] == "/cart"
    assert "Your cart is empty." in text_of(buyer.get("/cart", headers=EN))
    assert db.session.scalar(select(func.count(ShoppingList.id))) == 0


def test_deleting_asks_first_and_then_deletes_the_list_and_its_lines(app, team):
    buyer = logged_in(app, team["buyer"])
    list_id = new_list(buyer, "Old")
    add_product(buyer, list_id, "LST-BOLT", "2")

    confirm = buyer.get(f"/lists/{list_id}/delete", headers=EN)
    still_there = db.session.get(ShoppingList, list_id) is not None
    deleted = post(buyer, f"/lists/{list_id}/delete")

    assert confirm.status_code == 200 and "Delete the list “Old”?" in text_of(confirm)
    assert still_there
    assert deleted.headers["Location"] == "/lists"
    assert db.session.scalar(select(func.count(ShoppingList.id))) == 0
    assert db.session.scalar(select(func.count(ShoppingListLine.id))) == 0


def test_unsharing_hides_the_list_from_colleagues(app, team):
    buyer = logged_in(app, team["buyer"])
    list_id = new_list(buyer, "Team", shared=True)
    technician = logged_in(app, team["technician"])
    seen_while_shared = technician.get(f"/lists/{list_id}").status_code

    post(buyer, f"/lists/{list_id}/share", {"shared": "0"})

    assert seen_while_shared == 200
    assert technician.get(f"/lists/{list_id}").status_code == 404


def test_the_pages_speak_german(app, team):
    technician = logged_in(app, team["technician"])
    list_id = new_list(technician, "Wagen 3")
    add_product(technician, list_id, "LST-BOLT", "2")

    index = text_of(technician.get("/lists", headers=DE))
    page = text_of(technician.get(f"/lists/{list_id}", headers=DE))

    assert "Einkaufslisten" in index
    assert "Menge" in page and "Notiz" in page


def test_an_ordered_list_is_checked_against_the_buyers_budget_as_any_cart(app, team):
    limited = make_user(
        team["buyer"].company, has_own_budget=True, max_order_value=Decimal("10.00")
    )
    technician = logged_in(app, team["technician"])
    list_id = new_list(technician, "Big job", shared=True)
    add_product(technician, list_id, "LST-BOLT", "12")  # 12 × 2.50 = 30.00 net
    buyer = logged_in(app, limited)

    post(buyer, f"/lists/{list_id}/order", {"scope": "all"})
    cart = text_of(buyer.get("/cart", headers=EN))

    assert cart_quantities(limited) == {"LST-BOLT": 12}
    assert "This order exceeds your budget and will be sent for approval." in cart


def test_a_full_list_takes_no_more_lines_but_more_of_a_product_it_holds(app, team, monkeypatch):
    from shop.services import shopping_lists as service

    monkeypatch.setattr(service, "MAX_LINES", 1)
    buyer = logged_in(app, team["buyer"])
    list_id = new_list(buyer, "Small")
    add_product(buyer, list_id, "LST-BOLT", "1")

    refused = add_product(buyer, list_id, "LST-NUT", "1")
    more = add_product(buyer, list_id, "LST-BOLT", "2")

    assert refused.status_code == 422
    assert "A list holds at most" in text_of(refused)
    assert more.status_code == 302
    assert lines_of(list_id) == {"LST-BOLT": (3, "")}
