"""give every company its predefined roles and existing users a role (backfill)

Main contacts (users.is_main_contact) get the main-contact role, everyone else the buyer
role, which is what they could do before roles existed.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

PREDEFINED = ("main_contact", "buyer", "approver", "controller", "service_technician")


def upgrade():
    connection = op.get_bind()
    companies = [row[0] for row in connection.execute(sa.text("SELECT id FROM companies"))]
    for company_id in companies:
        for kind in PREDEFINED:
            exists = connection.execute(
                sa.text("SELECT id FROM roles WHERE company_id = :c AND predefined = :k"),
                {"c": company_id, "k": kind},
            ).scalar()
            if exists is None:
                connection.execute(
                    sa.text(
                        "INSERT INTO roles (company_id, predefined, name, custom_rights) "
                        "VALUES (:c, :k, :k, '[]')"
                    ),
                    {"c": company_id, "k": kind},
                )
    users = connection.execute(sa.text("SELECT id, company_id, is_main_contact FROM users")).all()
    for user_id, company_id, is_main_contact in users:
        kind = "main_contact" if is_main_contact else "buyer"
        role_id = connection.execute(
            sa.text("SELECT id FROM roles WHERE company_id = :c AND predefined = :k"),
            {"c": company_id, "k": kind},
        ).scalar()
        connection.execute(
            sa.text("INSERT INTO user_roles (user_id, role_id) VALUES (:u, :r)"),
            {"u": user_id, "r": role_id},
        )


def downgrade():
    op.execute("DELETE FROM user_roles")
    op.execute("DELETE FROM roles")
