"""Issue #14: data sheets stored before prices left them are scrubbed by the migration."""

from flask_migrate import upgrade
from sqlalchemy import text

from shop import create_app
from shop.extensions import db

OLD_LINE = (
    b"(List price / Listenpreis: 1,234.50 \x80 / 1.234,50 \x80 "
    b"\\(net / netto, VAT / MwSt. 19 %\\)) Tj"
)
OLD_SHEET = (
    b"%PDF-1.4\nBT /F1 10 Tf (Unit / Einheit: piece) Tj\n0 -16 Td "
    + OLD_LINE
    + b"\n0 -16 Td (Width / Breite) Tj ET\nxref\n"
)


def test_the_migration_blanks_the_price_of_stored_data_sheets_and_keeps_every_offset(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "ENV_NAME": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'sheets.sqlite3'}",
        }
    )
    with app.app_context():
        upgrade(revision="0006")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO categories (id, slug, name_en, name_de, position) "
                    "VALUES (1, 'c', 'C', 'C', 0)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO products (id, sku, category_id, name_en, name_de, "
                    "description_en, description_de, manufacturer, list_price, vat_rate, unit, "
                    "published, created_at) "
                    "VALUES (1, 'S-1', 1, 'N', 'N', '', '', 'M', 123450, 1900, 'piece', 1, "
                    "'2026-01-01')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO product_media (product_id, kind, filename, mime_type, title_en, "
                    "title_de, size, content) VALUES (1, 'datasheet', 's.pdf', "
                    "'application/pdf', '', '', :size, :content)"
                ),
                {"size": len(OLD_SHEET), "content": OLD_SHEET},
            )

        upgrade()

        with db.engine.connect() as connection:
            content = bytes(connection.execute(text("SELECT content FROM product_media")).scalar())
        db.engine.dispose()

    assert len(content) == len(OLD_SHEET)
    assert b"List price" not in content and b"1,234.50" not in content and b"\x80" not in content
    assert b"(Unit / Einheit: piece) Tj" in content and b"(Width / Breite) Tj" in content
