"""The migration to per-language attribute values converts the rows a shop already has (#11)."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from shop import create_app
from shop.extensions import db

OLD_ROWS = [
    ("Material", "Werkstoff", "steel / Stahl"),
    ("Length", "Länge", "40 mm"),
    ("Thickness", "Dicke", "0.8 mm"),
    ("Standard", "Norm", "DIN 933 / ISO 4017"),
    ("Colour code", "Farbcode", "RAL 9005"),
]


def test_old_one_string_values_become_keys_languages_numbers_and_units_and_back(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "ENV_NAME": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'attributes.sqlite3'}",
        }
    )
    with app.app_context():
        upgrade(revision="0016")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO categories (id, slug, name_en, name_de, position) "
                    "VALUES (1, 'screws', 'Screws', 'Schrauben', 1)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO products (id, sku, category_id, name_en, name_de, "
                    "description_en, description_de, manufacturer, unit, list_price, vat_rate, "
                    "published, created_at) VALUES (1, 'B-1', 1, 'Bolt', 'Schraube', '', '', "
                    "'', 'piece', 100, 1900, 1, '2026-01-01')"
                )
            )
            for position, (label_en, label_de, value) in enumerate(OLD_ROWS):
                connection.execute(
                    text(
                        "INSERT INTO product_attributes (product_id, position, label_en, "
                        "label_de, value) VALUES (1, :position, :en, :de, :value)"
                    ),
                    {"position": position, "en": label_en, "de": label_de, "value": value},
                )

        upgrade()
        with db.engine.connect() as connection:
            converted = connection.execute(
                text(
                    "SELECT key, value_en, value_de, number, unit FROM product_attributes "
                    "ORDER BY position"
                )
            ).all()
        downgrade(revision="0016")
        with db.engine.connect() as connection:
            restored = (
                connection.execute(text("SELECT value FROM product_attributes ORDER BY position"))
                .scalars()
                .all()
            )
        db.engine.dispose()

    assert [tuple(row) for row in converted] == [
        ("material", "steel", "Stahl", None, None),
        ("length", "40 mm", "40 mm", 40.0, "mm"),
        ("thickness", "0.8 mm", "0,8 mm", 0.8, "mm"),
        ("standard", "DIN 933 / ISO 4017", "DIN 933 / ISO 4017", None, None),
        ("colour_code", "RAL 9005", "RAL 9005", None, None),
    ]
    assert restored == ["steel / Stahl", "40 mm", "0.8 mm", "DIN 933 / ISO 4017", "RAL 9005"]
