"""Invitations of new users (#15): valid 72 hours by default (configurable), re-sent from the
user's row or page with a new link that replaces the old one, at most a few times an hour;
a deactivated user's old link is refused, also after they are activated again."""

import re
from datetime import timedelta

from sqlalchemy import select

from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import PasswordToken, User
from shop.models.clock import utcnow
from shop.services.customer_center.roles import ensure_predefined_roles
from tests.conftest import csrf_token_from
from tests.factories import make_company, make_main_contact, make_user
from tests.waiting import wait_until

USERS = "/customer-center/users"
EN = {"Accept-Language": "en"}
LINK = re.compile(r"http://localhost(/password/set/\S+)")


def post(client, path: str, data: dict, page: str = USERS):
    token = csrf_token_from(client.get(page, headers=EN).get_data(as_text=True))
    return client.post(path, data={**data, "csrf_token": token}, headers=EN)


def invite(client, company, email: str = "clara@example.com") -> User:
    buyer = ensure_predefined_roles(company)[PredefinedRole.BUYER].id
    response = post(
        client,
        f"{USERS}/new",
        {"name": "Clara Schulz", "email": email, "role_ids": [buyer]},
        page=f"{USERS}/new",
    )
    assert response.status_code == 302
    return db.session.scalar(select(User).where(User.email == email))


def links_to(mailbox, email: str, count: int) -> list[str]:
    """The links of the first `count` invitation mails to the address, once they arrived."""
    mails = wait_until(
        lambda: len(sent := [m for m in mailbox.mails() if m.to == email]) >= count and sent
    )
    return [LINK.search(m.text).group(1) for m in mails]


def test_an_invitation_is_valid_for_72_hours_and_the_mail_says_so(client, login_as, mailbox):
    company = make_company()
    login_as(make_main_contact(company))
    before = utcnow()

    clara = invite(client, company)

    token = db.session.scalar(select(PasswordToken).where(PasswordToken.user_id == clara.id))
    valid_for = token.expires_at - before
    assert timedelta(hours=72) <= valid_for < timedelta(hours=72, minutes=5)
    mail = mailbox.wait_for("clara@example.com", "Your account")
    assert "within 72 hours" in mail.text


def test_the_invitations_validity_is_configurable(app, client, login_as, mailbox, monkeypatch):
    monkeypatch.setitem(app.config, "INVITATION_HOURS", 5)
    company = make_company()
    login_as(make_main_contact(company))
    before = utcnow()

    clara = invite(client, company)

    token = db.session.scalar(select(PasswordToken).where(PasswordToken.user_id == clara.id))
    assert timedelta(hours=5) <= token.expires_at - before < timedelta(hours=5, minutes=5)
    assert "within 5 hours" in mailbox.wait_for("clara@example.com", "Your account").text


def test_an_expired_invitation_link_is_refused(app, client, login_as, mailbox):
    company = make_company()
    login_as(make_main_contact(company))
    clara = invite(client, company)
    link = LINK.search(mailbox.wait_for(clara.email, "Your account").text).group(1)
    for token in db.session.scalars(select(PasswordToken)):
        token.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    assert app.test_client().get(link).status_code == 410


def test_a_resent_invitation_has_a_new_link_and_the_old_one_stops_working(
    app, client, login_as, mailbox
):
    company = make_company()
    login_as(make_main_contact(company))
    clara = invite(client, company)
    old_link = LINK.search(mailbox.wait_for(clara.email, "Your account").text).group(1)

    response = post(client, f"{USERS}/{clara.id}/invite", {"next": USERS})

    assert response.status_code == 302 and response.headers["Location"] == USERS
    listed = client.get(USERS, headers=EN).get_data(as_text=True)
    assert "A new invitation is on its way to clara@example.com." in listed
    links = links_to(mailbox, clara.email, 2)
    assert len(set(links)) == 2 and links[0] == old_link
    new_link = next(link for link in links if link != old_link)
    visitor = app.test_client()
    assert visitor.get(old_link).status_code == 410
    assert visitor.get(new_link).status_code == 200


