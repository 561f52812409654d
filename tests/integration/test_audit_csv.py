"""The audit trail as a CSV file (#15): the filtered trail, every page of it, with the labels
the page shows (no field names or stored values), in the reader's CSV format."""

import csv
import io
from datetime import datetime

from shop.services.customer_center.audit_trail import record_change
from tests.factories import make_company, make_main_contact, make_user

CSV = "/customer-center/audit/export.csv"
EN = {"Accept-Language": "en"}
DE = {"Accept-Language": "de"}


def entry(company, actor, target, field, old, new, at: datetime) -> None:
    from shop.extensions import db

    record_change(
        company_id=company.id,
        actor=actor,
        target_type="user",
        target_id=target.id,
        field=field,
        old=old,
        new=new,
        now=at,
    )
    db.session.commit()


def cells(response, delimiter: str = ",") -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def test_the_csv_holds_every_page_of_the_filtered_trail_with_readable_labels(client, login_as):
    company = make_company()
    boss = login_as(make_main_contact(company, name="Anna Main"))
    ben = make_user(company, name="Ben Becker")
    for day in range(1, 29):
        for hour in (8, 9):
            entry(company, boss, ben, "active", "active", "inactive", datetime(2026, 2, day, hour))
    entry(company, boss, ben, "name", "Ben", "Ben Becker", datetime(2026, 3, 1, 9))
    stranger = make_main_contact(make_company())
    entry(
        stranger.company, stranger, stranger, "active", "active", "inactive", datetime(2026, 2, 3)
    )

    response = client.get(CSV, query_string={"field": "active"}, headers=EN)
    table = cells(response)

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert table[0] == ["When", "Who", "Changed", "What", "Old value", "New value"]
    assert len(table) == 1 + 56  # more than one page of 50, and nothing else
    assert table[1][0].startswith("2026-02-28 ")
    assert table[1][1].startswith("Anna Main")
    assert table[1][2].startswith("User: Ben Becker")
    assert table[1][3:] == ["Status", "Active", "Inactive"]
    assert not any("active" in row[3] or row[4] in ("active", "inactive") for row in table[1:])


def test_the_csv_follows_the_readers_language(client, login_as):
    company = make_company()
    boss = login_as(make_main_contact(company, name="Anna Main"))
    entry(company, boss, boss, "active", "active", "inactive", datetime(2026, 2, 1, 9))

    table = cells(client.get(CSV, headers=DE), delimiter=";")

    assert table[0][0] == "Wann"
    assert table[1][3:] == ["Status", "Aktiv", "Deaktiviert"]


def test_a_value_that_looks_like_a_formula_stays_text(client, login_as):
    company = make_company()
    boss = login_as(make_main_contact(company, name="Anna Main"))
    entry(company, boss, boss, "name", "Anna", "=HYPERLINK(1)", datetime(2026, 2, 1, 9))

    table = cells(client.get(CSV, headers=EN))

    assert table[1][5] == "'=HYPERLINK(1)"


def test_the_audit_page_links_to_the_csv_with_its_filters(client, login_as):
    company = make_company()
    boss = login_as(make_main_contact(company))
    entry(company, boss, boss, "name", "Old", "New", datetime(2026, 2, 1, 9))

    html = client.get("/customer-center/audit?field=name", headers=EN).get_data(as_text=True)

    assert 'href="/customer-center/audit/export.csv?field=name"' in html
