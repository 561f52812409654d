"""The operator back office (§12): staff login, rights, audit, and what customers cannot do."""

from sqlalchemy import select

from shop.extensions import db
from shop.models import StaffAuditEntry, StaffMember, StaffSession
from tests.clients import csrf_of, logged_in, staff_logged_in, text_of
from tests.factories import PASSWORD, make_staff, make_user


def test_staff_log_in_see_the_back_office_and_log_out(app, app_context):
    staff = make_staff(name="Olga Operator")
    client = staff_logged_in(app, staff)

    page = client.get("/back-office/")
    logout = client.post(
        "/back-office/logout", data={"csrf_token": csrf_of(client, "/back-office/")}
    )
    after = client.get("/back-office/")

    assert page.status_code == 200 and "Olga Operator" in text_of(page)
    assert logout.status_code == 302
    assert after.status_code == 302 and "/back-office/login" in after.headers["Location"]
    actions = db.session.scalars(select(StaffAuditEntry.action).order_by(StaffAuditEntry.id))
    assert list(actions) == ["login", "logout"]


def test_a_wrong_password_is_refused_with_one_message_and_no_session(app, client, csrf):
    staff = make_staff()

    response = client.post(
        "/back-office/login",
        data={
            "email": staff.email,
            "password": "wrong-Password-1",
            "csrf_token": csrf("/back-office/login"),
        },
    )

    assert response.status_code == 422
    assert "E-mail or password is wrong" in text_of(response)
    assert db.session.scalar(select(StaffSession)) is None


def test_an_inactive_staff_member_cannot_log_in(app, client, csrf):
    staff = make_staff(active=False)

    response = client.post(
        "/back-office/login",
        data={"email": staff.email, "password": PASSWORD, "csrf_token": csrf("/back-office/login")},
    )

    assert response.status_code == 422


def test_a_logged_out_session_cookie_opens_nothing_any_more(app, app_context):
    client = staff_logged_in(app, make_staff())
    cookie = client.get_cookie("session").value
    client.post("/back-office/logout", data={"csrf_token": csrf_of(client, "/back-office/")})

    client.set_cookie("session", cookie)
    response = client.get("/back-office/")

    assert response.status_code == 302 and "/back-office/login" in response.headers["Location"]


def test_each_page_needs_its_right(app, app_context):
    outbox_only = staff_logged_in(app, make_staff(rights=("outbox",)))

    assert outbox_only.get("/back-office/outbox").status_code == 200
    assert outbox_only.get("/back-office/review").status_code == 403
    assert outbox_only.get("/back-office/approvals/stuck").status_code == 403
    assert outbox_only.get("/back-office/audit").status_code == 200


def test_the_audit_trail_page_shows_who_did_what(app, app_context):
    client = staff_logged_in(app, make_staff(name="Olga Operator"))

    page = text_of(client.get("/back-office/audit"))

    assert "Olga Operator" in page and "Logged in" in page


def test_a_customer_session_is_sent_to_the_staff_login(app, app_context):
    customer = logged_in(app, make_user())

    response = customer.get("/back-office/review")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/back-office/login")


def test_a_staff_session_is_anonymous_on_customer_pages(app, app_context):
    staff = make_staff()
    client = staff_logged_in(app, staff)

    account = client.get("/account")
    home = text_of(client.get("/"))

    assert account.status_code == 302 and "/login" in account.headers["Location"]
    assert staff.name not in home and 'href="/login"' in home


def test_a_staff_login_ends_the_customer_login_of_that_browser(app, app_context):
    client = logged_in(app, make_user())
    staff = make_staff()
    page = client.get("/back-office/login").get_data(as_text=True)
    from tests.conftest import csrf_token_from

    client.post(
        "/back-office/login",
        data={"email": staff.email, "password": PASSWORD, "csrf_token": csrf_token_from(page)},
    )

    assert client.get("/account").status_code == 302


def test_the_staff_create_command_makes_a_staff_member_and_no_customer_user(app, app_context):
    runner = app.test_cli_runner()

    result = runner.invoke(
        args=[
            "staff",
            "create",
            "olga@shop.example.com",
            "--name",
            "Olga Operator",
            "--rights",
            "review,outbox",
            "--password-stdin",
        ],
        input="long-Random-Words-7\n",
    )

    assert result.exit_code == 0, result.output
    staff = db.session.scalar(select(StaffMember))
    assert staff.email == "olga@shop.example.com" and staff.rights_list == ["outbox", "review"]


def test_the_staff_create_command_refuses_an_unknown_right_and_a_weak_password(app, app_context):
    runner = app.test_cli_runner()
    base = ["staff", "create", "olga@shop.example.com", "--name", "Olga", "--password-stdin"]

    unknown = runner.invoke(args=[*base, "--rights", "admin"], input="long-Random-Words-7\n")
    weak = runner.invoke(args=[*base, "--rights", "review"], input="password\n")

    assert unknown.exit_code != 0 and "admin" in unknown.output
    assert weak.exit_code != 0
    assert db.session.scalar(select(StaffMember)) is None


def test_the_back_office_has_no_shop_price_line_and_the_shop_keeps_it(app, app_context, client):
    staff = staff_logged_in(app, make_staff())

    back_office = {
        language: text_of(staff.get(path, headers={"Accept-Language": language}))
        for language in ("en", "de")
        for path in ("/back-office/login", "/back-office/")
    }
    shop_en = text_of(client.get("/catalog", headers={"Accept-Language": "en"}))
    shop_de = text_of(client.get("/catalog", headers={"Accept-Language": "de"}))

    assert not any("net prices" in page or "Nettopreise" in page for page in back_office.values())
    assert "All prices are net prices plus VAT." in shop_en
    assert "Alle Preise sind Nettopreise zzgl. MwSt." in shop_de