def test_the_row_of_an_invited_user_offers_to_resend(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    invited = make_user(company, name="Ida Invited", password_hash=None)
    active = make_user(company, name="Anton Active")

    html = client.get(USERS, headers=EN).get_data(as_text=True)

    row = html[html.index(f'<tr id="user-{invited.id}"') :].split("</tr>")[0]
    other = html[html.index(f'<tr id="user-{active.id}"') :].split("</tr>")[0]
    assert f'action="{USERS}/{invited.id}/invite"' in row and "Resend invitation" in row
    assert "/invite" not in other


def test_resending_is_limited_to_three_invitations_an_hour(client, login_as, mailbox):
    company = make_company()
    login_as(make_main_contact(company))
    clara = invite(client, company)

    answers = [post(client, f"{USERS}/{clara.id}/invite", {"next": USERS}) for _ in range(3)]

    listed = client.get(USERS, headers=EN).get_data(as_text=True)
    assert [a.status_code for a in answers] == [302, 302, 302]
    assert "was invited several times within the last hour" in listed
    assert "A new invitation can be sent in 60 minutes." in listed
    tokens = db.session.scalars(
        select(PasswordToken).where(PasswordToken.user_id == clara.id)
    ).all()
    assert len(tokens) == 3  # the first one and two resent
    assert len([t for t in tokens if t.used_at is None]) == 1


def test_a_user_with_a_password_gets_no_new_invitation(client, login_as, mailbox):
    company = make_company()
    login_as(make_main_contact(company))
    active = make_user(company, name="Anton Active")

    response = post(client, f"{USERS}/{active.id}/invite", {})

    assert response.status_code == 302
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Anton Active has set a password already." in page
    assert db.session.scalar(select(PasswordToken.id)) is None


def test_a_deactivated_users_invitation_link_is_refused(app, client, login_as, mailbox):
    company = make_company()
    login_as(make_main_contact(company))
    clara = invite(client, company)
    link = LINK.search(mailbox.wait_for(clara.email, "Your account").text).group(1)

    post(client, f"{USERS}/{clara.id}/active", {"active": "0"})

    assert app.test_client().get(link).status_code in (403, 410)


def test_an_old_invitation_link_stays_refused_after_the_user_is_activated_again(
    app, client, login_as, mailbox
):
    company = make_company()
    login_as(make_main_contact(company))
    clara = invite(client, company)
    link = LINK.search(mailbox.wait_for(clara.email, "Your account").text).group(1)
    post(client, f"{USERS}/{clara.id}/active", {"active": "0"})

    post(client, f"{USERS}/{clara.id}/active", {"active": "1"})

    listed = client.get(USERS, headers=EN).get_data(as_text=True)
    assert "Clara Schulz is active again. Their earlier invitation link no longer works" in listed
    visitor = app.test_client()
    page = visitor.get(link)
    assert page.status_code == 410
    token = csrf_token_from(visitor.get("/login").get_data(as_text=True))
    refused = visitor.post(
        link,
        data={
            "password": "Lila-Kiesel-Turm-7",
            "confirm": "Lila-Kiesel-Turm-7",
            "csrf_token": token,
        },
    )
    assert refused.status_code == 410
    db.session.expire_all()
    assert db.session.get(User, clara.id).password_hash is None


def test_a_deactivated_user_is_not_invited_again(client, login_as, mailbox):
    company = make_company()
    login_as(make_main_contact(company))
    gone = make_user(company, name="Gina Gone", password_hash=None, active=False)

    response = post(client, f"{USERS}/{gone.id}/invite", {})

    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Gina Gone is deactivated: activate them first." in page
    assert db.session.scalar(select(PasswordToken.id)) is None


def test_another_companys_user_cannot_be_invited(client, login_as):
    login_as(make_main_contact(make_company()))
    stranger = make_user(make_company(), password_hash=None)

    response = post(client, f"{USERS}/{stranger.id}/invite", {})

    assert response.status_code == 404
    assert db.session.scalar(select(PasswordToken.id)) is None
