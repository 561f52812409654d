import re

from shop.extensions import db
from tests.factories import PASSWORD, make_user


def test_login_with_the_right_password_and_logout(client, csrf):
    user = make_user()

    login = client.post(
        "/login", data={"email": user.email.upper(), "password": PASSWORD, "csrf_token": csrf()}
    )
    orders = client.get("/orders")
    logout = client.post("/logout", data={"csrf_token": csrf("/")})

    assert login.status_code == 302
    assert orders.status_code == 200
    assert logout.status_code == 302
    assert client.get("/orders").status_code == 302


def test_wrong_password_unknown_address_and_inactive_account_get_the_same_message(client, csrf):
    user = make_user()
    inactive = make_user(active=False)
    message = "E-mail or password is wrong, or the account is inactive."

    attempts = [
        {"email": user.email, "password": "wrong-password"},
        {"email": "nobody@example.com", "password": PASSWORD},
        {"email": inactive.email, "password": PASSWORD},
    ]
    for data in attempts:
        response = client.post(
            "/login", data={**data, "csrf_token": csrf()}, headers={"Accept-Language": "en"}
        )
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)


def test_login_is_rate_limited_per_address(client, csrf):
    user = make_user()

    statuses = [
        client.post(
            "/login", data={"email": user.email, "password": "bad", "csrf_token": csrf()}
        ).status_code
        for _ in range(11)
    ]

    assert statuses[-1] == 429


def test_login_only_redirects_to_local_pages(client, csrf):
    user = make_user()

    response = client.post(
        "/login?next=https://evil.example.com/",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf()},
    )

    assert response.headers["Location"] == "/"


def test_password_reset_mail_link_works_once(client, csrf, mailbox):
    user = make_user(locale="en")

    client.post("/password/forgot", data={"email": user.email, "csrf_token": csrf()})
    mail = mailbox.wait_for(user.email, "new password")
    link = re.search(r"http://localhost(/password/set/\S+)", mail.text).group(1)
    first = client.post(
        link,
        data={"password": "a-New-password-1", "confirm": "a-New-password-1", "csrf_token": csrf()},
    )
    second = client.get(link)

    assert first.status_code == 302
    assert second.status_code == 410
    client.post("/logout", data={"csrf_token": csrf("/")})
    login = client.post(
        "/login",
        data={"email": user.email, "password": "a-New-password-1", "csrf_token": csrf()},
    )
    assert login.status_code == 302


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(
    client, csrf, mailbox
):
    response = client.post(
        "/password/forgot",
        data={"email": "nobody@example.com", "csrf_token": csrf()},
        follow_redirects=True,
        headers={"Accept-Language": "en"},
    )

    assert "If the address belongs to an account" in response.get_data(as_text=True)
    assert mailbox.mails() == []


def test_an_expired_password_link_is_refused(client, csrf, app):
    from datetime import timedelta

    from shop.models.clock import utcnow
    from shop.services.password_tokens import issue_token

    user = make_user()
    raw = issue_token(user, "reset", utcnow() - timedelta(hours=30), timedelta(hours=24))
    db.session.commit()

    assert client.get(f"/password/set/{raw}").status_code == 410


def test_a_password_that_is_too_short_is_refused_next_to_the_field(client, csrf):
    from datetime import timedelta

    from shop.models.clock import utcnow
    from shop.services.password_tokens import issue_token

    user = make_user()
    raw = issue_token(user, "reset", utcnow(), timedelta(hours=1))
    db.session.commit()

    response = client.post(
        f"/password/set/{raw}",
        data={"password": "short", "confirm": "short", "csrf_token": csrf()},
        headers={"Accept-Language": "en"},
    )

    assert "Use 10 to 128 characters." in response.get_data(as_text=True)


def test_passwords_are_stored_as_argon2id_hashes():
    from shop.services.password_hashing import hash_password, verify_password

    stored = hash_password("some-Password-1")

    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "some-Password-1")
    assert not verify_password(stored, "other")
    assert not verify_password(None, "anything")


def test_the_chosen_language_is_remembered_on_the_account(client, csrf, login_as):
    user = make_user(locale="en")
    login_as(user)

    response = client.post(
        "/language", data={"language": "de", "next": "/orders", "csrf_token": csrf("/orders")}
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(user), user.id).locale == "de"
