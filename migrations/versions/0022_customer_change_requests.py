"""add customer_change_requests: master data changes the main contact asks the ERP for (#15)

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "customer_change_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_by_label", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("erp_reference", sa.String(length=64), nullable=False),
        sa.Column("erp_message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("handled_by_id", sa.Integer(), nullable=True),
        sa.Column("handled_note", sa.Text(), nullable=False),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_customer_change_requests_company_id_companies"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_customer_change_requests_requested_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["handled_by_id"],
            ["staff_members.id"],
            name=op.f("fk_customer_change_requests_handled_by_id_staff_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_change_requests")),
    )
    with op.batch_alter_table("customer_change_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_customer_change_requests_company_created",
            ["company_id", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_customer_change_requests_status_created", ["status", "created_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("customer_change_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_customer_change_requests_status_created")
        batch_op.drop_index("ix_customer_change_requests_company_created")
    op.drop_table("customer_change_requests")
