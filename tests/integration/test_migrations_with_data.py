"""Migrations upgrade a SQLite database that already holds data, not only an empty one.

SQLite alters tables by rebuilding them (batch mode); with foreign keys switched on, that
used to fail as soon as rows referenced the rebuilt table.
"""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from shop import create_app
from shop.extensions import db


def test_upgrading_a_sqlite_database_with_rows_keeps_them_and_can_go_back(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "ENV_NAME": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'filled.sqlite3'}",
        }
    )
    with app.app_context():
        upgrade(revision="0001")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO companies (id, customer_number, name, allowed_payment_methods, "
                    "created_at) VALUES (1, '1', 'A', '[]', '2026-01-01')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO users (company_id, email, name, active, session_token, "
                    "created_at) VALUES (1, 'a@example.com', 'A', 1, 't', '2026-01-01')"
                )
            )

        upgrade()

        with db.engine.connect() as connection:
            users = connection.execute(text("SELECT count(*) FROM users")).scalar()
            flag = connection.execute(text("SELECT customer_center FROM companies")).scalar()
            role = connection.execute(
                text(
                    "SELECT roles.predefined FROM user_roles "
                    "JOIN roles ON roles.id = user_roles.role_id"
                )
            ).scalar()
        downgrade(revision="0001")
        db.engine.dispose()

    assert users == 1 and flag == 1
    assert role == "buyer"  # the backfill gave the existing user what they could do before
