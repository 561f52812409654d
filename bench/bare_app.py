"""The yardstick of bench/http_pages.py: a bare Flask page, 50 rows from SQLite via SQLAlchemy,
rendered by a Jinja template, served by the same gunicorn settings as the shop (#10).

    BARE_APP_DATABASE=/tmp/bare.sqlite3 gunicorn bench.bare_app:app

The database is filled by prepare() before gunicorn starts, so its workers only read.
"""

import os
from decimal import Decimal
from pathlib import Path

from flask import Flask, render_template_string
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Numeric, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROWS = 50

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Bare page</title></head>
<body>
<h1>{{ title }}</h1>
<table>
  <thead><tr><th>SKU</th><th>Name</th><th>Price</th></tr></thead>
  <tbody>
  {% for row in rows %}
    <tr><td>{{ row.sku }}</td><td>{{ row.name }}</td><td>{{ row.price }} EUR</td></tr>
  {% endfor %}
  </tbody>
</table>
</body>
</html>
"""


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Item(db.Model):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    price: Mapped[Decimal] = mapped_column(Numeric(12, 2))


def create_app(database: Path) -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{database}"
    db.init_app(app)

    @app.get("/")
    def items():
        rows = db.session.scalars(select(Item).order_by(Item.id).limit(ROWS)).all()
        return render_template_string(PAGE, title="Items", rows=rows)

    return app


def prepare(database: Path) -> None:
    """Create the table with its 50 rows (once)."""
    app = create_app(database)
    with app.app_context():
        db.create_all()
        if db.session.scalar(select(db.func.count(Item.id))) == 0:
            db.session.add_all(
                Item(sku=f"ITEM-{n:04d}", name=f"Hex bolt M{n % 20 + 3}", price=Decimal(n) / 4)
                for n in range(1, ROWS + 1)
            )
            db.session.commit()
        db.engine.dispose()


# gunicorn imports this module and serves `app`; bench/http_pages.py names the database.
app = create_app(Path(os.environ.get("BARE_APP_DATABASE", "bare.sqlite3")).resolve())
