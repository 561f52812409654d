"""add catalog_imports: each catalogue import's report (issue #12)

§13: an import reports accepted, changed, unchanged and rejected records (with reasons per
record); the report is kept so the back office can show it after the upload and later.

Revision ID: 0021_firewall_b
Revises: 0021_firewall
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_firewall_b"
down_revision = "0021_firewall"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "catalog_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("records", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff_members.id"], name="fk_catalog_imports_staff_id_staff_members"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_catalog_imports"),
    )


def downgrade():
    op.drop_table("catalog_imports")
