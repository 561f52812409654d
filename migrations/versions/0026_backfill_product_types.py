"""backfill product types: the demo catalogue's types, and each product the type of its category

A shop migrated from before #12 has products but no types. The demo's product types (one per
leaf category, its code the category's slug; shop/demo/data/product_types.json) are created
for the categories the shop has, and every product without a type gets its category's.
Whether a product is published does not change here: `flask catalog check` runs the content
firewall over the catalogue when the operator is ready (products failing it are unpublished
with their reasons). Downgrade leaves the rows (0021_firewall's downgrade drops them).

Revision ID: 0026
Revises: 0025
"""

import sqlalchemy as sa
from alembic import op

from shop.demo.catalog_data import product_types

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade():
    connection = op.get_bind()
    slugs = set(connection.execute(sa.text("SELECT slug FROM categories")).scalars())
    existing = set(connection.execute(sa.text("SELECT code FROM product_types")).scalars())
    for spec in product_types():
        if spec.code not in slugs or spec.code in existing:
            continue
        type_id = connection.execute(
            sa.text(
                "INSERT INTO product_types (code, name_en, name_de, requires_image, "
                "requires_datasheet) VALUES (:code, :name_en, :name_de, :image, :sheet) "
                "RETURNING id"
            ),
            {
                "code": spec.code,
                "name_en": spec.name_en,
                "name_de": spec.name_de,
                "image": spec.requires_image,
                "sheet": spec.requires_datasheet,
            },
        ).scalar_one()
        for position, attribute in enumerate(spec.attributes):
            connection.execute(
                sa.text(
                    "INSERT INTO product_type_attributes (product_type_id, position, key, kind, "
                    "unit, allowed_values) VALUES (:type_id, :position, :key, :kind, :unit, "
                    ":allowed)"
                ).bindparams(sa.bindparam("allowed", type_=sa.JSON())),
                {
                    "type_id": type_id,
                    "position": position,
                    "key": attribute.key,
                    "kind": attribute.kind,
                    "unit": attribute.unit,
                    "allowed": list(attribute.allowed),
                },
            )
    connection.execute(
        sa.text(
            "UPDATE products SET product_type_id = (SELECT product_types.id FROM product_types "
            "JOIN categories ON categories.slug = product_types.code "
            "WHERE categories.id = products.category_id) WHERE product_type_id IS NULL"
        )
    )


def downgrade():
    pass
