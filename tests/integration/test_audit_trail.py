"""The audit trail (§4): every change on the users and roles screens is recorded with who,
what, old and new value and when; shown per user and company-wide, filtered and paged."""

from datetime import datetime

import pytest
from sqlalchemy import select

from shop.domain.rights import Right
from shop.extensions import db
from shop.models import AuditEntry, Role
from shop.services.customer_center.audit_trail import record_change
from tests.conftest import csrf_token_from
from tests.factories import make_company, make_main_contact, make_user

AUDIT = "/customer-center/audit"
USERS = "/customer-center/users"
EN = {"Accept-Language": "en"}


def post(client, path: str, data: dict):
    page = client.get(path if "/active" not in path else USERS, headers=EN)
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(path, data={**data, "csrf_token": token}, headers=EN)


def buyer_role_id(company) -> int:
    return db.session.scalar(
        select(Role.id).where(Role.company_id == company.id, Role.predefined == "buyer")
    )


def entry(company, actor, target_id, field, old, new, at: datetime) -> None:
    record_change(
        company_id=company.id,
        actor=actor,
        target_type="user",
        target_id=target_id,
        field=field,
        old=old,
        new=new,
        now=at,
    )
    db.session.commit()


def rows(html: str) -> list[str]:
    body = html.split('<table class="audit">', 1)[1].split("</table>", 1)[0]
    return body.split("<tbody>", 1)[1].split("</tr>")[:-1]


def test_changes_on_the_users_screens_are_recorded_with_actor_values_and_time(client, login_as):
    company = make_company()
    boss = login_as(make_main_contact(company, name="Anna Main"))
    colleague = make_user(company, name="Ben Becker")
    url = f"{USERS}/{colleague.id}"

    post(
        client,
        url,
        {"name": "Ben Braun", "email": colleague.email, "role_ids": [buyer_role_id(company)]},
    )
    post(client, f"{url}/active", {"active": "0"})

    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.field, e.old_value, e.new_value) for e in entries] == [
        ("name", "Ben Becker", "Ben Braun"),
        ("active", "active", "inactive"),
    ]
    assert all(e.actor_id == boss.id and e.company_id == company.id for e in entries)
    assert all(e.target_type == "user" and e.target_id == str(colleague.id) for e in entries)
    assert all(e.actor_label == f"Anna Main <{boss.email}>" for e in entries)
    assert all(e.at is not None for e in entries)


def test_the_users_page_shows_their_history_newest_first(client, login_as):
    company = make_company()
    boss = login_as(make_main_contact(company))
    colleague = make_user(company, name="Ben Becker")
    entry(company, boss, colleague.id, "name", "Ben", "Ben Becker", datetime(2026, 3, 1, 9))
    entry(company, boss, colleague.id, "roles", "buyer", "buyer, approver", datetime(2026, 4, 1, 9))
    entry(company, boss, boss.id, "name", "Someone", "Else", datetime(2026, 4, 2, 9))

    html = client.get(f"{USERS}/{colleague.id}", headers=EN).get_data(as_text=True)

    history = html.split('id="user-history"', 1)[1]
    assert "History" in history
    lines = rows(history)
    assert len(lines) == 2
    assert "Roles" in lines[0] and "Buyer, Approver" in lines[0]
    assert "Ben Becker" in lines[1] and "Someone" not in history


def test_the_company_audit_trail_lists_entries_of_this_company_only_newest_first(client, login_as):
    company = make_company()
    boss = login_as(make_main_contact(company))
    other = make_company()
    stranger = make_main_contact(other)
    entry(company, boss, boss.id, "name", "Old", "New", datetime(2026, 5, 1, 9))
    entry(company, boss, boss.id, "active", "inactive", "active", datetime(2026, 5, 2, 9))
    entry(other, stranger, stranger.id, "name", "Secret old", "Secret new", datetime(2026, 5, 3))

    html = client.get(AUDIT, headers=EN).get_data(as_text=True)

    lines = rows(html)
    assert len(lines) == 2
    assert "Status" in lines[0] and "Inactive" in lines[0] and "Active" in lines[0]
    assert "Old" in lines[1] and "New" in lines[1]
    assert "Secret" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("field=name", {"n1", "n2"}),
        ("field=roles", {"r1"}),
        ("date_from=2026-05-02", {"n2", "r1"}),
        ("date_to=2026-05-01", {"n1"}),
        ("date_from=2026-05-02&date_to=2026-05-02", {"n2"}),
        ("date_from=not-a-date", {"n1", "n2", "r1"}),
    ],
)
def test_the_audit_trail_filters_by_field_and_date(client, login_as, query, expected):
    company = make_company()
    boss = login_as(make_main_contact(company))
    entry(company, boss, boss.id, "name", "", "n1", datetime(2026, 5, 1, 23, 59))
    entry(company, boss, boss.id, "name", "", "n2", datetime(2026, 5, 2, 0, 0))
    entry(company, boss, boss.id, "roles", "", "r1", datetime(2026, 5, 3, 12))

    html = client.get(f"{AUDIT}?{query}", headers=EN).get_data(as_text=True)

    shown = {value for value in ("n1", "n2", "r1") if f"<td>{value}</td>" in html}
    assert shown == expected


def test_the_audit_trail_filters_by_user_as_actor_or_target(client, login_as):
    company = make_company()
    boss = login_as(make_main_contact(company))
    ben = make_user(company, name="Ben")
    cleo = make_user(company, name="Cleo")
    entry(company, boss, ben.id, "name", "", "about-ben", datetime(2026, 5, 1))
    entry(company, ben, cleo.id, "name", "", "by-ben", datetime(2026, 5, 2))
    entry(company, boss, cleo.id, "name", "", "about-cleo", datetime(2026, 5, 3))
    foreign = make_user(make_company())

    html = client.get(f"{AUDIT}?user={ben.id}", headers=EN).get_data(as_text=True)
    foreign_filter = client.get(f"{AUDIT}?user={foreign.id}", headers=EN).get_data(as_text=True)

    shown = {v for v in ("about-ben", "by-ben", "about-cleo") if f"<td>{v}</td>" in html}
    assert shown == {"about-ben", "by-ben"}
    assert len(rows(foreign_filter)) == 3  # another company's user is no filter at all


def test_the_audit_trail_is_paged_by_50_and_keeps_the_filters(client, login_as):
    company = make_company()
    boss = login_as(make_main_contact(company))
    for day in range(1, 29):
        for hour in (8, 9, 10):
            entry(
                company, boss, boss.id, "name", "", f"v{day}-{hour}", datetime(2026, 2, day, hour)
            )

    first = client.get(f"{AUDIT}?field=name", headers=EN).get_data(as_text=True)
    second = client.get(f"{AUDIT}?field=name&page=2", headers=EN).get_data(as_text=True)

    assert len(rows(first)) == 50 and len(rows(second)) == 34
    assert "84 changes" in first
    assert 'href="/customer-center/audit?page=2&amp;field=name"' in first
    assert "<td>v28-10</td>" in first and "<td>v1-8</td>" in second


def test_the_audit_trail_needs_the_right_to_see_it(client, login_as):
    company = make_company()
    auditors = Role(
        company_id=company.id, name="Auditors", custom_rights=[Right.SEE_AUDIT_TRAIL.value]
    )
    db.session.add(auditors)
    db.session.commit()
    buyer = make_user(company)
    auditor = make_user(company, roles=(auditors,))

    login_as(buyer)
    forbidden = client.get(AUDIT)
    login_as(auditor)
    allowed = client.get(AUDIT)

    assert forbidden.status_code == 403
    assert allowed.status_code == 200
