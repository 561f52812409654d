"""Catalogue and search benchmark: server-side time per URL through the WSGI app.

Prepares a database with the demo catalogue plus generated products (reused when it
already holds the requested number), then requests each URL through Flask's test
client, so the figures are the app's own time (routing, queries, templates) without
HTTP or a web server. See bench/README.md.

    .venv/bin/python bench/catalog.py                  # SQLite in a temp dir
    .venv/bin/python bench/catalog.py --postgres       # throwaway PostgreSQL on port 55433
    .venv/bin/python bench/catalog.py --postgres --pg-port 56034 --work-dir /tmp/bench-me
    .venv/bin/python bench/catalog.py --database-url postgresql+psycopg://...
"""

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402

from bench.harness import bench_app, redact, report_some_stock, summarize  # noqa: E402
from shop.extensions import db  # noqa: E402
from shop.models import Category, Product  # noqa: E402

WORK_DIR = Path(tempfile.gettempdir()) / "shop-bench"
PG_PORT = 55433
SEARCH_TARGET_MS = 100
PAGE_TARGET_MS = 50
SUGGEST_TARGET_MS = 30
FACET_TARGET_MS = 50  # issue #11: facet counts of the largest category
# Issue #10: searches for common words answer within 50 ms in 99 of 100 requests.
COMMON_WORD_P99_TARGET_MS = 50

# A mix of what buyers type: common words in both languages, two-word queries, a SKU and
# an EAN (GEN-0054321's; a data set built before products had EANs searches it as words),
# a rare word (every demo word recurs in ~340 generated products) and a word that
# matches nothing.
SEARCH_QUERIES = [
    "bolt",
    "gloves",
    "Schraube",
    "steel",
    "hex bolt",
    "nitrile gloves",
    "din 933 m8",
    "GEN-0054321",
    "4010000543212",
    "acetone",
    "xylophone",
    "blot",
]
# The searches issue #10 holds to its p99 target: common words, and a misspelt one that is
# searched as the common word it stands for (all but the SKU, the EAN, the rare word and the
# word without match).
COMMON_WORD_QUERIES = set(SEARCH_QUERIES) - {"GEN-0054321", "4010000543212", "acetone", "xylophone"}
# What the header's search field asks while someone types (htmx, issue #11).
SUGGEST_QUERIES = ["bol", "bolt", "Schraub", "hex bo", "nitril", "din 933", "scrw"]


@dataclass(frozen=True)
class Measurement:
    url: str
    kind: str
    target_ms: float
    median_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    results: int | None
    p99_target_ms: float | None = None

    @property
    def meets_target(self) -> bool:
        if self.p99_target_ms is not None and self.p99_ms >= self.p99_target_ms:
            return False
        return self.p95_ms < self.target_ms


def _figures(timings: list[float]) -> dict[str, float]:
    """Median, p95, p99 and max in ms; the percentiles by nearest rank, so with the default
    100 runs p99 is the second slowest request."""
    median, p95, largest = summarize(timings)
    ordered = sorted(timings)
    p99 = round(ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)], 1)
    return {"median_ms": median, "p95_ms": p95, "p99_ms": p99, "max_ms": largest}


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    with _database(args) as url:
        app = bench_app(url, args.work_dir)
        with app.app_context():
            count = prepare_database(args.products, owned=args.database_url is None)
        print(f"database: {redact(url)} ({count} products)", file=sys.stderr)
        measurements = measure_all(app, args.runs, args.warmup)
        measurements += measure_facet_counts(app, args.runs, args.warmup)
        with app.app_context():
            db.engine.dispose()
    print(format_table(measurements, _dialect(url), count))
    if args.json:
        rows = [asdict(m) | {"meets_target": m.meets_target} for m in measurements]
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    return 0 if all(m.meets_target for m in measurements) else 1


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", help="an existing database (default: SQLite in a temp dir)"
    )
    parser.add_argument(
        "--postgres",
        action="store_true",
        help=f"start a throwaway PostgreSQL on port {PG_PORT} and stop it afterwards",
    )
    parser.add_argument(
        "--pg-port",
        type=int,
        default=PG_PORT,
        help=f"the port of the throwaway PostgreSQL (default {PG_PORT})",
    )
    parser.add_argument("--products", type=int, default=100_000, help="products in the catalogue")
    # 100: enough for a p99 that is not simply the slowest request.
    parser.add_argument("--runs", type=int, default=100, help="measured requests per URL")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured requests per URL")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=WORK_DIR,
        help=f"where the SQLite file and PostgreSQL data live between runs (default {WORK_DIR})",
    )
    parser.add_argument(
        "--fresh", action="store_true", help="throw away the prepared database and build it again"
    )
    args = parser.parse_args(argv)
    if args.postgres and args.database_url:
        parser.error("--postgres starts its own server; leave out --database-url")
    return args


