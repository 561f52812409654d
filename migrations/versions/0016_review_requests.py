"""add review requests: product review links, the per-order marker, the company's opt-out

An order gets its review request once: orders.review_requested_at is set when it is queued.

Revision ID: 0016
Revises: 0015
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_url", sa.String(length=500), nullable=True))
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_requested_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "review_requests_opt_out", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )


def downgrade():
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.drop_column("review_requests_opt_out")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("review_requested_at")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("review_url")
