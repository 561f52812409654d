"""backfill product type attributes' labels and German allowed values from the products

Types made before the editor (#12) have attributes without labels. Their products already name
each attribute in both languages (product_attributes.label_en/label_de, #11): the first
product's labels become the type's, and a choice's German values are taken from products
whose English value is the allowed one (the English value where none has it). Attributes no
product has stay unnamed; the editor asks for the labels when the type is next saved.
Downgrade leaves the values (0029's downgrade drops the columns).

Revision ID: 0030
Revises: 0029
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade():
    connection = op.get_bind()
    attributes = connection.execute(
        sa.text(
            "SELECT id, product_type_id, key, allowed_values FROM product_type_attributes "
            "WHERE label_en = '' OR label_de = ''"
        )
    ).all()
    for attribute_id, type_id, key, stored in attributes:
        # SQLite hands the JSON column back as text, PostgreSQL's driver already decoded.
        allowed = json.loads(stored) if isinstance(stored, str) else stored
        labels = connection.execute(
            sa.text(
                "SELECT label_en, label_de FROM product_attributes "
                "JOIN products ON products.id = product_attributes.product_id "
                "WHERE products.product_type_id = :type_id AND product_attributes.key = :key "
                "ORDER BY product_attributes.id LIMIT 1"
            ),
            {"type_id": type_id, "key": key},
        ).first()
        german = []
        for value in allowed or []:
            found = connection.execute(
                sa.text(
                    "SELECT value_de FROM product_attributes "
                    "WHERE key = :key AND value_en = :value LIMIT 1"
                ),
                {"key": key, "value": value},
            ).scalar()
            german.append(found or value)
        if labels is None and not german:
            continue
        connection.execute(
            sa.text(
                "UPDATE product_type_attributes SET label_en = :label_en, label_de = :label_de, "
                "allowed_values_de = :german WHERE id = :id"
            ).bindparams(sa.bindparam("german", type_=sa.JSON())),
            {
                "id": attribute_id,
                "label_en": labels.label_en[:100] if labels else "",
                "label_de": labels.label_de[:100] if labels else "",
                "german": german,
            },
        )


def downgrade():
    pass
