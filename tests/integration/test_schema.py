"""The migrations and the models describe the same schema, on every database we support."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from shop.extensions import db
from shop.models.unmapped import include_object


def test_migrations_and_models_agree(app_context):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        differences = compare_metadata(context, db.metadata)

    assert differences == []


def test_full_text_search_objects_exist(app_context):
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            found = connection.exec_driver_sql(
                "SELECT indexname FROM pg_indexes WHERE indexname = 'ix_products_search_vector'"
            ).scalar()
        else:
            found = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE name = 'product_fts'"
            ).scalar()

    assert found
