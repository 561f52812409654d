"""User-list benchmark: server-side time of /customer-center/users for a company of 1,000 users.

Prepares a company with --users users (bulk insert; varied names, roles and states; reused
when it is already there), logs its main contact in, and requests the list, a deep page and
the htmx live filter through Flask's test client, so the figures are the app's own time
(routing, queries, templates) without HTTP or a web server. The exit status is 1 when a
p95 misses its target (100 ms). SQLite data: $TMPDIR/shop-bench/users-<n>.sqlite3 (reused).

    .venv/bin/python bench/users.py                                  # SQLite in a temp dir
    .venv/bin/python bench/users.py --database-url postgresql+psycopg://...
"""

import argparse
import itertools
import json
import re
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402

from bench.harness import bench_app, redact, summarize  # noqa: E402
from shop.domain.rights import PredefinedRole  # noqa: E402
from shop.extensions import db  # noqa: E402
from shop.models import Company, User, user_roles  # noqa: E402
from shop.services.customer_center.roles import ensure_predefined_roles  # noqa: E402
from shop.services.password_hashing import hash_password  # noqa: E402

WORK_DIR = Path(tempfile.gettempdir()) / "shop-bench"
CUSTOMER_NUMBER = "BENCH-USERS"
MAIN_CONTACT = "main@bench-users.example.com"
PASSWORD = "Bench-Passwort-1"
FILTER_TARGET_MS = 100
PAGE_TARGET_MS = 100

FIRST = [
    "Anna",
    "Ben",
    "Clara",
    "David",
    "Eva",
    "Felix",
    "Greta",
    "Hans",
    "Ida",
    "Jonas",
    "Karla",
    "Lukas",
    "Mia",
    "Noah",
    "Olga",
    "Paul",
]
LAST = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Werner",
]
# (share of users, roles): buyers dominate, as in a real customer.
ROLE_MIX = [
    (70, (PredefinedRole.BUYER,)),
    (10, (PredefinedRole.BUYER, PredefinedRole.APPROVER)),
    (5, (PredefinedRole.CONTROLLER,)),
    (13, (PredefinedRole.SERVICE_TECHNICIAN,)),
    (2, (PredefinedRole.MAIN_CONTACT,)),
]


@dataclass(frozen=True)
class Measurement:
    label: str
    url: str
    target_ms: float
    median_ms: float
    p95_ms: float
    max_ms: float
    rows: int

    @property
    def meets_target(self) -> bool:
        return self.p95_ms < self.target_ms


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    url = args.database_url or f"sqlite:///{args.work_dir / f'users-{args.users}.sqlite3'}"
    if args.fresh and not args.database_url:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    app = bench_app(url, args.work_dir)
    with app.app_context():
        count = prepare_company(args.users)
        dialect = db.engine.dialect.name
    print(f"database: {redact(url)} ({count} users in the company)", file=sys.stderr)
    measurements = measure_all(app, args.runs, args.warmup)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    print(format_table(measurements, dialect, count))
    if args.json:
        rows = [asdict(m) | {"meets_target": m.meets_target} for m in measurements]
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    return 0 if all(m.meets_target for m in measurements) else 1


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="an existing database (default: SQLite)")
    parser.add_argument("--users", type=int, default=1000, help="users in the company")
    parser.add_argument("--runs", type=int, default=50, help="measured requests per URL")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured requests per URL")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--work-dir", type=Path, default=WORK_DIR, help="where SQLite lives")
    parser.add_argument(
        "--fresh", action="store_true", help="SQLite: throw the prepared file away first"
    )
    return parser.parse_args(argv)


