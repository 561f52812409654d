"""add audit_entries.target_key: the business key a reader knows an audit target by

The audit trail showed database ids ("Company: 1" beside "Company: 10001", "(#1)") to
customers (issue #13). Entries now keep the target's e-mail, role name or customer number as
it was at the change; 0011_labels_b fills it in for existing entries.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_entries") as batch_op:
        batch_op.add_column(
            sa.Column("target_key", sa.String(length=254), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("audit_entries") as batch_op:
        batch_op.drop_column("target_key")
