"""Approvers screen (§6): company and per-user approvers, absences with a deputy, who approves
today and why, the routing inputs for the workflow, rights and tenant isolation."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from shop.domain.rights import PredefinedRole
from shop.domain.routing import Absence, NoApproverAvailable, RoutingKind, route_approval
from shop.extensions import db
from shop.models import Absence as AbsenceRow
from shop.models import ApproverAssignment, AuditEntry
from shop.models.clock import utcnow
from shop.services.approval_routing import routing_inputs
from tests.factories import make_company, make_main_contact, make_user

HTMX = {"HX-Request": "true"}
APPROVER = (PredefinedRole.APPROVER,)


@pytest.fixture
def company(app_context):
    return make_company()


@pytest.fixture
def main_contact(company):
    return make_main_contact(company, name="Maria Main")


def routing_cell(page: str, user) -> str:
    row = page[page.index(f'id="routing-{user.id}"') :]
    return row[row.index('class="who-approves"') : row.index("</tr>")]


def assignments():
    db.session.expire_all()
    query = select(ApproverAssignment).order_by(ApproverAssignment.id)
    return [(a.orderer_id, a.approver_id) for a in db.session.scalars(query)]


def test_without_approvers_the_main_contact_approves_and_the_page_says_why(
    client, login_as, main_contact
):
    buyer = make_user(main_contact.company, name="Bert Buyer")
    login_as(main_contact)

    page = client.get("/customer-center/approvers").get_data(as_text=True)

    assert "No company approver is named: orders over budget go to the main contact" in page
    cell = routing_cell(page, buyer)
    assert "Maria Main" in cell
    assert "main contact, as no approver is named" in cell


def test_page_says_when_nobody_but_the_main_contact_holds_the_right_to_decide(
    client, login_as, company
):
    main = make_user(company, roles=(PredefinedRole.MAIN_CONTACT,))
    make_user(company, name="Bert Buyer")
    login_as(main)

    alone = client.get("/customer-center/approvers").get_data(as_text=True)
    make_user(company, roles=APPROVER)
    with_approver = client.get("/customer-center/approvers").get_data(as_text=True)

    notice = "Apart from the main contact, nobody in your company holds the right to decide"
    assert notice in alone
    assert f'name="company-approver_ids" type="checkbox" value="{main.id}"' in alone
    assert notice not in with_approver


def test_main_contact_names_company_approvers_and_they_approve(
    client, login_as, csrf, main_contact
):
    anna = make_user(main_contact.company, roles=APPROVER, name="Anna Approver")
    buyer = make_user(main_contact.company, name="Bert Buyer")
    login_as(main_contact)

    response = client.post(
        "/customer-center/approvers/company",
        data={"csrf_token": csrf("/customer-center/approvers"), "company-approver_ids": [anna.id]},
    )

    assert response.status_code == 302
    assert assignments() == [(None, anna.id)]
    page = client.get("/customer-center/approvers").get_data(as_text=True)
    assert "Company approvers saved." in page
    cell = routing_cell(page, buyer)
    assert "Anna Approver" in cell
    assert "approver for the whole company" in cell


def test_buyers_are_not_offered_and_are_refused_as_approvers(client, login_as, csrf, main_contact):
    buyer = make_user(main_contact.company, name="Bert Buyer")
    login_as(main_contact)

    page = client.get("/customer-center/approvers").get_data(as_text=True)
    response = client.post(
        "/customer-center/approvers/company",
        data={"csrf_token": csrf("/customer-center/approvers"), "company-approver_ids": [buyer.id]},
    )

    assert f'name="company-approver_ids" type="checkbox" value="{buyer.id}"' not in page
    assert response.status_code == 422
    assert "Choose from the people listed." in response.get_data(as_text=True)
    assert assignments() == []


def test_per_user_approver_overrides_the_company_approvers(client, login_as, csrf, main_contact):
    anna = make_user(main_contact.company, roles=APPROVER, name="Anna Approver")
    paul = make_user(main_contact.company, roles=APPROVER, name="Paul Peruser")
    buyer = make_user(main_contact.company, name="Bert Buyer")
    other_buyer = make_user(main_contact.company, name="Olga Other")
    login_as(main_contact)
    token = csrf("/customer-center/approvers")

    client.post(
        "/customer-center/approvers/company",
        data={"csrf_token": token, "company-approver_ids": [anna.id]},
    )
    client.post(
        f"/customer-center/approvers/users/{buyer.id}",
        data={"csrf_token": token, f"orderer-{buyer.id}-approver_ids": [paul.id]},
    )

    assert assignments() == [(None, anna.id), (buyer.id, paul.id)]
    page = client.get("/customer-center/approvers").get_data(as_text=True)
    assert "Paul Peruser" in routing_cell(page, buyer)
    assert "per-user approver of Bert Buyer" in routing_cell(page, buyer)
    assert "Anna Approver" not in routing_cell(page, buyer)
    assert "Anna Approver" in routing_cell(page, other_buyer)


def test_clearing_per_user_approvers_falls_back_to_the_company_approvers(
    client, login_as, csrf, main_contact
):
    paul = make_user(main_contact.company, roles=APPROVER)
    buyer = make_user(main_contact.company)
    db.session.add(
        ApproverAssignment(company_id=buyer.company_id, orderer_id=buyer.id, approver_id=paul.id)
    )
    db.session.commit()
    login_as(main_contact)

    response = client.post(
        f"/customer-center/approvers/users/{buyer.id}",
        data={"csrf_token": csrf("/customer-center/approvers")},
    )

    assert response.status_code == 302
    assert assignments() == []


def test_nobody_is_named_approver_of_their_own_orders(client, login_as, csrf, main_contact):
    anna = make_user(main_contact.company, roles=(PredefinedRole.APPROVER, PredefinedRole.BUYER))
    login_as(main_contact)

    response = client.post(
        f"/customer-center/approvers/users/{anna.id}",
        data={
            "csrf_token": csrf("/customer-center/approvers"),
            f"orderer-{anna.id}-approver_ids": [anna.id],
        },
        headers=HTMX,
    )

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="approver-setup"')
    assert "Choose from the people listed." in html
    assert assignments() == []


def test_htmx_save_returns_the_setup_block_only(client, login_as, csrf, main_contact):
    anna = make_user(main_contact.company, roles=APPROVER, name="Anna Approver")
    login_as(main_contact)

    response = client.post(
        "/customer-center/approvers/company",
        data={"csrf_token": csrf("/customer-center/approvers"), "company-approver_ids": [anna.id]},
        headers=HTMX,
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="approver-setup"')
    assert "<html" not in html
    assert "Company approvers saved." in html


def test_absence_with_deputy_changes_who_approves_today(client, login_as, csrf, main_contact):
    anna = make_user(main_contact.company, roles=APPROVER, name="Anna Approver")
    dora = make_user(main_contact.company, roles=APPROVER, name="Dora Deputy")
    buyer = make_user(main_contact.company, name="Bert Buyer")
    db.session.add(ApproverAssignment(company_id=buyer.company_id, approver_id=anna.id))
    db.session.commit()
    today = utcnow().date()
    login_as(main_contact)

    response = client.post(
        "/customer-center/approvers/absences",
        data={
            "csrf_token": csrf("/customer-center/approvers"),
            "absence-approver_id": anna.id,
            "absence-start": today.isoformat(),
            "absence-end": (today + timedelta(days=3)).isoformat(),
            "absence-deputy_id": dora.id,
        },
    )

    assert response.status_code == 302
    page = client.get("/customer-center/approvers").get_data(as_text=True)
    cell = routing_cell(page, buyer)
    assert "Dora Deputy" in cell
    assert "deputy for Anna Approver, absent until" in cell
    assert "Absence saved." in page
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.field == "absence")).one()
    assert (audit.target_id, audit.old_value) == (str(anna.id), "")
    assert "Dora Deputy" in audit.new_value


@pytest.mark.parametrize(
    "change, field, message",
    [
        (
            {"absence-end": "2000-01-01", "absence-start": "2000-01-05"},
            "end",
            "The last day cannot be before the first day.",
        ),
        ({"absence-start": "soon"}, "start", "Enter a date such as 2030-12-31."),
        ({"absence-start": "", "absence-end": ""}, "start", "Enter a date."),
        ({"absence-deputy_id": "self"}, "deputy_id", "Nobody can be their own deputy."),
        (
            {"absence-start": "2001-01-01", "absence-end": "2001-01-02"},
            "end",
            "This absence is already over.",
        ),
    ],
)
def test_bad_absence_is_refused_next_to_the_field(
    client, login_as, csrf, main_contact, change, field, message
):
    anna = make_user(main_contact.company, roles=APPROVER)
    make_user(main_contact.company, roles=APPROVER)
    today = utcnow().date()
    data = {
        "csrf_token": None,
        "absence-approver_id": anna.id,
        "absence-start": today.isoformat(),
        "absence-end": today.isoformat(),
        "absence-deputy_id": anna.id
        if change.get("absence-deputy_id") == "self"
        else main_contact.id,
    }
    data.update({k: v for k, v in change.items() if k != "absence-deputy_id"})
    login_as(main_contact)
    data["csrf_token"] = csrf("/customer-center/approvers")

    response = client.post("/customer-center/approvers/absences", data=data)

    assert response.status_code == 422
    assert f'id="absence-{field}-error">{message}</p>' in response.get_data(as_text=True)
    assert db.session.scalars(select(AbsenceRow)).all() == []


def test_overlapping_absence_of_the_same_approver_is_refused(client, login_as, csrf, main_contact):
    anna = make_user(main_contact.company, roles=APPROVER)
    today = utcnow().date()
    db.session.add(
        AbsenceRow(
            user_id=anna.id, start=today, end=today + timedelta(days=5), deputy_id=main_contact.id
        )
    )
    db.session.commit()
    login_as(main_contact)

    response = client.post(
        "/customer-center/approvers/absences",
        data={
            "csrf_token": csrf("/customer-center/approvers"),
            "absence-approver_id": anna.id,
            "absence-start": (today + timedelta(days=2)).isoformat(),
            "absence-end": (today + timedelta(days=9)).isoformat(),
            "absence-deputy_id": main_contact.id,
        },
    )

    assert response.status_code == 422
    assert "This overlaps another absence of the same approver." in response.get_data(as_text=True)


def test_approver_sets_and_removes_their_own_absence(client, login_as, csrf, company):
    anna = make_user(company, roles=APPROVER, name="Anna Approver")
    dora = make_user(company, roles=APPROVER, name="Dora Deputy")
    make_user(company, name="Bert Buyer")
    today = utcnow().date()
    login_as(anna)

    page = client.get("/customer-center/absence")
    response = client.post(
        "/customer-center/absence",
        data={
            "csrf_token": csrf("/customer-center/absence"),
            "absence-start": today.isoformat(),
            "absence-end": (today + timedelta(days=1)).isoformat(),
            "absence-deputy_id": dora.id,
        },
    )

    assert page.status_code == 200
    assert f'value="{anna.id}"' not in page.get_data(as_text=True)  # not their own deputy
    assert response.status_code == 302
    absence = db.session.scalars(select(AbsenceRow)).one()
    assert (absence.user_id, absence.deputy_id) == (anna.id, dora.id)
    assert "Dora Deputy" in client.get("/customer-center/absence").get_data(as_text=True)

    removed = client.post(
        f"/customer-center/absence/{absence.id}/delete",
        data={"csrf_token": csrf("/customer-center/absence")},
        headers=HTMX,
    )

    assert removed.status_code == 200
    assert removed.get_data(as_text=True).lstrip().startswith('<div id="own-absences"')
    assert db.session.scalars(select(AbsenceRow)).all() == []


def test_approver_cannot_remove_someone_elses_absence(client, login_as, csrf, company):
    anna = make_user(company, roles=APPROVER)
    dora = make_user(company, roles=APPROVER)
    today = utcnow().date()
    db.session.add(AbsenceRow(user_id=dora.id, start=today, end=today, deputy_id=anna.id))
    db.session.commit()
    absence_id = db.session.scalars(select(AbsenceRow.id)).one()
    login_as(anna)

    response = client.post(
        f"/customer-center/absence/{absence_id}/delete",
        data={"csrf_token": csrf("/customer-center/absence")},
    )

    assert response.status_code == 403
    assert db.session.scalars(select(AbsenceRow)).all() != []


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/customer-center/approvers"),
        ("post", "/customer-center/approvers/company"),
        ("post", "/customer-center/approvers/absences"),
    ],
)
def test_approvers_screen_needs_the_right_to_manage_approvers(
    client, login_as, csrf, company, method, path
):
    login_as(make_user(company, roles=APPROVER))

    response = getattr(client, method)(path, data={"csrf_token": csrf("/customer-center/absence")})

    assert response.status_code == 403


def test_buyer_cannot_open_the_absence_page(client, login_as, company):
    login_as(make_user(company))

    assert client.get("/customer-center/absence").status_code == 403


def test_another_companys_people_and_absences_are_not_found(client, login_as, csrf, main_contact):
    other = make_company()
    stranger = make_user(other, roles=APPROVER)
    stranger_deputy = make_user(other, roles=APPROVER)
    today = utcnow().date()
    db.session.add(
        AbsenceRow(user_id=stranger.id, start=today, end=today, deputy_id=stranger_deputy.id)
    )
    db.session.commit()
    absence_id = db.session.scalars(select(AbsenceRow.id)).one()
    login_as(main_contact)
    token = csrf("/customer-center/approvers")

    responses = [
        client.post(f"/customer-center/approvers/users/{stranger.id}", data={"csrf_token": token}),
        client.post(
            f"/customer-center/approvers/absences/{absence_id}/delete", data={"csrf_token": token}
        ),
        client.post(f"/customer-center/absence/{absence_id}/delete", data={"csrf_token": token}),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert db.session.scalars(select(AbsenceRow)).all() != []


def test_approver_changes_are_in_the_audit_trail(client, login_as, csrf, main_contact):
    anna = make_user(main_contact.company, roles=APPROVER, name="Anna Approver")
    buyer = make_user(main_contact.company)
    login_as(main_contact)
    token = csrf("/customer-center/approvers")

    client.post(
        "/customer-center/approvers/company",
        data={"csrf_token": token, "company-approver_ids": [anna.id]},
    )
    client.post(
        f"/customer-center/approvers/users/{buyer.id}",
        data={"csrf_token": token, f"orderer-{buyer.id}-approver_ids": [anna.id]},
    )
    client.post("/customer-center/approvers/company", data={"csrf_token": token})

    entries = [
        (e.target_type, e.field, e.old_value, e.new_value)
        for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    ]
    name = f"Anna Approver <{anna.email}>"
    assert entries == [
        ("company", "company_approvers", "", name),
        ("user", "approvers", "", name),
        ("company", "company_approvers", name, ""),
    ]


def test_routing_inputs_feed_route_approval_with_the_companys_setup(app_context, company):
    main = make_user(company, roles=(PredefinedRole.MAIN_CONTACT,))
    anna = make_user(company, roles=APPROVER)
    dora = make_user(company, roles=APPROVER)
    paul = make_user(company, roles=APPROVER)
    gone = make_user(company, roles=APPROVER, active=False)
    buyer = make_user(company)
    other = make_user(make_company(), roles=APPROVER)
    today = date(2030, 6, 15)
    db.session.add_all(
        [
            ApproverAssignment(company_id=company.id, approver_id=anna.id),
            ApproverAssignment(company_id=company.id, orderer_id=buyer.id, approver_id=paul.id),
            ApproverAssignment(company_id=company.id, orderer_id=dora.id, approver_id=anna.id),
            AbsenceRow(
                user_id=paul.id, start=date(2030, 6, 10), end=date(2030, 6, 20), deputy_id=dora.id
            ),
            AbsenceRow(
                user_id=anna.id, start=date(2030, 5, 1), end=date(2030, 5, 2), deputy_id=dora.id
            ),
            AbsenceRow(user_id=other.id, start=today, end=today, deputy_id=other.id),
        ]
    )
    db.session.commit()

    inputs = routing_inputs(company.id, buyer.id, today)

    assert inputs.per_user_approver_ids == (paul.id,)
    assert inputs.company_approver_ids == (anna.id,)
    assert inputs.main_contact_ids == (main.id,)
    assert set(inputs.people) == {main.id, anna.id, dora.id, paul.id, gone.id, buyer.id}
    assert inputs.people[gone.id].active is False
    assert inputs.people[buyer.id].active is False  # holds no right to decide
    assert inputs.absences == (Absence(paul.id, date(2030, 6, 10), date(2030, 6, 20), dora.id),)
    routing = route_approval(**inputs.as_kwargs())
    assert routing.approver_ids == (dora.id,)
    assert routing.reasons[0].kind == RoutingKind.DEPUTY
    assert inputs.names[dora.id] == dora.name


def test_routing_inputs_never_let_someone_approve_their_own_order(app_context, company):
    anna = make_user(company, roles=(PredefinedRole.APPROVER, PredefinedRole.BUYER))
    db.session.add(ApproverAssignment(company_id=company.id, approver_id=anna.id))
    db.session.commit()

    inputs = routing_inputs(company.id, anna.id, date(2030, 1, 1))

    with pytest.raises(NoApproverAvailable):
        route_approval(**inputs.as_kwargs())
