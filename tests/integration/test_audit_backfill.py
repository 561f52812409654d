"""The audit backfill (#13): entries written before target keys existed get the business key
of their target, company entries one link, and absences and approvers lose database ids."""

import json

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from shop import create_app
from shop.extensions import db

AUDIT = (
    "INSERT INTO audit_entries (id, company_id, actor_id, actor_label, target_type, target_id, "
    "field, old_value, new_value, at) VALUES (:id, 1, NULL, 'x', :type, :target, :field, "
    ":old, :new, '2026-01-01')"
)


def test_existing_audit_entries_get_business_keys_and_lose_database_ids(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "ENV_NAME": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'audit.sqlite3'}",
        }
    )
    with app.app_context():
        upgrade(revision="0010")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO companies (id, customer_number, name, allowed_payment_methods, "
                    "created_at) VALUES (1, '10001', 'A', '[]', '2026-01-01')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO users (id, company_id, email, name, active, created_at) VALUES "
                    "(7, 1, 'anna@example.com', 'Anna Müller', TRUE, '2026-01-01'), "
                    "(8, 1, 'carl@example.com', 'Carl Clausen', TRUE, '2026-01-01')"
                )
            )
            rows = [
                (1, "company", "10001", "customer_center", "True", "False"),
                (2, "company", "1", "default_monthly_budget", "", "5000.00"),
                (3, "user", "8", "absence", "", "2026-12-01 – 2026-12-05, deputy Anna Müller (#7)"),
                (4, "company", "1", "company_approvers", "", "Anna Müller (#7), Carl Clausen (#8)"),
                (5, "role", "42", "created", "", "Einkauf"),
                (6, "role", "42", "deleted", "Einkauf", ""),
            ]
            for id_, type_, target, field, old, new in rows:
                connection.execute(
                    text(AUDIT),
                    {
                        "id": id_,
                        "type": type_,
                        "target": target,
                        "field": field,
                        "old": old,
                        "new": new,
                    },
                )

        upgrade()

        with db.engine.connect() as connection:
            entries = {
                row.id: row
                for row in connection.execute(
                    text("SELECT id, target_id, target_key, new_value FROM audit_entries")
                )
            }
        downgrade(revision="0010")
        db.engine.dispose()

    assert [(entries[i].target_id, entries[i].target_key) for i in (1, 2)] == [
        ("1", "10001"),
        ("1", "10001"),
    ]
    assert entries[3].target_key == "carl@example.com"
    assert json.loads(entries[3].new_value) == {
        "start": "2026-12-01",
        "end": "2026-12-05",
        "deputy": "Anna Müller",
        "deputy_email": "anna@example.com",
    }
    assert entries[4].new_value == "Anna Müller <anna@example.com>, Carl Clausen <carl@example.com>"
    assert entries[5].target_key == entries[6].target_key == "Einkauf"
