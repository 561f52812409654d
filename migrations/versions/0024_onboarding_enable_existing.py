"""start every company that exists before onboarding as enabled (issue #12)

Companies registered before onboarding was built use the shop already: they are enabled,
since the time of this migration. Kept apart from the tables' migration as a data backfill.

Revision ID: 0024
Revises: 0023
"""

from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    # Stored times are naive UTC (shop/models/clock.py); SQLite's CURRENT_TIMESTAMP is UTC.
    now = "CURRENT_TIMESTAMP"
    if op.get_bind().dialect.name == "postgresql":
        now = "(now() AT TIME ZONE 'utc')"
    op.execute(
        "INSERT INTO onboardings (company_id, state, state_since) "
        f"SELECT id, 'enabled', {now} FROM companies "
        "WHERE id NOT IN (SELECT company_id FROM onboardings)"
    )


def downgrade():
    op.execute("DELETE FROM onboardings WHERE state = 'enabled'")
