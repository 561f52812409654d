"""Companies that exist before onboarding (#12) are enabled by the migration; new ones are not
touched by it."""

from datetime import datetime, timedelta

from flask_migrate import upgrade
from sqlalchemy import text

from shop import create_app
from shop.extensions import db
from shop.models.clock import utcnow


def test_existing_companies_start_as_enabled(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "ENV_NAME": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'onboarding.sqlite3'}",
        }
    )
    with app.app_context():
        upgrade(revision="0020")
        with db.engine.begin() as connection:
            for number in ("10001", "10002"):
                connection.execute(
                    text(
                        "INSERT INTO companies (customer_number, name, allowed_payment_methods, "
                        "customer_center, review_requests_opt_out, created_at) "
                        "VALUES (:number, 'Old GmbH', '[]', 1, 0, '2025-01-01')"
                    ),
                    {"number": number},
                )

        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT company_id, state, state_since FROM onboardings ORDER BY company_id")
            ).all()
        db.engine.dispose()

    assert [(row[0], row[1]) for row in rows] == [(1, "enabled"), (2, "enabled")]
    since = datetime.fromisoformat(str(rows[0][2]))
    assert abs(since - utcnow()) < timedelta(minutes=5)
