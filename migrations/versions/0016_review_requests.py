"""add review requests and handled ERP update problems (issue #16)

Review requests: product review links, the per-order marker, the company's opt-out; an order
gets its review request once (orders.review_requested_at is set when it is queued). Parked
ERP updates: who marked one handled in the back office, and their note.

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

    with op.batch_alter_table("erp_update_problems", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resolved_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("resolution_note", sa.Text(), server_default="", nullable=False)
        )
        batch_op.create_foreign_key(
            "fk_erp_update_problems_resolved_by_id_staff_members",
            "staff_members",
            ["resolved_by_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("erp_update_problems", schema=None) as batch_op:
        batch_op.drop_constraint(
            "fk_erp_update_problems_resolved_by_id_staff_members", type_="foreignkey"
        )
        batch_op.drop_column("resolution_note")
        batch_op.drop_column("resolved_by_id")
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.drop_column("review_requests_opt_out")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("review_requested_at")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("review_url")