def prepare_company(users: int) -> int:
    """Migrate; create the bench company with `users` users unless it is there already."""
    upgrade()
    company = db.session.scalar(select(Company).where(Company.customer_number == CUSTOMER_NUMBER))
    if company is not None:
        count = db.session.scalar(select(func.count(User.id)).where(User.company_id == company.id))
        if count == users:
            return count
        raise SystemExit(
            f"The bench company has {count} users, not {users}: use --fresh or another database."
        )
    company = Company(customer_number=CUSTOMER_NUMBER, name="Bench Users GmbH")
    db.session.add(company)
    roles = ensure_predefined_roles(company)
    db.session.flush()
    mix = list(itertools.chain.from_iterable([bundle] * share for share, bundle in ROLE_MIX))
    password = hash_password(PASSWORD)
    rows = []
    for number in range(users):
        first, last = FIRST[number % len(FIRST)], LAST[(number // len(FIRST)) % len(LAST)]
        main = number == 0
        rows.append(
            {
                "company_id": company.id,
                "email": MAIN_CONTACT
                if main
                else f"{first}.{last}.{number}@bench-users.example.com".lower(),
                "name": f"{first} {last}"
                if number < len(FIRST) * len(LAST)
                else f"{first} {last} {number}",
                # Every 20th user is deactivated, every 25th still invited (no password yet).
                "password_hash": None if (number % 25 == 7 and not main) else password,
                "active": main or number % 20 != 3,
            }
        )
    db.session.execute(insert(User), rows)
    ids = db.session.scalars(
        select(User.id).where(User.company_id == company.id).order_by(User.id)
    ).all()
    links = []
    for position, user_id in enumerate(ids):
        bundle = (PredefinedRole.MAIN_CONTACT,) if position == 0 else mix[position % len(mix)]
        links += [{"user_id": user_id, "role_id": roles[kind].id} for kind in bundle]
    db.session.execute(insert(user_roles), links)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE users; ANALYZE user_roles; ANALYZE roles"))
    return len(ids)


def _logged_in_client(app: Flask):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": MAIN_CONTACT, "password": PASSWORD, "csrf_token": token}
    )
    if response.status_code != 302:
        raise SystemExit("the bench main contact could not log in")
    return client


URLS = [
    ("list, page 1", "/customer-center/users", {}),
    ("list, page 20", "/customer-center/users?page=20", {}),
    ("filter (htmx): q=müller", "/customer-center/users?q=m%C3%BCller", {"HX-Request": "true"}),
    ("filter (htmx): q=anna", "/customer-center/users?q=anna", {"HX-Request": "true"}),
    (
        "filter (htmx): q=a, status, role",
        "/customer-center/users?q=a&status=active&role={buyer}",
        {"HX-Request": "true"},
    ),
    ("filter (htmx): no match", "/customer-center/users?q=xylophon", {"HX-Request": "true"}),
]


def measure_all(app: Flask, runs: int, warmup: int) -> list[Measurement]:
    client = _logged_in_client(app)
    with app.app_context():
        company = db.session.scalar(
            select(Company).where(Company.customer_number == CUSTOMER_NUMBER)
        )
        buyer = ensure_predefined_roles(company)[PredefinedRole.BUYER].id
        db.session.rollback()
    results = []
    for label, url, headers in URLS:
        url = url.format(buyer=buyer)
        timings, rows = [], 0
        for attempt in range(warmup + runs):
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            if attempt >= warmup:
                timings.append(elapsed)
            rows = len(re.findall(r'<tr id="user-\d+"', response.get_data(as_text=True)))
        target = FILTER_TARGET_MS if headers else PAGE_TARGET_MS
        results.append(Measurement(label, url, target, *summarize(timings), rows))
    return results


def format_table(measurements: list[Measurement], dialect: str, users: int) -> str:
    lines = [
        f"{dialect}, {users} users, server-side ms per request",
        f"{'request':<36} {'rows':>4} {'median':>8} {'p95':>8} {'max':>8} {'target':>7}",
    ]
    for m in measurements:
        mark = "ok" if m.meets_target else "MISS"
        lines.append(
            f"{m.label:<36} {m.rows:>4} {m.median_ms:>8.1f} {m.p95_ms:>8.1f} {m.max_ms:>8.1f} "
            f"{'<' + str(int(m.target_ms)):>6} {mark}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
