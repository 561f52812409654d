"""Issue #14: sessions live in the database and end for real — at logout, on a password
change, on deactivation and with "log out everywhere" — whichever web process serves them."""

import re

import pytest

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import UserSession
from tests.conftest import FreshContextClient, csrf_token_from
from tests.factories import PASSWORD, make_company, make_user

NEW_PASSWORD = "Kestrel-Lantern-Quarry-71"
EN = {"Accept-Language": "en"}

pytestmark = pytest.mark.usefixtures("app_context")


def browser(app, user=None, user_agent: str = "Werkzeug test") -> FreshContextClient:
    """Another browser with its own cookie jar, logged in as `user` when given."""
    app.test_client_class = FreshContextClient
    other = app.test_client()
    other.environ_base["HTTP_USER_AGENT"] = user_agent
    if user is not None:
        response = post(other, "/login", {"email": user.email, "password": PASSWORD}, "/login")
        assert response.status_code == 302, response.get_data(as_text=True)
    return other


def post(client, path: str, data: dict, page: str = "/account"):
    token = csrf_token_from(client.get(page, headers=EN).get_data(as_text=True))
    return client.post(path, data={**data, "csrf_token": token}, headers=EN)


def is_logged_in(client) -> bool:
    response = client.get("/orders")
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]
        return False
    assert response.status_code == 200
    return True


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def test_a_session_cookie_replayed_after_logout_is_refused(app):
    user = make_user()
    client = browser(app, user)
    stolen = session_cookie(client)

    logout = post(client, "/logout", {}, "/")
    client.set_cookie("session", stolen)

    assert logout.status_code == 302
    assert not is_logged_in(client)


def test_logout_ends_only_this_browsers_session(app):
    user = make_user()
    office = browser(app, user)
    laptop = browser(app, user)

    post(office, "/logout", {}, "/")

    assert not is_logged_in(office)
    assert is_logged_in(laptop)


def test_each_login_is_recorded_with_its_browser(app):
    user = make_user()
    office = browser(app, user, user_agent="Mozilla/5.0 (Office PC) Firefox/140.0")
    browser(app, user, user_agent="Mozilla/5.0 (Laptop) Chrome/150.0")

    page = office.get("/account", headers=EN).get_data(as_text=True)

    assert "Mozilla/5.0 (Office PC) Firefox/140.0" in page
    assert "Mozilla/5.0 (Laptop) Chrome/150.0" in page
    assert "This browser" in page
    db.session.expire_all()
    assert db.session.query(UserSession).filter_by(user_id=user.id).count() == 2


def test_changing_the_password_on_the_account_page_ends_every_other_session(app):
    user = make_user()
    office = browser(app, user)
    laptop = browser(app, user)
    old_office_cookie = session_cookie(office)

    response = post(
        office,
        "/account/password",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert not is_logged_in(laptop)
    assert is_logged_in(office)  # this browser goes on with a new session
    replayed = browser(app)
    replayed.set_cookie("session", old_office_cookie)
    assert not is_logged_in(replayed)
    relogin = post(
        browser(app), "/login", {"email": user.email, "password": NEW_PASSWORD}, "/login"
    )
    assert relogin.status_code == 302


def test_a_wrong_current_password_changes_nothing(app):
    user = make_user()
    office = browser(app, user)
    laptop = browser(app, user)

    response = post(
        office,
        "/account/password",
        {
            "current_password": "not-my-Password-1",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )

    assert response.status_code == 422
    assert "The current password is wrong." in response.get_data(as_text=True)
    assert is_logged_in(laptop)
    relogin = post(browser(app), "/login", {"email": user.email, "password": PASSWORD}, "/login")
    assert relogin.status_code == 302


@pytest.mark.parametrize("weak", ["aaaaaaaaaa", "password123", "x" * 201])
def test_a_new_password_on_the_account_page_follows_the_password_rule(app, weak):
    user = make_user()
    office = browser(app, user)
    laptop = browser(app, user)

    response = post(
        office,
        "/account/password",
        {"current_password": PASSWORD, "password": weak, "confirm": weak},
    )

    assert response.status_code == 422
    assert "characters" in response.get_data(as_text=True)
    assert is_logged_in(laptop)
    relogin = post(browser(app), "/login", {"email": user.email, "password": PASSWORD}, "/login")
    assert relogin.status_code == 302


def test_guessing_the_current_password_is_throttled(app):
    user = make_user()
    left_open = browser(app, user)
    wrong = {"current_password": "guess-Password-1", "password": NEW_PASSWORD}

    statuses = [
        post(left_open, "/account/password", {**wrong, "confirm": NEW_PASSWORD}).status_code
        for _ in range(6)
    ]

    assert statuses == [422] * 5 + [429]
    assert "Retry-After" in post(left_open, "/account/password", wrong).headers


def test_setting_a_password_through_a_mailed_link_ends_every_session(app, mailbox):
    user = make_user(locale="en")
    laptop = browser(app, user)
    other = browser(app)

    post(other, "/password/forgot", {"email": user.email}, "/password/forgot")
    link = re.search(
        r"http://localhost(/password/set/\S+)", mailbox.wait_for(user.email, "new password").text
    ).group(1)
    response = post(other, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, link)

    assert response.status_code == 302
    assert not is_logged_in(laptop)
    assert is_logged_in(other)


def test_log_out_everywhere_ends_every_session_of_the_user(app):
    user = make_user()
    office = browser(app, user)
    laptop = browser(app, user)
    colleague = browser(app, make_user(user.company))

    response = post(office, "/account/sessions/end-all", {})

    assert response.status_code == 302
    assert not is_logged_in(office)
    assert not is_logged_in(laptop)
    assert is_logged_in(colleague)


def test_one_other_session_can_be_ended_from_the_account_page(app):
    user = make_user()
    office = browser(app, user)
    laptop = browser(app, user, user_agent="Laptop browser")
    laptop_session = db.session.query(UserSession).filter_by(user_agent="Laptop browser").one()

    response = post(office, f"/account/sessions/{laptop_session.id}/end", {})

    assert response.status_code == 302
    assert not is_logged_in(laptop)
    assert is_logged_in(office)


def test_another_users_session_cannot_be_ended(app):
    stranger = make_user()
    stranger_browser = browser(app, stranger, user_agent="Stranger browser")
    office = browser(app, make_user())
    theirs = db.session.query(UserSession).filter_by(user_agent="Stranger browser").one()

    response = post(office, f"/account/sessions/{theirs.id}/end", {})

    assert response.status_code == 404
    assert is_logged_in(stranger_browser)


def test_deactivation_ends_the_users_sessions_for_good(app):
    company = make_company()
    main = browser(app, make_user(company, roles=(PredefinedRole.MAIN_CONTACT,)))
    colleague = make_user(company)
    laptop = browser(app, colleague)
    old_cookie = session_cookie(laptop)
    users = "/customer-center/users"

    post(main, f"{users}/{colleague.id}/active", {"active": "0"}, users)
    assert not is_logged_in(laptop)
    post(main, f"{users}/{colleague.id}/active", {"active": "1"}, users)

    laptop.set_cookie("session", old_cookie)
    assert not is_logged_in(laptop)
