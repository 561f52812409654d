"""Issue #14: the password rule holds wherever a password is set (invitation, registration,
reset links) and says the real rule; a deactivated user's old link sets nothing."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.models import PasswordToken
from shop.models.clock import utcnow
from shop.services.password_hashing import verify_password
from shop.services.password_tokens import issue_token
from tests.factories import make_user

STRONG = "Lila-Kiesel-Turm-7"
LENGTH_RULE = "Use 10 to 128 characters."


def link_for(user, purpose: str) -> str:
    raw = issue_token(user, purpose, utcnow(), timedelta(hours=1))
    db.session.commit()
    return f"/password/set/{raw}"


def colleague(**overrides):
    values = {"name": "Clara Schulz", "email": "clara.schulz@example.com", "password_hash": None}
    values.update(overrides)
    return make_user(**values)


def submit(client, csrf, link: str, password: str):
    return client.post(
        link,
        data={"password": password, "confirm": password, "csrf_token": csrf()},
        headers={"Accept-Language": "en"},
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("aaaaaaaaaa", "too easy to guess"),
        ("abcdefghij1", "too easy to guess"),
        ("1234567890", "most common passwords"),
        ("Password123!", "most common passwords"),
        ("qwertzuiop", "most common passwords"),
        ("Clara-Passwort-1", "your name or e-mail address"),
        ("Schulz2026!x", "your name or e-mail address"),
        ("clara.schulz1", "your name or e-mail address"),
        ("x" * 201, LENGTH_RULE),
        ("Lila-Kiesel-" + "T" * 117, LENGTH_RULE),  # 129 characters
        ("Kiesel-7", LENGTH_RULE),
    ],
)
@pytest.mark.parametrize("purpose", ["invite", "activate", "reset"])
def test_a_weak_password_is_refused_next_to_the_field_and_nothing_changes(
    client, csrf, purpose, password, message
):
    user = colleague()
    link = link_for(user, purpose)

    response = submit(client, csrf, link, password)

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="field-error"' in html and message in html
    db.session.refresh(user)
    assert user.password_hash is None
    assert db.session.scalar(select(PasswordToken.used_at)) is None
    assert client.get("/orders").status_code == 302  # not logged in


def test_the_set_password_page_states_the_whole_rule_in_english_and_german(client):
    link = link_for(colleague(), "invite")

    english = client.get(link, headers={"Accept-Language": "en"}).get_data(as_text=True)
    german = client.get(link, headers={"Accept-Language": "de"}).get_data(as_text=True)

    assert "10 to 128 characters; not a common password" in english
    assert "10 bis 128 Zeichen" in german


def test_a_128_character_passphrase_is_accepted_and_logs_in(client, csrf):
    user = colleague()
    passphrase = ("Lila-Kiesel-Turm-7-" * 7)[:128]

    response = submit(client, csrf, link_for(user, "invite"), passphrase)

    assert response.status_code == 302
    db.session.refresh(user)
    assert verify_password(user.password_hash, passphrase)


def test_a_strong_password_is_set_once_and_the_link_is_used(client, csrf):
    user = colleague()
    link = link_for(user, "reset")

    response = submit(client, csrf, link, STRONG)

    assert response.status_code == 302
    db.session.refresh(user)
    assert verify_password(user.password_hash, STRONG)
    assert client.get(link).status_code == 410


@pytest.mark.parametrize("purpose", ["invite", "activate", "reset"])
def test_a_deactivated_user_cannot_use_an_old_link_and_is_told_plainly(client, csrf, purpose):
    user = colleague()
    link = link_for(user, purpose)
    user.active = False
    db.session.commit()

    opened = client.get(link, headers={"Accept-Language": "en"})
    submitted = submit(client, csrf, link, STRONG)

    assert opened.status_code == 403
    assert "This account has been deactivated" in opened.get_data(as_text=True)
    assert submitted.status_code == 403
    assert "Welcome" not in submitted.get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash is None
    assert client.get("/orders").status_code == 302  # not logged in
