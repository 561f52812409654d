"""The back office and the shop are apart (§12): accounts, sessions, CSRF, throttling."""

from sqlalchemy import select

from shop.extensions import db
from shop.models import ReviewTicket, StaffMember
from tests.clients import csrf_of, logged_in, staff_logged_in, text_of
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, make_company, make_order, make_staff, make_user


def held_order():
    order = make_order(make_user(make_company(customer_number="10001")), comment="Call me")
    ticket = db.session.scalar(select(ReviewTicket).where(ReviewTicket.order_id == order.id))
    return order, ticket


def test_a_customers_credentials_do_not_open_the_back_office(client, csrf):
    user = make_user()

    response = client.post(
        "/back-office/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf("/back-office/login")},
    )

    assert response.status_code == 422
    assert client.get("/back-office/").status_code == 302


def test_a_staff_members_credentials_do_not_open_the_shop(client, csrf):
    staff = make_staff()

    client.post(
        "/login", data={"email": staff.email, "password": PASSWORD, "csrf_token": csrf("/login")}
    )

    assert client.get("/account").status_code == 302


def test_a_customer_session_cannot_release_a_ticket(app, app_context, erp):
    order, ticket = held_order()
    main = make_user(order.user.company, roles=())
    customer = logged_in(app, main)

    response = customer.post(
        f"/back-office/review/{ticket.id}/release",
        data={"csrf_token": csrf_of(customer, "/account")},
    )

    assert response.status_code == 302 and "/back-office/login" in response.headers["Location"]
    db.session.expire_all()
    assert db.session.get(ReviewTicket, ticket.id).status == "open"


def test_back_office_forms_without_a_csrf_token_change_nothing(app, app_context, erp):
    order, ticket = held_order()
    client = staff_logged_in(app, make_staff())

    release = client.post(f"/back-office/review/{ticket.id}/release", data={})
    cancel = client.post(f"/back-office/review/{ticket.id}/cancel", data={"cancel_note": "x"})
    push = client.post("/back-office/outbox/push", data={})
    logout = client.post("/back-office/logout", data={})

    assert [r.status_code for r in (release, cancel, push, logout)] == [400] * 4
    db.session.expire_all()
    assert db.session.get(ReviewTicket, ticket.id).status == "open"
    assert client.get("/back-office/").status_code == 200


def test_a_deactivated_staff_member_is_logged_out_at_the_next_request(app, app_context):
    staff = make_staff()
    client = staff_logged_in(app, staff)

    db.session.get(StaffMember, staff.id).active = False
    db.session.commit()

    assert client.get("/back-office/").status_code == 302


def test_the_staff_login_is_throttled_after_repeated_failures(app, client):
    staff = make_staff()
    page = client.get("/back-office/login").get_data(as_text=True)
    token = csrf_token_from(page)

    answers = [
        client.post(
            "/back-office/login",
            data={"email": staff.email, "password": f"wrong-{i}", "csrf_token": token},
        ).status_code
        for i in range(11)
    ]

    assert answers[:10] == [422] * 10 and answers[10] == 429


def test_back_office_pages_send_the_security_headers(app, app_context):
    client = staff_logged_in(app, make_staff())

    response = client.get("/back-office/review")

    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Review queue" in text_of(response)
