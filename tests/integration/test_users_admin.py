"""The main contact's user management (§4): list, live filter, activate / deactivate, create
with invitation, edit with e-mail confirmation, ERP import; with and without htmx."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from shop.domain.outbox import OutboxKind
from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import AuditEntry, OutboxEntry, PasswordToken, Role, User
from shop.models.clock import utcnow
from shop.services.password_tokens import TokenPurpose
from tests.clients import logged_in
from tests.conftest import csrf_token_from
from tests.erp_simulator import ODD_CUSTOMER_NUMBER
from tests.factories import PASSWORD, make_company, make_main_contact, make_product, make_user

USERS = "/customer-center/users"
HTMX = {"HX-Request": "true"}
EN = {"Accept-Language": "en"}


def token(client, path: str = USERS) -> str:
    return csrf_token_from(client.get(path, headers=EN).get_data(as_text=True))


def post(client, path: str, data: dict, htmx: bool = False, page: str = USERS):
    headers = {**EN, **(HTMX if htmx else {})}
    return client.post(path, data={**data, "csrf_token": token(client, page)}, headers=headers)


def fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def role_id(company, kind: PredefinedRole) -> int:
    from shop.services.customer_center.roles import ensure_predefined_roles

    return ensure_predefined_roles(company)[kind].id


def contact_entries(user_id: int) -> list[dict]:
    db.session.expire_all()
    return [
        entry.payload
        for entry in db.session.scalars(
            select(OutboxEntry)
            .where(
                OutboxEntry.kind == OutboxKind.UPSERT_CONTACT.value,
                OutboxEntry.key == f"contact:{user_id}",
            )
            .order_by(OutboxEntry.id)
        )
    ]


def row_count(html: str) -> int:
    return len(re.findall(r'<tr id="user-\d+"', html))


# -- list and filter ---------------------------------------------------------------------------


def test_the_list_shows_roles_budget_month_spend_and_status(client, login_as):
    company = make_company(default_monthly_budget=Decimal("2500.00"))
    boss = login_as(make_main_contact(company, name="Anna Main"))
    buyer = make_user(
        company, name="Ben Buyer", roles=(PredefinedRole.BUYER, PredefinedRole.APPROVER)
    )
    make_user(
        company,
        name="Olga Own",
        has_own_budget=True,
        monthly_budget=Decimal("900.00"),
        max_order_value=Decimal("300.00"),
    )
    make_user(company, name="Ida Invited", password_hash=None)
    make_user(company, name="Dora Deactivated", active=False)
    from tests.factories import make_order

    make_order(buyer, lines=[(make_product(list_price=Decimal("10.00")), 3)])

    html = client.get(USERS, headers=EN).get_data(as_text=True)

    assert row_count(html) == 5
    ben = html[html.index(f'id="user-{buyer.id}"') :].split("</tr>")[0]
    assert "Buyer, Approver" in ben
    assert "Monthly: €2,500.00" in ben and "Company default" in ben
    assert "€30.00" in ben and "Active" in ben
    olga = html[html.index("Olga Own") :].split("</tr>")[0]
    assert "Monthly: €900.00" in olga and "Per order: €300.00" in olga
    assert "Company default" not in olga
    assert "Invited" in html[html.index("Ida Invited") :].split("</tr>")[0]
    assert "Inactive" in html[html.index("Dora Deactivated") :].split("</tr>")[0]
    assert boss.name in html


def test_the_list_is_paginated_by_25_users(client, login_as):
    company = make_company()
    login_as(make_main_contact(company, name="Aaron Main"))
    for number in range(30):
        make_user(company, name=f"Person {number:02d}")

    first = client.get(USERS).get_data(as_text=True)
    second = client.get(f"{USERS}?page=2").get_data(as_text=True)

    assert row_count(first) == 25 and row_count(second) == 6
    assert "31 users" in first
    assert 'href="/customer-center/users?page=2"' in first
    assert "Person 29" in second and "Person 29" not in first


def test_the_live_filter_answers_htmx_with_the_list_partial_and_others_with_the_page(
    client, login_as
):
    company = make_company()
    login_as(make_main_contact(company, name="Main Person"))
    make_user(company, name="Clara Schulz", email="clara@example.com")
    make_user(company, name="David Wagner", email="david@example.com")

    partial = client.get(f"{USERS}?q=clar", headers=HTMX)
    page = client.get(f"{USERS}?q=clar")

    partial_html = partial.get_data(as_text=True)
    assert partial_html.lstrip().startswith('<div id="user-list"')
    assert "<html" not in partial_html
    assert "Clara Schulz" in partial_html and "David Wagner" not in partial_html
    assert "HX-Request" in partial.headers["Vary"]
    page_html = page.get_data(as_text=True)
    assert "<html" in page_html and 'value="clar"' in page_html
    assert 'hx-trigger="input changed delay:300ms, search"' in page_html
    assert "Clara Schulz" in page_html and "David Wagner" not in page_html


def test_a_history_restore_from_htmx_gets_the_whole_page(client, login_as):
    login_as(make_main_contact())

    response = client.get(USERS, headers={**HTMX, "HX-History-Restore-Request": "true"})

    assert "<html" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=EXAMPLE.org", {"Eva Email"}),
        ("status=invited", {"Ida Invited"}),
        ("status=inactive", {"Dora Deactivated"}),
        ("q=%25", set()),
        ("q=_", set()),
    ],
)
def test_the_list_filters_by_text_and_status(client, login_as, query, expected):
    company = make_company()
    login_as(make_main_contact(company, name="Main Person", email="main@example.com"))
    make_user(company, name="Eva Email", email="eva@example.org")
    make_user(company, name="Ida Invited", email="ida@example.com", password_hash=None)
    make_user(company, name="Dora Deactivated", email="dora@example.com", active=False)

    html = client.get(f"{USERS}?{query}", headers=HTMX).get_data(as_text=True)

    shown = {
        name
        for name in ("Eva Email", "Ida Invited", "Dora Deactivated", "Main Person")
        if name in html
    }
    assert shown == expected


def test_the_list_filters_by_role(client, login_as):
    company = make_company()
    login_as(make_main_contact(company, name="Main Person"))
    make_user(company, name="Tom Technician", roles=(PredefinedRole.SERVICE_TECHNICIAN,))
    make_user(company, name="Bea Buyer")

    html = client.get(
        f"{USERS}?role={role_id(company, PredefinedRole.SERVICE_TECHNICIAN)}&status=active"
    ).get_data(as_text=True)

    assert "Tom Technician" in html and "Bea Buyer" not in html
    assert "Main Person</a>" not in html


@pytest.mark.parametrize(
    "query", ["", "?q=eva", "?status=invited", "?status=nonsense", "?q=a&status=active&role=1"]
)
def test_the_list_builds_its_statements_once_per_combination_of_filters(
    client, login_as, monkeypatch, query
):
    from shop.services.customer_center import users as users_service

    company = make_company()
    login_as(make_main_contact(company, name="Main Person"))
    make_user(company, name="Eva Email", email="eva@example.org")
    client.get(f"{USERS}{query}")
    built = []
    conditions = users_service._user_conditions

    def counted(*args):
        built.append(args)
        return conditions(*args)

    monkeypatch.setattr(users_service, "_user_conditions", counted)

    html = client.get(f"{USERS}{query}").get_data(as_text=True)

    # The filters' conditions, and the statements around them, were built per request (#10).
    assert built == []
    assert ("Eva Email" in html) == (query in ("", "?q=eva", "?status=nonsense"))


# -- activate / deactivate ---------------------------------------------------------------------


def test_deactivating_with_htmx_returns_the_row_and_ends_the_users_live_session(
    app, client, login_as
):
    company = make_company()
    login_as(make_main_contact(company))
    colleague = make_user(company, name="Ben Becker")
    browser = logged_in(app, colleague)
    assert browser.get("/cart").status_code == 200

    response = post(client, f"{USERS}/{colleague.id}/active", {"active": "0"}, htmx=True)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="user-{colleague.id}"')
    assert "Inactive" in html and ">Activate<" in html
    assert fresh(colleague).active is False
    next_click = browser.get("/cart")
    assert next_click.status_code == 302 and "/login" in next_click.headers["Location"]
    again = browser.post(
        "/login",
        data={
            "email": colleague.email,
            "password": PASSWORD,
            "csrf_token": token(browser, "/login"),
        },
    )
    assert again.status_code == 200  # a deactivated user cannot log in


def test_deactivating_without_javascript_redirects_back_to_the_filtered_list(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    colleague = make_user(company, name="Ben Becker")

    response = post(
        client,
        f"{USERS}/{colleague.id}/active",
        {"active": "0", "next": "/customer-center/users?q=ben&page=1"},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/customer-center/users?q=ben&page=1"
    assert fresh(colleague).active is False
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Ben Becker is deactivated and logged out." in page


def test_a_deactivated_user_is_activated_again(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    colleague = make_user(company, active=False)

    response = post(client, f"{USERS}/{colleague.id}/active", {"active": "1"}, htmx=True)

    assert "Deactivate" in response.get_data(as_text=True)
    assert fresh(colleague).active is True


def test_a_redirect_target_outside_the_site_is_ignored(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    colleague = make_user(company)

    response = post(
        client, f"{USERS}/{colleague.id}/active", {"active": "0", "next": "//evil.example.com/"}
    )

    assert response.headers["Location"] == "/customer-center/users"


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_the_last_active_main_contact_cannot_be_deactivated(client, login_as, htmx):
    company = make_company()
    # Nobody deactivates themselves (test_confirmations.py): here a user manager does it.
    managers = Role(company_id=company.id, name="User managers", custom_rights=["manage_users"])
    db.session.add(managers)
    db.session.commit()
    login_as(make_user(company, roles=(managers,)))
    boss = make_main_contact(company)
    make_user(company, roles=(PredefinedRole.MAIN_CONTACT,), active=False)

    response = post(client, f"{USERS}/{boss.id}/active", {"active": "0"}, htmx=htmx)

    message = "last active main contact and cannot be deactivated"
    if htmx:
        assert message in response.get_data(as_text=True)
    else:
        assert response.status_code == 302
        assert message in client.get(USERS, headers=EN).get_data(as_text=True)
    assert fresh(boss).active is True
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 0


def test_a_main_contact_can_be_deactivated_while_another_one_is_active(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    other = make_main_contact(company)

    post(client, f"{USERS}/{other.id}/active", {"active": "0"})

    assert fresh(other).active is False


# -- create and invite -------------------------------------------------------------------------


def test_a_new_user_is_invited_sets_a_password_and_logs_in(app, client, login_as, mailbox, erp):
    company = make_company()
    boss = login_as(make_main_contact(company))
    buyer_role = role_id(company, PredefinedRole.BUYER)
    approver_role = role_id(company, PredefinedRole.APPROVER)

    response = post(
        client,
        f"{USERS}/new",
        {
            "name": "Clara Schulz",
            "email": "Clara.Schulz@Example.com",
            "role_ids": [buyer_role, approver_role],
        },
        page=f"{USERS}/new",
    )

    assert response.status_code == 302 and response.headers["Location"] == USERS
    user = db.session.scalar(select(User).where(User.email == "clara.schulz@example.com"))
    assert user.name == "Clara Schulz" and user.password_hash is None
    assert {r.predefined for r in user.roles} == {"buyer", "approver"}
    assert user.locale == "en" and user.has_own_budget is False
    assert contact_entries(user.id) == [
        {
            "customer_number": company.customer_number,
            "contact_id": None,
            "user_id": user.id,
            "name": "Clara Schulz",
            "email": "clara.schulz@example.com",
            "phone": "",
        }
    ]
    fields = set(
        db.session.scalars(select(AuditEntry.field).where(AuditEntry.target_id == str(user.id)))
    )
    assert fields == {"created", "roles"}
    assert db.session.scalar(select(AuditEntry.actor_id).limit(1)) == boss.id
    mail = mailbox.wait_for("clara.schulz@example.com", "Your account")
    assert company.name in mail.subject
    link = re.search(r"http://localhost(/password/set/\S+)", mail.text).group(1)
    invited = app.test_client()
    page = invited.get(link)
    assert page.status_code == 200
    done = invited.post(
        link,
        data={
            "password": "Lila-Kiesel-Turm-7",
            "confirm": "Lila-Kiesel-Turm-7",
            "csrf_token": csrf_token_from(page.get_data(as_text=True)),
        },
    )
    assert done.status_code == 302
    assert invited.get("/cart").status_code == 200
    assert invited.get(link).status_code == 410  # single use
    assert "Active" in client.get(USERS, headers=EN).get_data(as_text=True)


def test_the_create_page_says_the_company_default_budget_applies(client, login_as):
    company = make_company(default_max_order_value=Decimal("750.00"))
    login_as(make_main_contact(company))

    html = client.get(f"{USERS}/new", headers=EN).get_data(as_text=True)

    assert "Per order: €750.00" in html and "Company default" in html
    buyer = role_id(company, PredefinedRole.BUYER)
    assert re.search(rf'checked[^>]*value="{buyer}"|value="{buyer}"[^>]*checked', html)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "email": "x@example.com"}, "name", "Enter the name."),
        ({"name": "X", "email": "not-an-address"}, "email", "This is not an e-mail address."),
        ({"name": "X", "email": "taken@example.com"}, "email", "already a user of your company"),
        ({"name": "X", "email": "x@example.com", "role_ids": []}, "role_ids", "at least one role"),
        ({"name": "X", "email": "x@example.com", "role_ids": [999999]}, "role_ids", "valid choice"),
    ],
    ids=["no-name", "bad-email", "email-taken", "no-role", "foreign-role"],
)
def test_invalid_new_users_are_refused_next_to_the_field_and_nothing_is_created(
    client, login_as, mailbox, data, field, message
):
    company = make_company()
    login_as(make_main_contact(company))
    make_user(company, email="taken@example.com")
    before = db.session.scalar(select(func.count(User.id)))
    data = {"role_ids": [role_id(company, PredefinedRole.BUYER)], **data}

    response = post(client, f"{USERS}/new", data, page=f"{USERS}/new")

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', html)
    assert error and message in error.group(1)
    assert db.session.scalar(select(func.count(User.id))) == before
    assert db.session.scalar(select(func.count(OutboxEntry.id))) == 0
    assert mailbox.mails() == []


def test_an_invited_user_can_be_sent_a_new_invitation(client, login_as, mailbox, erp):
    company = make_company()
    login_as(make_main_contact(company))
    invited = make_user(company, password_hash=None, email="late@example.com")
    active = make_user(company)
    page = client.get(f"{USERS}/{invited.id}", headers=EN).get_data(as_text=True)

    response = post(client, f"{USERS}/{invited.id}/invite", {}, page=f"{USERS}/{invited.id}")
    refused = post(client, f"{USERS}/{active.id}/invite", {}, page=f"{USERS}/{active.id}")

    assert "Send the invitation again" in page
    assert response.status_code == 302
    assert "/password/set/" in mailbox.wait_for("late@example.com", "Your account").text
    assert refused.status_code == 302
    assert [m.to for m in mailbox.mails()] == ["late@example.com"]


# -- edit ------------------------------------------------------------------------------------


def test_renaming_without_javascript_saves_records_and_tells_the_erp(client, login_as):
    company = make_company()
    boss = login_as(make_main_contact(company))
    colleague = make_user(company, name="Ben Becker", erp_contact_id="C-1")

    response = post(
        client,
        f"{USERS}/{colleague.id}",
        {
            "name": "Ben Becker-Braun",
            "email": colleague.email,
            "role_ids": [role_id(company, PredefinedRole.BUYER)],
        },
        page=f"{USERS}/{colleague.id}",
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"{USERS}/{colleague.id}"
    assert fresh(colleague).name == "Ben Becker-Braun"
    assert contact_entries(colleague.id) == [
        {
            "customer_number": company.customer_number,
            "contact_id": "C-1",
            "user_id": colleague.id,
            "name": "Ben Becker-Braun",
            "email": colleague.email,
            "phone": "",
        }
    ]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.field == "name"))
    assert (entry.actor_id, entry.old_value, entry.new_value) == (
        boss.id,
        "Ben Becker",
        "Ben Becker-Braun",
    )
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "The changes are saved." in page and "Ben Becker-Braun" in page


def test_editing_with_htmx_returns_the_form_partial_with_the_new_history(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    colleague = make_user(company, name="Ben Becker")

    response = post(
        client,
        f"{USERS}/{colleague.id}",
        {
            "name": "Ben Becker",
            "email": colleague.email,
            "role_ids": [
                role_id(company, PredefinedRole.BUYER),
                role_id(company, PredefinedRole.CONTROLLER),
            ],
        },
        htmx=True,
        page=f"{USERS}/{colleague.id}",
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<section id="user-details"')
    assert "The changes are saved." in html
    assert 'id="user-history" class="history" hx-swap-oob="true"' in html
    assert "Buyer, Controller" in html
    assert {r.predefined for r in fresh(colleague).roles} == {"buyer", "controller"}
    assert contact_entries(colleague.id) == []  # roles are not ERP contact data


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_the_last_main_contact_cannot_lose_the_main_contact_role(client, login_as, htmx):
    company = make_company()
    boss = login_as(make_main_contact(company, name="Anna Main"))

    response = post(
        client,
        f"{USERS}/{boss.id}",
        {
            "name": "Anna Renamed",
            "email": boss.email,
            "role_ids": [role_id(company, PredefinedRole.BUYER)],
        },
        htmx=htmx,
        page=f"{USERS}/{boss.id}",
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 422  # page and fragment alike; htmx swaps 422
    error = re.search(r'id="role_ids-error"[^>]*>([^<]*)<', html)
    assert error and "must keep the main-contact role" in error.group(1)
    boss = fresh(boss)
    assert boss.is_main_contact and boss.name == "Anna Main"
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 0
    assert contact_entries(boss.id) == []


def test_with_a_second_main_contact_the_first_may_hand_over_the_role(client, login_as):
    company = make_company()
    boss = login_as(make_main_contact(company))
    make_main_contact(company)

    post(
        client,
        f"{USERS}/{boss.id}",
        {
            "name": boss.name,
            "email": boss.email,
            "role_ids": [role_id(company, PredefinedRole.BUYER)],
        },
        page=f"{USERS}/{boss.id}",
    )

    assert not fresh(boss).is_main_contact


def test_an_email_change_takes_effect_only_when_the_link_to_the_new_address_is_opened(
    app, client, login_as, mailbox
):
    company = make_company()
    login_as(make_main_contact(company))
    colleague = make_user(company, name="Ben Becker", email="ben@old.example.com")
    roles = [role_id(company, PredefinedRole.BUYER)]

    response = post(
        client,
        f"{USERS}/{colleague.id}",
        {"name": "Ben Becker", "email": "Ben@New.example.com", "role_ids": roles},
        page=f"{USERS}/{colleague.id}",
    )

    assert response.status_code == 302
    colleague = fresh(colleague)
    assert colleague.email == "ben@old.example.com"
    assert colleague.pending_email == "ben@new.example.com"
    assert contact_entries(colleague.id) == []
    page = client.get(f"{USERS}/{colleague.id}", headers=EN).get_data(as_text=True)
    assert "A confirmation link will be sent to ben@new.example.com" in page
    logged_in(app, colleague)  # the old address keeps working until then
    mail = mailbox.wait_for("ben@new.example.com", "confirm your new e-mail address")
    link = re.search(r"http://localhost(/customer-center/confirm-email/\S+)", mail.text).group(1)
    raw = link.rsplit("/", 1)[1]
    assert client.get(f"/password/set/{raw}").status_code == 410  # cannot set a password

    visitor = app.test_client()
    confirm_page = visitor.get(link, headers=EN)
    assert confirm_page.status_code == 200
    assert "ben@new.example.com" in confirm_page.get_data(as_text=True)
    done = visitor.post(
        link, data={"csrf_token": csrf_token_from(confirm_page.get_data(as_text=True))}
    )

    assert done.status_code == 302 and done.headers["Location"] == "/login"
    colleague = fresh(colleague)
    assert (colleague.email, colleague.pending_email) == ("ben@new.example.com", None)
    assert [p["email"] for p in contact_entries(colleague.id)] == ["ben@new.example.com"]
    change = db.session.scalar(select(AuditEntry).where(AuditEntry.field == "email"))
    assert (change.old_value, change.new_value) == ("ben@old.example.com", "ben@new.example.com")
    logged_in(app, colleague)  # logs in with the new address
    assert visitor.get(link).status_code == 410  # single use


def test_saving_again_keeps_a_pending_email_and_the_old_address_withdraws_it(
    client, login_as, mailbox
):
    company = make_company()
    login_as(make_main_contact(company))
    colleague = make_user(company, email="ben@old.example.com")
    roles = [role_id(company, PredefinedRole.BUYER)]
    url = f"{USERS}/{colleague.id}"
    post(client, url, {"name": "B", "email": "ben@new.example.com", "role_ids": roles}, page=url)

    form = client.get(url).get_data(as_text=True)
    assert 'value="ben@new.example.com"' in form
    post(client, url, {"name": "B2", "email": "ben@new.example.com", "role_ids": roles}, page=url)
    assert fresh(colleague).pending_email == "ben@new.example.com"
    assert len([m for m in mailbox.mails() if m.to == "ben@new.example.com"]) == 1

    post(client, url, {"name": "B2", "email": "ben@old.example.com", "role_ids": roles}, page=url)

    assert fresh(colleague).pending_email is None
    unused = db.session.scalar(
        select(func.count(PasswordToken.id)).where(
            PasswordToken.purpose == TokenPurpose.CONFIRM_EMAIL, PasswordToken.used_at.is_(None)
        )
    )
    assert unused == 0


def test_an_expired_email_link_changes_nothing(app, client, login_as, mailbox):
    company = make_company()
    login_as(make_main_contact(company))
    colleague = make_user(company, email="ben@old.example.com")
    url = f"{USERS}/{colleague.id}"
    roles = [role_id(company, PredefinedRole.BUYER)]
    post(client, url, {"name": "B", "email": "ben@new.example.com", "role_ids": roles}, page=url)
    for entry in db.session.scalars(select(PasswordToken)):
        entry.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    mail = mailbox.wait_for("ben@new.example.com")
    link = re.search(r"http://localhost(/customer-center/confirm-email/\S+)", mail.text).group(1)

    assert app.test_client().get(link).status_code == 410
    assert fresh(colleague).email == "ben@old.example.com"


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_an_email_address_of_a_colleague_is_refused(client, login_as, mailbox, htmx):
    company = make_company()
    login_as(make_main_contact(company))
    colleague = make_user(company, email="ben@example.com", name="Ben")
    make_user(company, email="someone@example.com", name="Sara")
    url = f"{USERS}/{colleague.id}"

    response = post(
        client,
        url,
        {
            "name": "Ben New",
            "email": "someone@example.com",
            "role_ids": [role_id(company, PredefinedRole.BUYER)],
        },
        htmx=htmx,
        page=url,
    )

    error = re.search(r'id="email-error"[^>]*>([^<]*)<', response.get_data(as_text=True))
    assert error and "belongs to Sara, already a user of your company." in error.group(1)
    colleague = fresh(colleague)
    assert (colleague.name, colleague.pending_email) == ("Ben", None)
    assert mailbox.mails() == []


# -- ERP import -----------------------------------------------------------------------------


def test_erp_contacts_are_imported_as_invited_users(client, login_as, erp, mailbox):
    company = make_company(customer_number="10001", name="Müller Maschinenbau GmbH")
    login_as(make_main_contact(company, email="main@demo.example.com", name="Anna Müller"))
    controller = role_id(company, PredefinedRole.CONTROLLER)

    page = client.get(f"{USERS}/import", headers=EN).get_data(as_text=True)
    assert "Clara Schulz" in page and "David Wagner" in page
    anna = page[page.index("<td>Anna Müller</td>") :].split("</tr>")[0]  # not importable
    assert "Already a user" in anna
    assert 'value="C-10001-01"' not in page

    response = post(
        client,
        f"{USERS}/import",
        {
            "contact_ids": ["C-10001-03", "C-10001-04"],
            "roles-C-10001-03": [controller],
            "roles-C-10001-04": [controller],
        },
        page=f"{USERS}/import",
    )

    assert response.status_code == 200  # the result per contact (#15)
    clara = db.session.scalar(select(User).where(User.email.like("clara.schulz@%")))
    david = db.session.scalar(select(User).where(User.email.like("david.wagner@%")))
    assert clara.erp_contact_id == "C-10001-03" and clara.name == "Clara Schulz"
    assert [r.predefined for r in david.roles] == ["controller"]
    assert clara.password_hash is None and clara.company_id == company.id
    assert contact_entries(clara.id)[0]["contact_id"] == "C-10001-03"
    assert contact_entries(clara.id)[0]["phone"] == "+49 711 1234-30"
    mailbox.wait_for(clara.email, "Your account")
    mailbox.wait_for(david.email, "Your account")
    assert "2 users are created and invited by mail." in response.get_data(as_text=True)
    again = client.get(f"{USERS}/import", headers=EN).get_data(as_text=True)
    assert 'value="C-10001-03"' not in again


def test_the_import_offers_the_buyer_role_by_default(client, login_as, erp):
    company = make_company(customer_number="10001")
    login_as(make_main_contact(company, email="main@demo.example.com"))

    html = client.get(f"{USERS}/import").get_data(as_text=True)

    buyer = role_id(company, PredefinedRole.BUYER)
    assert re.search(rf'checked[^>]*value="{buyer}"|value="{buyer}"[^>]*checked', html)


def test_an_imported_or_foreign_contact_cannot_be_posted(client, login_as, erp):
    company = make_company(customer_number="10001")
    login_as(make_main_contact(company, email="main@demo.example.com"))
    before = db.session.scalar(select(func.count(User.id)))

    response = post(
        client,
        f"{USERS}/import",
        {
            "contact_ids": ["C-10002-02"],
            "roles-C-10002-02": [role_id(company, PredefinedRole.BUYER)],
        },
        page=f"{USERS}/import",
    )

    assert response.status_code == 422
    assert db.session.scalar(select(func.count(User.id))) == before


def test_with_the_erp_down_the_import_shows_a_plain_message(client, login_as, erp):
    company = make_company(customer_number="10001")
    login_as(make_main_contact(company, email="main@demo.example.com"))
    form_token = token(client)
    before = db.session.scalar(select(func.count(User.id)))
    erp.stop()

    page = client.get(f"{USERS}/import", headers=EN)
    posted = client.post(
        f"{USERS}/import",
        data={"contact_ids": ["C-10001-03"], "roles-C-10001-03": [1], "csrf_token": form_token},
        headers=EN,
    )

    assert page.status_code == 503
    assert "cannot be reached right now" in page.get_data(as_text=True)
    assert posted.status_code == 503
    assert db.session.scalar(select(func.count(User.id))) == before
    assert client.get(USERS).status_code == 200


# -- access --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/customer-center/users/{id}"),
        ("post", "/customer-center/users/{id}"),
        ("post", "/customer-center/users/{id}/active"),
    ],
)
def test_another_companys_user_is_not_found(client, login_as, method, path):
    login_as(make_main_contact())
    stranger = make_user(make_company())
    data = {"active": "0", "name": "X", "email": "x@example.com", "csrf_token": token(client)}

    response = getattr(client, method)(path.format(id=stranger.id), data=data)

    assert response.status_code == 404
    stranger = fresh(stranger)
    assert stranger.active is True and stranger.name != "X"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/customer-center/users"),
        ("get", "/customer-center/users/new"),
        ("post", "/customer-center/users/new"),
        ("get", "/customer-center/users/import"),
        ("get", "/customer-center/users/{id}"),
        ("post", "/customer-center/users/{id}/active"),
    ],
)
@pytest.mark.parametrize(
    "role", [PredefinedRole.BUYER, PredefinedRole.CONTROLLER, PredefinedRole.APPROVER]
)
def test_users_without_the_right_to_manage_users_are_forbidden(
    client, login_as, method, path, role
):
    company = make_company()
    colleague = make_user(company)
    login_as(make_user(company, roles=(role,)))
    data = {"active": "0", "csrf_token": token(client, "/login")}

    response = getattr(client, method)(path.format(id=colleague.id), data=data)

    assert response.status_code == 403
    assert fresh(colleague).active is True


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(USERS)

    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_toggle_without_csrf_token_is_refused(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    colleague = make_user(company)

    response = client.post(f"{USERS}/{colleague.id}/active", data={"active": "0"})

    assert response.status_code == 400
    assert fresh(colleague).active is True


def test_erp_contacts_with_invalid_data_are_listed_as_not_importable(client, login_as, odd_erp):
    company = make_company(customer_number=ODD_CUSTOMER_NUMBER)
    login_as(make_main_contact(company, email="owner@kw.example.com"))

    page = client.get(f"{USERS}/import", headers=EN).get_data(as_text=True)

    mallory = page[page.index("Mallory Header") :].split("</tr>")[0]
    nora = page[page.index("Nora") :].split("</tr>")[0]
    assert "Cannot be imported: invalid e-mail" in mallory
    assert "Cannot be imported: invalid name" in nora
    assert 'value="KW-2"' not in page and 'value="KW-3"' not in page
    assert 'value="KW-1"' in page


@pytest.mark.parametrize("contact_id", ["KW-2", "KW-3"])
def test_importing_a_contact_with_invalid_erp_data_writes_nothing(
    client, login_as, odd_erp, mailbox, contact_id
):
    company = make_company(customer_number=ODD_CUSTOMER_NUMBER)
    login_as(make_main_contact(company, email="owner@kw.example.com"))
    before = db.session.scalar(select(func.count(User.id)))

    response = post(
        client,
        f"{USERS}/import",
        {
            "contact_ids": [contact_id],
            f"roles-{contact_id}": [role_id(company, PredefinedRole.BUYER)],
        },
        page=f"{USERS}/import",
    )

    assert response.status_code == 422
    assert db.session.scalar(select(func.count(User.id))) == before
    assert db.session.scalar(select(func.count(OutboxEntry.id))) == 0


def test_a_valid_contact_of_the_same_customer_is_still_imported(client, login_as, odd_erp, mailbox):
    company = make_company(customer_number=ODD_CUSTOMER_NUMBER)
    login_as(make_main_contact(company, email="owner@kw.example.com"))

    response = post(
        client,
        f"{USERS}/import",
        {"contact_ids": ["KW-1"], "roles-KW-1": [role_id(company, PredefinedRole.BUYER)]},
        page=f"{USERS}/import",
    )

    assert response.status_code == 200
    karla = db.session.scalar(select(User).where(User.email == "karla@kw.example.com"))
    assert karla.erp_contact_id == "KW-1"
    mailbox.wait_for("karla@kw.example.com", "Your account")
