"""Writing the last known ERP answers (prices, stock) with an upsert on either database."""

from sqlalchemy import text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shop.extensions import db


def upsert(model, rows: list[dict], key: list[str], update: list[str]) -> None:
    """Insert rows, or update `update` columns where the `key` columns exist.

    Runs in its own short transaction on its own connection, so a cache write never
    commits (and expires) the request's work in progress.
    """
    if not rows:
        return
    postgres = db.engine.dialect.name == "postgresql"
    statement = (postgresql if postgres else sqlite).insert(model).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=key, set_={column: statement.excluded[column] for column in update}
    )
    with Session(db.engine) as session:
        if not postgres:
            session.execute(text("BEGIN IMMEDIATE"))
        session.execute(statement)
        session.commit()
