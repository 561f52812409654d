"""add the orderer to the orders' (company, status, waiting since) index: the approval inbox

Issue #10: the inbox counts and pages a company's waiting orders that are not the approver's
own; with the orderer in the index both are answered from it, without reading each of
10,000 waiting orders' rows.

Revision ID: 0034
Revises: 0033
"""

from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index("ix_orders_company_status")
        batch_op.create_index(
            "ix_orders_company_status",
            ["company_id", "status", "awaiting_since", "user_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index("ix_orders_company_status")
        batch_op.create_index(
            "ix_orders_company_status", ["company_id", "status", "awaiting_since"], unique=False
        )
