"""The product type backfill gives every existing product its category's type (#12)."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from shop import create_app
from shop.extensions import db


def test_existing_products_get_the_type_of_their_category_and_stay_published(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "ENV_NAME": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'types.sqlite3'}",
        }
    )
    with app.app_context():
        upgrade(revision="0020")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO categories (id, slug, name_en, name_de, position) VALUES "
                    "(1, 'fasteners-nuts', 'Nuts', 'Muttern', 1), "
                    "(2, 'own-things', 'Own', 'Eigenes', 2)"
                )
            )
            for product_id, category_id in ((1, 1), (2, 2)):
                connection.execute(
                    text(
                        "INSERT INTO products (id, sku, category_id, name_en, name_de, "
                        "description_en, description_de, manufacturer, unit, list_price, "
                        "vat_rate, published, created_at) VALUES (:id, :sku, :category, 'Nut', "
                        "'Mutter', '', '', '', 'piece', 100, 1900, 1, '2026-01-01')"
                    ),
                    {"id": product_id, "sku": f"N-{product_id}", "category": category_id},
                )

        upgrade()
        with db.engine.connect() as connection:
            products = connection.execute(
                text(
                    "SELECT products.sku, product_types.code, products.published FROM products "
                    "LEFT JOIN product_types ON product_types.id = products.product_type_id "
                    "ORDER BY products.id"
                )
            ).all()
            keys = connection.execute(
                text(
                    "SELECT key, kind, unit FROM product_type_attributes "
                    "ORDER BY product_type_id, position"
                )
            ).all()
        downgrade(revision="0020")
        db.engine.dispose()

    assert [tuple(row) for row in products] == [
        ("N-1", "fasteners-nuts", 1),
        ("N-2", None, 1),
    ]
    assert [tuple(row) for row in keys] == [
        ("standard", "text", None),
        ("thread", "text", None),
        ("width_across_flats", "number", "mm"),
    ]
