"""backfill attribute keys and per-language values from the old one-string values (issue #11)

"steel / Stahl" becomes value_en "steel", value_de "Stahl"; "40 mm" becomes the number 40 with
the unit "mm" (and "0.8 mm" is "0,8 mm" in German); codes that contain a slash
("DIN 933 / ISO 4017") stay whole. The rule is shop.domain.attribute_values.split_value, the
one the unit tests pin down. The key comes from the English label (the demo catalogue's
labels are listed; any other label gets a key made from its words), the category from the
product. Then the old column goes.
Downgrade writes "English / German" strings back.

Revision ID: 0020
Revises: 0019
"""

import re

import sqlalchemy as sa
from alembic import op

from shop.domain.attribute_values import split_value

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

BATCH = 2000

LABEL_KEYS = {
    "Standard": "standard",
    "Thread size": "thread",
    "Length": "length",
    "Diameter": "diameter",
    "Drill hole diameter": "drill_hole",
    "Inner diameter": "inner_diameter",
    "Outer diameter": "outer_diameter",
    "Thickness": "thickness",
    "Width": "width",
    "Height": "height",
    "Depth": "depth",
    "Width across flats": "width_across_flats",
    "Property class": "strength",
    "Material": "material",
    "Surface finish": "finish",
    "Drive": "drive",
    "Pieces per pack": "pack",
    "Pairs per pack": "pairs",
    "Voltage": "voltage",
    "Rated power": "power",
    "Max. torque": "torque",
    "No-load speed": "speed",
    "Batteries": "battery",
    "Chuck": "chuck",
    "Weight": "weight",
    "Shank": "shank",
    "Number of teeth": "teeth",
    "Bore": "bore",
    "Teeth per inch": "tpi",
    "Size": "size",
    "Cut protection level": "cut_level",
    "Coating": "coating",
    "Lens tint": "lens",
    "Colour": "colour",
    "Noise reduction (SNR)": "snr",
    "Load per shelf": "load",
    "Max. load": "total_load",
    "Shelves": "shelves",
    "Worktop": "worktop",
    "Volume": "volume",
    "Tube outer diameter": "tube",
    "Max. operating pressure": "pressure",
    "Nominal width": "nominal_width",
    "Connection": "connection",
    "Cross-section": "cross_section",
    "Conductors": "conductors",
    "Rated voltage": "rated_voltage",
    "Rated current": "current",
    "Temperature range": "temperature",
    "Viscosity class": "viscosity",
    "Container": "container",
    "NLGI class": "nlgi",
    "Base": "base",
    "Certification": "certificate",
}

attributes = sa.table(
    "product_attributes",
    sa.column("id", sa.Integer),
    sa.column("label_en", sa.String),
    sa.column("value", sa.String),
    sa.column("key", sa.String),
    sa.column("value_en", sa.String),
    sa.column("value_de", sa.String),
    sa.column("number", sa.Float),
    sa.column("unit", sa.String),
    sa.column("product_id", sa.Integer),
    sa.column("category_id", sa.Integer),
)
products = sa.table("products", sa.column("id", sa.Integer), sa.column("category_id", sa.Integer))


def attribute_key(label_en: str) -> str:
    """The key of an attribute named `label_en` ("Thread size" → "thread")."""
    known = LABEL_KEYS.get(label_en)
    if known:
        return known
    return re.sub(r"[^a-z0-9]+", "_", label_en.lower()).strip("_")[:40] or "attribute"


def upgrade():
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(attributes.c.id, attributes.c.label_en, attributes.c.value)
            .where(attributes.c.id > last_id)
            .order_by(attributes.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        last_id = rows[-1].id
        updates = []
        for row in rows:
            value = split_value(row.value or "")
            updates.append(
                {
                    "row_id": row.id,
                    "key": attribute_key(row.label_en),
                    "value_en": value.value_en,
                    "value_de": value.value_de,
                    "number": value.number,
                    "unit": value.unit,
                }
            )
        connection.execute(
            attributes.update()
            .where(attributes.c.id == sa.bindparam("row_id"))
            .values(
                key=sa.bindparam("key"),
                value_en=sa.bindparam("value_en"),
                value_de=sa.bindparam("value_de"),
                number=sa.bindparam("number"),
                unit=sa.bindparam("unit"),
            ),
            updates,
        )
    connection.execute(
        attributes.update().values(
            category_id=sa.select(products.c.category_id)
            .where(products.c.id == attributes.c.product_id)
            .scalar_subquery()
        )
    )
    with op.batch_alter_table("product_attributes", schema=None) as batch_op:
        batch_op.alter_column("category_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("key", existing_type=sa.String(length=40), nullable=False)
        batch_op.alter_column("value_en", existing_type=sa.String(length=200), nullable=False)
        batch_op.alter_column("value_de", existing_type=sa.String(length=200), nullable=False)
        batch_op.drop_column("value")


def downgrade():
    with op.batch_alter_table("product_attributes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("value", sa.String(length=200), nullable=True))
    connection = op.get_bind()
    connection.execute(
        attributes.update().values(
            value=sa.case(
                (attributes.c.number.is_not(None), attributes.c.value_en),
                (attributes.c.value_en == attributes.c.value_de, attributes.c.value_en),
                else_=attributes.c.value_en + " / " + attributes.c.value_de,
            )
        )
    )
    with op.batch_alter_table("product_attributes", schema=None) as batch_op:
        batch_op.alter_column("value", existing_type=sa.String(length=200), nullable=False)
        batch_op.alter_column("value_de", existing_type=sa.String(length=200), nullable=True)
        batch_op.alter_column("value_en", existing_type=sa.String(length=200), nullable=True)
        batch_op.alter_column("key", existing_type=sa.String(length=40), nullable=True)
        batch_op.alter_column("category_id", existing_type=sa.Integer(), nullable=True)
