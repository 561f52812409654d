"""add rate_limit_counters: login, registration and reset limits shared by all processes

Flask-Limiter counted in each worker's memory, so two gunicorn workers doubled every
limit (issue #14). The default storage "database://" keeps the counters here.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rate_limit_counters",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limit_counters")),
    )


def downgrade():
    op.drop_table("rate_limit_counters")
