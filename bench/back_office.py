"""Back office benchmark: server-side time of the stuck-approvals page with 10,000 orders
waiting for approval (bench/approvals.py's company), with STUCK_APPROVAL_DAYS at 3 and at 30.
That company has no main contact and no approver assignment, so nobody can decide its orders:
every waiting order is stuck, the page scans all of them and explains the 50 oldest.

    .venv/bin/python bench/back_office.py                      # SQLite in a temp dir, fresh
    .venv/bin/python bench/back_office.py --database-url postgresql+psycopg://...
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from bench.approvals import PASSWORD, arguments, measure, prepared_app  # noqa: E402
from bench.harness import summarize  # noqa: E402
from shop.extensions import db  # noqa: E402
from shop.models import StaffMember  # noqa: E402
from shop.services.password_hashing import hash_password  # noqa: E402

STAFF_EMAIL = "bench-staff@shop.example.com"


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv, __doc__, "orders waiting for approval", runs=20, warmup=2)
    app, url, _approver_email = prepared_app("back_office", args)
    with app.app_context():
        if db.session.scalar(select(StaffMember).where(StaffMember.email == STAFF_EMAIL)) is None:
            db.session.add(
                StaffMember(
                    email=STAFF_EMAIL,
                    name="Bench Staff",
                    password_hash=hash_password(PASSWORD),
                    rights_list=["customers", "outbox", "review"],
                )
            )
            db.session.commit()
    client = app.test_client()
    response = client.post("/back-office/login", data={"email": STAFF_EMAIL, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    rows = []
    for label, days in (("limit 3 days", 3), ("limit 30 days", 30)):
        app.config["STUCK_APPROVAL_DAYS"] = days
        rows.append(
            (label, measure(client, "/back-office/approvals/stuck", args.runs, args.warmup))
        )
    with app.app_context():
        db.engine.dispose()
    dialect = url.split(":", 1)[0]
    print(f"stuck approvals, {args.orders} waiting orders, {dialect}, {args.runs} runs")
    print(f"{'case':<24} {'median':>8} {'p95':>8} {'max':>8}")
    for label, times in rows:
        median, p95, slowest = summarize(times)
        print(f"{label:<24} {median:>6.1f}ms {p95:>6.1f}ms {slowest:>6.1f}ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
