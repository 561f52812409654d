"""Deactivating a user and withdrawing an order ask first (#15): a confirm page without
JavaScript (GET, then POST), a confirm step with it (hx-confirm); the main contact's own row
offers no "Deactivate"; the htmx answer says what the redirect's message says."""

import re

from sqlalchemy import select

from shop.domain.orders import OrderStatus
from shop.extensions import db
from shop.models import User
from tests.clients import form_of, logged_in, text_of
from tests.conftest import csrf_token_from
from tests.factories import (
    make_company,
    make_main_contact,
    make_user,
    order_by_number,
    order_over_budget,
    team,
)

USERS = "/customer-center/users"
EN = {"Accept-Language": "en"}
HTMX = {"HX-Request": "true", **EN}


def fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def row_of(html: str, user: User) -> str:
    return html[html.index(f'<tr id="user-{user.id}"') :].split("</tr>")[0]


# -- deactivating a user -----------------------------------------------------------------------


def test_the_list_asks_before_deactivating_with_and_without_javascript(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    clara = make_user(company, name="Clara Schulz")

    row = row_of(client.get(USERS, headers=EN).get_data(as_text=True), clara)

    # Without JavaScript the button opens the confirm page (GET changes nothing) …
    assert re.search(rf'<form method="get"[^>]*action="{USERS}/{clara.id}/deactivate"', row)
    # … with it, htmx asks in a dialog and posts the deactivation itself.
    assert f'hx-post="{USERS}/{clara.id}/active"' in row
    assert 'hx-confirm="Deactivate Clara Schulz?' in row
    assert fresh(clara).active is True


def test_the_confirm_page_deactivates_only_when_confirmed(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    clara = make_user(company, name="Clara Schulz")

    page = client.get(f"{USERS}/{clara.id}/deactivate?next={USERS}%3Fq%3Dcla", headers=EN)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Deactivate Clara Schulz?" in html
    assert fresh(clara).active is True
    done = client.post(
        f"{USERS}/{clara.id}/active",
        data={"active": "0", "next": f"{USERS}?q=cla", "csrf_token": csrf_token_from(html)},
        headers=EN,
    )

    assert done.status_code == 302 and done.headers["Location"] == f"{USERS}?q=cla"
    assert fresh(clara).active is False
    listed = client.get(done.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Clara Schulz is deactivated and logged out." in listed


def test_with_javascript_deactivation_shows_the_same_message_as_without(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    clara = make_user(company, name="Clara Schulz")
    token = csrf_token_from(client.get(USERS).get_data(as_text=True))

    response = client.post(
        f"{USERS}/{clara.id}/active",
        data={"active": "0", "next": USERS, "csrf_token": token},
        headers=HTMX,
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.lstrip().startswith(f'<tr id="user-{clara.id}"')
    assert re.search(r'role="status"[^>]*>\s*Clara Schulz is deactivated and logged out.', html)
    assert fresh(clara).active is False


def test_the_main_contacts_own_row_and_page_offer_no_deactivate(client, login_as):
    company = make_company()
    boss = login_as(make_main_contact(company, name="Anna Main"))
    make_main_contact(company, name="Bert Main")

    own_row = row_of(client.get(USERS, headers=EN).get_data(as_text=True), boss)
    own_page = client.get(f"{USERS}/{boss.id}", headers=EN).get_data(as_text=True)

    assert "Deactivate" not in own_row
    assert "Deactivate" not in own_page.split('id="user-history"')[0]


def test_nobody_deactivates_themselves_even_with_another_main_contact(client, login_as):
    company = make_company()
    boss = login_as(make_main_contact(company, name="Anna Main"))
    make_main_contact(company, name="Bert Main")
    token = csrf_token_from(client.get(USERS).get_data(as_text=True))

    response = client.post(
        f"{USERS}/{boss.id}/active", data={"active": "0", "csrf_token": token}, headers=HTMX
    )
    confirm = client.get(f"{USERS}/{boss.id}/deactivate", headers=EN)

    assert response.status_code == 422
    assert "You cannot deactivate your own account." in response.get_data(as_text=True)
    assert fresh(boss).active is True
    assert confirm.status_code == 302
    assert client.get(USERS, headers=EN).status_code == 200  # still logged in


def test_the_confirm_page_of_an_inactive_user_leads_back_to_the_user(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    gone = make_user(company, active=False)

    response = client.get(f"{USERS}/{gone.id}/deactivate", headers=EN)

    assert response.status_code == 302
    assert response.headers["Location"] == f"{USERS}/{gone.id}"


def test_another_companys_user_has_no_confirm_page(client, login_as):
    login_as(make_main_contact(make_company()))
    stranger = make_user(make_company())

    assert client.get(f"{USERS}/{stranger.id}/deactivate").status_code == 404


def test_the_confirm_page_does_not_send_back_to_another_site(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    clara = make_user(company)

    html = client.get(
        f"{USERS}/{clara.id}/deactivate?next=https://evil.example.com/", headers=EN
    ).get_data(as_text=True)

    assert re.findall(r'name="next" value="([^"]*)"', html.split("<main")[1]) == [USERS]


# -- withdrawing an order ----------------------------------------------------------------------


def test_withdrawing_asks_first_on_a_page_of_its_own(app, app_context):
    _company, _main, _clara, anna = team()
    order = order_over_budget(anna)
    orderer = logged_in(app, anna)

    detail = text_of(orderer.get(f"/orders/{order.number}", headers=EN))
    confirm = orderer.get(f"/orders/{order.number}/withdraw", headers=EN)

    assert f'href="/orders/{order.number}/withdraw"' in detail
    assert f'method="post" action="/orders/{order.number}/withdraw"' not in detail
    assert confirm.status_code == 200
    assert f"Withdraw order {order.number}?" in text_of(confirm)
    assert order_by_number(order.number).status == OrderStatus.AWAITING_APPROVAL.value


def test_the_confirmed_withdrawal_keeps_its_comment(app, app_context):
    _company, _main, _clara, anna = team()
    order = order_over_budget(anna)
    orderer = logged_in(app, anna)
    _html, fields = form_of(orderer, f"/orders/{order.number}/withdraw")

    response = orderer.post(
        f"/orders/{order.number}/withdraw",
        data={**fields, "comment": "Bought it elsewhere."},
        headers=EN,
    )

    assert response.status_code == 302
    assert order_by_number(order.number).status == OrderStatus.WITHDRAWN.value
    page = text_of(orderer.get(f"/orders/{order.number}", headers=EN))
    assert "Your order was withdrawn." in page and "Bought it elsewhere." in page


def test_an_order_that_cannot_be_withdrawn_has_no_confirm_page(app, app_context):
    company = make_company()
    buyer = make_user(company)
    order = order_over_budget(buyer)  # no budget: placed at once
    client = logged_in(app, buyer)

    response = client.get(f"/orders/{order.number}/withdraw", headers=EN)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/orders/{order.number}"
    page = text_of(client.get(response.headers["Location"], headers=EN))
    assert "This order can no longer be withdrawn." in page
    assert order_by_number(order.number).status != OrderStatus.WITHDRAWN.value


def test_another_companys_order_has_no_withdraw_page(app, app_context):
    _company, _main, _clara, anna = team()
    order = order_over_budget(anna)
    stranger = logged_in(app, make_main_contact(make_company()))

    assert stranger.get(f"/orders/{order.number}/withdraw").status_code == 404
    assert db.session.scalar(select(User.id).where(User.id == anna.id)) == anna.id
