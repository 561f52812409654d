"""The login lookup every logged-in request runs reads only the rows of its own user (#10).

Written nested (`LEFT JOIN (user_roles JOIN roles) ON ...`), SQLite materialised the role
assignments of every user in the shop on every request: 1.5-2 ms per page at 1,000 users,
growing with the number of users. Flat outer joins let it search user_roles by the user.
"""

from sqlalchemy import event, text

from shop.extensions import db
from tests.clients import logged_in
from tests.factories import MAIN, make_company, make_user


def _session_lookup(client) -> tuple[str, object]:
    """The statement (and its parameters) that reads the request's login session."""
    sent: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get("/customer-center/users").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    lookups = [(s, p) for s, p in sent if "FROM user_sessions" in " ".join(s.split())]
    assert len(lookups) == 1, [s for s, _ in sent]
    return lookups[0]


def test_the_session_lookup_reads_the_roles_of_its_own_user_only(app, app_context):
    company = make_company()
    main = make_user(company, roles=MAIN)
    for _ in range(30):
        make_user(company, roles=MAIN)
    db.session.commit()
    client = logged_in(app, main)

    statement, parameters = _session_lookup(client)

    flat = " ".join(statement.split())
    assert "JOIN (" not in flat, "a nested join: SQLite materialises it for every request"
    assert "user_roles" in flat and "roles" in flat  # still one statement for all of it
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            steps = [row[-1] for row in plan]
        assert not [step for step in steps if step.startswith(("SCAN", "MATERIALIZE"))], steps


def test_a_user_without_roles_still_loads_through_the_lookup(app, app_context):
    # The joins stay outer: a user whose roles were all taken away is still the same login.
    company = make_company()
    main = make_user(company, roles=MAIN)
    db.session.commit()
    client = logged_in(app, main)
    db.session.execute(text("DELETE FROM user_roles WHERE user_id = :id"), {"id": main.id})
    db.session.commit()

    response = client.get("/customer-center/users")

    assert response.status_code == 403