@contextmanager
def _database(args: argparse.Namespace):
    """The database URL to use, starting (and finally stopping) PostgreSQL if asked."""
    args.work_dir.mkdir(parents=True, exist_ok=True)
    if args.database_url:
        yield args.database_url
    elif args.postgres:
        with throwaway_postgres(args.work_dir / "pg-data", args.pg_port, fresh=args.fresh) as url:
            yield url
    else:
        path = args.work_dir / f"catalog-{args.products}.sqlite3"
        if args.fresh:
            path.unlink(missing_ok=True)
        yield f"sqlite:///{path}"


@contextmanager
def throwaway_postgres(data_dir: Path, port: int, fresh: bool):
    """Run a private PostgreSQL on `data_dir` (kept between runs, so data is reused)."""
    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not pg_bin:
        raise SystemExit("PostgreSQL binaries not found under /usr/lib/postgresql")
    bin_dir = pg_bin[-1]
    if fresh and data_dir.exists():
        shutil.rmtree(data_dir)
    if not (data_dir / "PG_VERSION").exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        shutil.chown(data_dir, "postgres", "postgres")
        _as_postgres(
            f"{bin_dir}/initdb -D {data_dir} -U postgres -A trust -E UTF8 "
            "--locale=C.UTF-8 --no-sync"
        )
    # fsync off: a throwaway server; it makes loading faster and does not change read times.
    _as_postgres(
        f"{bin_dir}/pg_ctl -D {data_dir} -l {data_dir}/log -w "
        f"-o '-c listen_addresses=127.0.0.1 -p {port} -k {data_dir} -c fsync=off' start"
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        _as_postgres(f"{bin_dir}/pg_ctl -D {data_dir} -m fast -w stop")


def _as_postgres(command: str) -> None:
    # initdb and pg_ctl refuse to run as root.
    runner = ["su", "postgres", "-s", "/bin/sh", "-c", command]
    subprocess.run(runner if os.geteuid() == 0 else ["/bin/sh", "-c", command], check=True)


def prepare_database(products: int, owned: bool) -> int:
    """Migrate, load the demo catalogue and generate products up to `products`; the count."""
    from shop.demo.loader import generate_products, load_demo_data

    upgrade()
    count = _product_count()
    if count > products and owned and db.engine.dialect.name == "postgresql":
        # Our own throwaway server holds a bigger catalogue from an earlier run: start over.
        db.session.remove()
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        count = 0
    if count > products:
        raise SystemExit(
            f"The database holds {count} products, more than --products {products}; "
            "use another database or --fresh."
        )
    if count == products:
        report_some_stock()
        return count
    started = time.perf_counter()
    if count == 0:
        print(load_demo_data(), file=sys.stderr)
        count = _product_count()
    if count < products:
        generate_products(products - count)
    report_some_stock()
    if db.engine.dialect.name == "postgresql":
        # Autovacuum would do this soon after a bulk load; do it now for stable plans.
        db.session.remove()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    print(f"prepared in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return _product_count()


def _product_count() -> int:
    return db.session.scalar(select(func.count(Product.id)))


def bench_urls(app: Flask) -> list[tuple[str, str, float]]:
    """(url, kind, target in ms of the p95) for every measured page, picked from the data."""
    with app.app_context():
        top, leaf = _biggest_top_and_leaf_categories()
        sku = db.session.scalar(select(Product.sku).where(Product.sku == "GEN-0054321"))
        # The last published one: the generator leaves one in fifty unpublished (#12).
        sku = sku or db.session.scalar(
            select(Product.sku).where(Product.published).order_by(Product.id.desc()).limit(1)
        )
    urls = [(f"/search?q={quote(q)}", "search", SEARCH_TARGET_MS) for q in SEARCH_QUERIES]
    urls += [
        (f"/search/suggestions?q={quote(q)}", "suggest", SUGGEST_TARGET_MS) for q in SUGGEST_QUERIES
    ]
    urls += [
        (url, "page", PAGE_TARGET_MS)
        for url in (
            "/catalog",
            f"/catalog/{top}",
            f"/catalog/{leaf}",
            f"/catalog/{top}?page=50",
            f"/catalog/{top}?sort=price_asc",
            f"/catalog/{leaf}?sort=price_desc&page=50",
            f"/products/{sku}",
        )
    ]
    urls += [
        (f"/catalog/{top}?{query}", "page", PAGE_TARGET_MS)
        for query in facet_queries(app, top)
        if query
    ]
    return urls


def facet_queries(app: Flask, top: str) -> list[str]:
    """Filters on the largest category: none, one value, two facets with a range, in stock.

    The values are the most frequent ones of the category's first two facets.
    """
    from shop.catalog.facets import facet_panel
    from shop.catalog.queries import category_scope, category_tree
    from shop.domain.facets import Selection

    with app.app_context():
        panel = facet_panel(category_scope(category_tree().by_slug_or_404(top)), Selection(), "en")
    picks = [
        (facet.key, max(facet.values, key=lambda v: v.count).value)
        for facet in panel.facets
        if facet.values
    ][:2]
    one = f"f.{picks[0][0]}={quote(picks[0][1])}"
    two = f"{one}&f.{picks[1][0]}={quote(picks[1][1])}&f.length.min=10&f.length.max=100"
    return ["", one, two, "in_stock=1"]


def measure_facet_counts(app: Flask, runs: int, warmup: int) -> list[Measurement]:
    """Time the facet counts alone (scope and counts, no rendering) on the largest category."""
    from urllib.parse import parse_qsl

    from shop.catalog.facets import facet_panel
    from shop.catalog.queries import category_scope, category_tree
    from shop.domain.facets import parse_selection

    with app.app_context():
        top, _ = _biggest_top_and_leaf_categories()
    results = []
    for query in facet_queries(app, top):
        selection = parse_selection(parse_qsl(query))
        times = []
        with app.app_context():
            category = category_tree().by_slug_or_404(top)
            for run in range(warmup + runs):
                started = time.perf_counter()
                panel = facet_panel(category_scope(category), selection, "en")
                if run >= warmup:
                    times.append((time.perf_counter() - started) * 1000)
            db.session.remove()
        times.sort()
        results.append(
            Measurement(
                url=f"facet counts /catalog/{top}?{query}",
                kind="facets",
                target_ms=FACET_TARGET_MS,
                **_figures(times),
                results=len(panel.facets),
            )
        )
    return results


def _biggest_top_and_leaf_categories() -> tuple[str, str]:
    per_leaf = dict(
        db.session.execute(
            select(Product.category_id, func.count(Product.id)).group_by(Product.category_id)
        ).all()
    )
    categories = db.session.scalars(select(Category)).all()
    leaves = [c for c in categories if c.parent_id is not None]
    tops = [c for c in categories if c.parent_id is None]
    leaf = max(leaves, key=lambda c: per_leaf.get(c.id, 0))

    def below(top: Category) -> int:
        return per_leaf.get(top.id, 0) + sum(
            per_leaf.get(c.id, 0) for c in leaves if c.parent_id == top.id
        )

    return max(tops, key=below).slug, leaf.slug


def measure_all(app: Flask, runs: int, warmup: int) -> list[Measurement]:
    """Time every URL `runs` times after `warmup` unmeasured requests."""
    from shop.catalog.search import search_catalogue, search_products

    client = app.test_client()
    headers = {"Accept-Language": "en"}
    results = []
    for url, kind, target in bench_urls(app):
        asked = headers | {"HX-Request": "true"} if kind == "suggest" else headers
        for _ in range(warmup):
            _get(client, url, asked)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            _get(client, url, asked)
            times.append((time.perf_counter() - started) * 1000)
        found = None
        if kind == "search":
            with app.app_context():
                # What the page shows: a misspelt word's count is that of its correction.
                query = _query_of(url)
                query = search_catalogue(query, 1, 1).corrected or query
                found = search_products(query, 1, 1).total
        common = kind == "search" and _query_of(url) in COMMON_WORD_QUERIES
        results.append(
            Measurement(
                url=url,
                kind=kind,
                target_ms=target,
                **_figures(times),
                results=found,
                p99_target_ms=COMMON_WORD_P99_TARGET_MS if common else None,
            )
        )
    return results


def _get(client, url: str, headers: dict) -> None:
    response = client.get(url, headers=headers)
    # An exact SKU answers with a redirect to its product page (issue #11).
    if response.status_code not in (200, 302):
        raise SystemExit(f"{url} answered {response.status_code}")


def _query_of(url: str) -> str:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(url).query)["q"][0]


def format_table(measurements: list[Measurement], dialect: str, products: int) -> str:
    """The figures as a Markdown table."""
    lines = [
        f"{dialect}, {products} products: server-side ms per request",
        "",
        "| URL | results | median | p95 | p99 | max | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for m in measurements:
        found = "" if m.results is None else str(m.results)
        target = f"p95 < {m.target_ms:.0f} {'ok' if m.p95_ms < m.target_ms else 'MISSED'}"
        if m.p99_target_ms is not None:
            met = m.p99_ms < m.p99_target_ms
            target += f", p99 < {m.p99_target_ms:.0f} {'ok' if met else 'MISSED'}"
        lines.append(
            f"| `{m.url}` | {found} | {m.median_ms:.1f} | {m.p95_ms:.1f} | {m.p99_ms:.1f} "
            f"| {m.max_ms:.1f} | {target} |"
        )
    return "\n".join(lines)


def _dialect(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"


if __name__ == "__main__":
    raise SystemExit(main())
