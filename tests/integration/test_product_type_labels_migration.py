"""The product type editor's backfill (#12): attributes of types made before it get their
labels and a choice's German values from the products."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from shop import create_app
from shop.extensions import db


def test_type_attributes_get_their_labels_and_german_values_from_the_products(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "ENV_NAME": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'labels.sqlite3'}",
        }
    )
    with app.app_context():
        upgrade(revision="0027")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO categories (id, slug, name_en, name_de, position) VALUES "
                    "(1, 'helmets', 'Helmets', 'Helme', 1)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO product_types (id, code, name_en, name_de, requires_image, "
                    "requires_datasheet) VALUES (1, 'helmets', 'Helmets', 'Helme', 1, 0)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO product_type_attributes (product_type_id, position, key, kind, "
                    "unit, allowed_values) VALUES "
                    "(1, 0, 'colour', 'choice', NULL, '[\"red\", \"white\"]'), "
                    "(1, 1, 'weight', 'number', 'g', '[]')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO products (id, sku, category_id, name_en, name_de, "
                    "description_en, description_de, manufacturer, unit, list_price, "
                    "vat_rate, published, created_at, product_type_id) VALUES (1, 'H-1', 1, "
                    "'Helmet', 'Helm', '', '', '', 'piece', 100, 1900, 1, '2026-01-01', 1)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO product_attributes (product_id, category_id, position, key, "
                    "label_en, label_de, value_en, value_de) VALUES "
                    "(1, 1, 0, 'colour', 'Colour', 'Farbe', 'red', 'rot')"
                )
            )

        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT key, label_en, label_de, allowed_values_de, required "
                    "FROM product_type_attributes ORDER BY position"
                )
            ).all()
        downgrade(revision="0027")
        db.engine.dispose()

    assert [(r.key, r.label_en, r.label_de, r.required) for r in rows] == [
        ("colour", "Colour", "Farbe", 1),
        ("weight", "", "", 1),
    ]
    assert [r.allowed_values_de for r in rows] == ['["rot", "white"]', "[]"]
