"""backfill audit entries: target keys, company targets by id, absences as data

Existing entries get the business key of their target (issue #13): a user's e-mail, a role's
name, the company's customer number. Company entries referred to the company by its id in
some places and by its customer number in others; all now keep the id as link and the
customer number as key. Approvers were listed as "Name (#id)", now "Name <e-mail>". Absences
were stored as English text with the deputy's database id
("2026-12-01 – 2026-12-05, deputy Anna Müller (#1)"); they become data the page words in the
reader's language.

Revision ID: 0014
Revises: 0013
"""

import json
import re

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

audit = sa.table(
    "audit_entries",
    sa.column("id", sa.Integer),
    sa.column("company_id", sa.Integer),
    sa.column("target_type", sa.String),
    sa.column("target_id", sa.String),
    sa.column("target_key", sa.String),
    sa.column("field", sa.String),
    sa.column("old_value", sa.Text),
    sa.column("new_value", sa.Text),
)
companies = sa.table(
    "companies", sa.column("id", sa.Integer), sa.column("customer_number", sa.String)
)
users = sa.table("users", sa.column("id", sa.Integer), sa.column("email", sa.String))
roles = sa.table(
    "roles",
    sa.column("id", sa.Integer),
    sa.column("predefined", sa.String),
    sa.column("name", sa.String),
)

USER_ID = re.compile(r" \(#(\d+)\)")
ABSENCE = re.compile(r"^(\d{4}-\d{2}-\d{2}) – (\d{4}-\d{2}-\d{2}), deputy (.*) \(#(\d+)\)$")


def _absence(value: str, emails: dict[int, str]) -> str:
    match = ABSENCE.match(value or "")
    if match is None:
        return value
    start, end, name, deputy_id = match.groups()
    data = {
        "start": start,
        "end": end,
        "deputy": name,
        "deputy_email": emails.get(int(deputy_id), ""),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _approvers(value: str, emails: dict[int, str]) -> str:
    def email(match: re.Match) -> str:
        known = emails.get(int(match.group(1)))
        return f" <{known}>" if known else ""

    return USER_ID.sub(email, value or "")


def _int(text: str) -> int | None:
    return int(text) if text and text.isdigit() else None


def upgrade():
    connection = op.get_bind()
    numbers = dict(connection.execute(sa.select(companies.c.id, companies.c.customer_number)).all())
    emails = dict(connection.execute(sa.select(users.c.id, users.c.email)).all())
    role_keys = {
        row.id: row.predefined or row.name
        for row in connection.execute(sa.select(roles.c.id, roles.c.predefined, roles.c.name))
    }
    entries = connection.execute(sa.select(audit).order_by(audit.c.id)).all()
    # A deleted role's name survives in its own entries (created, renamed, deleted): the last.
    role_names: dict[str, str] = {}
    for entry in entries:
        if entry.target_type == "role" and entry.field in ("created", "name", "deleted"):
            role_names[entry.target_id] = entry.new_value or entry.old_value
    for entry in entries:
        values: dict = {}
        if entry.target_type == "company" and entry.company_id is not None:
            values = {
                "target_id": str(entry.company_id),
                "target_key": numbers.get(entry.company_id) or "",
            }
        elif entry.target_type == "user":
            values = {"target_key": emails.get(_int(entry.target_id)) or ""}
        elif entry.target_type == "role":
            key = role_keys.get(_int(entry.target_id)) or role_names.get(entry.target_id)
            values = {"target_key": key or ""}
        if entry.field == "absence":
            values["old_value"] = _absence(entry.old_value, emails)
            values["new_value"] = _absence(entry.new_value, emails)
        if entry.field in ("approvers", "company_approvers"):
            values["old_value"] = _approvers(entry.old_value, emails)
            values["new_value"] = _approvers(entry.new_value, emails)
        if values:
            connection.execute(audit.update().where(audit.c.id == entry.id).values(**values))


def downgrade():
    # Nothing to undo that the old code cannot read: 0011_labels' downgrade drops the keys,
    # company entries keep pointing at their company, and an absence shows as its data.
    pass
