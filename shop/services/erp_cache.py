"""Writing the last known ERP answers (prices, stock) with an upsert on either database."""

from sqlalchemy.dialects import postgresql, sqlite

from shop.extensions import db
from shop.services.unit_of_work import separate_transaction


def upsert(model, rows: list[dict], key: list[str], update: list[str]) -> None:
    """Insert rows, or update `update` columns where the `key` columns exist.

    Deliberately not part of the request's unit of work: the answers are asked outside any
    write transaction (the ERP may be slow) and stay cached whatever the request does next,
    and writing them never commits or expires the request's work in progress.
    """
    if not rows:
        return
    postgres = db.engine.dialect.name == "postgresql"
    statement = (postgresql if postgres else sqlite).insert(model).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=key, set_={column: statement.excluded[column] for column in update}
    )
    with separate_transaction() as connection:
        connection.execute(statement)
