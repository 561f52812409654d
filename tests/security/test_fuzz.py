"""A property-based fuzz pass over every endpoint (#14).

For each predefined role (and an anonymous visitor) the test builds a small company, logs in,
crawls the pages it can reach to learn their links and forms, and then lets hypothesis send
random and malformed data: every query parameter of the pages, every field of every form
(with a valid CSRF token, so validation really runs) and every rule of the Flask URL map with
random path arguments — new endpoints join without being listed here. It checks that

- no request answers 500 (or any 5xx),
- a refused request (4xx) changes nothing in the database (a snapshot of every table),
- the marker <x-fuzz> never comes back unescaped in an HTML page.

Seeded, with a fixed number of examples, so CI runs the same requests each time.
"""

import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlsplit

import openpyxl
import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import select, text
from werkzeug.datastructures import MultiDict

from shop.domain.outbox import OutboxKind, OutboxStatus
from shop.domain.rights import PredefinedRole, Right
from shop.erp import erp_client
from shop.extensions import db
from shop.models import ApproverAssignment, ChecklistItem, Company, ShoppingList
from shop.models.clock import utcnow
from shop.services.cart import add_to_cart
from shop.services.onboarding import start_onboarding
from shop.services.outbox import deliver_due, enqueue
from shop.services.shopping_lists import ListTarget, add_product, share_list
from shop.services.unit_of_work import unit_of_work
from tests.conftest import csrf_token_from
from tests.factories import (
    PASSWORD,
    make_category,
    make_company,
    make_order,
    make_product,
    make_product_type,
    make_staff,
    make_user,
)
from tests.services import simulator_event

MARKER = "<x-fuzz>"
EXAMPLES_PER_ROLE = 200
PAGES_PER_ROLE = 60
ROOT = Path(__file__).resolve().parents[2]
# Tables a request may fill whatever its answer: caches, and the rate-limit counters that
# exist to count refused requests.
CACHES = {"price_cache", "stock_cache", "rate_limit_counters"}
# Written by any request, refused or not, at most once a minute: a slow run crosses it.
SESSION_TOUCHES = {"user_sessions": "last_seen_at", "staff_sessions": "last_seen_at"}
# Leaving the session would end the fuzzing of the role; it is tested elsewhere.
SKIPPED_PATHS = {"/logout", "/back-office/logout"}

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "²",
    "٣",
    "３",
    "𝟑",
    "+5",
    "1_000",
    "\xa05",
    "9" * 60,
    "18446744073709551616",
    "1e309",
    "NaN",
    "inf",
    "-0",
    "0x1F",
    "\x00",
    "A\x00B",
    "\r\nX-Injected: 1",
    "/\r\nX-Injected: 1",
    "/\n/x",
    "\x1f",
    "\x85",
    "\ufeff",
    "\u202e",
    "\ufffe",
    "%00",
    "../../../etc/passwd",
    "' OR 1=1 --",
    f"\"'>{MARKER}",
    MARKER,
    "{{7*7}}",
    "a" * 5000,
    "null",
    "[]",
    "2026-13-45",
    "0000-00-00",
    "9999-12-31",
    "javascript:alert(1)",
    "//evil.example",
    "/\\evil.example",
    "😀" * 10,
    "\U0010ffff",
    "new",
    "keep",
    "own",
    "default",
    "invoice",
    "express",
    "DE",
]

printable = st.characters(exclude_categories=("Cs",))
big_numbers = st.one_of(st.sampled_from([2**31, 2**63, 2**64, 10**30]), st.integers(0, 2**70))
# Numbers Python reads differently from us: str.isdigit() is true for most, int() differs.
NUMBERISH = [
    "²",
    "³",
    "①",
    "٣",
    "３",
    "𝟑",
    "໓",
    "-1",
    "0",
    "+5",
    "1_000",
    "\xa05",
    " 5",
    "5 ",
    "1.5",
]
nasty = st.sampled_from(NASTY)
numberish = st.one_of(st.sampled_from(NUMBERISH), big_numbers.map(str))
fuzz_text = st.one_of(
    nasty,
    nasty,
    numberish,
    numberish,
    st.text(printable, max_size=30),
    big_numbers.map(str),
    st.tuples(st.text(printable, max_size=8), st.text(printable, max_size=8)).map(
        lambda parts: parts[0] + MARKER + parts[1]
    ),
)


def workbook_of(rows: list[tuple]) -> bytes:
    """An Excel workbook holding the rows (text a workbook cannot hold is left out)."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(
            [ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row]
        )
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


# Uploads (the quick order's file): random bytes, broken archives, text lines and workbooks
# of fuzzed cells, in the encodings the shop reads.
cell = st.one_of(fuzz_text, big_numbers, st.floats(), st.booleans(), st.none())
text_lines = st.lists(st.tuples(fuzz_text, fuzz_text), max_size=6).map(
    lambda rows: "\n".join(f"{a};{b}" for a, b in rows)
)
fuzz_file = st.one_of(
    st.binary(max_size=2000),
    st.binary(max_size=500).map(lambda b: b"PK\x03\x04" + b),
    st.binary(max_size=500).map(lambda b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b),
    st.tuples(text_lines, st.sampled_from(["utf-8-sig", "utf-16", "cp1252"])).map(
        lambda t: t[0].encode(t[1], errors="replace")
    ),
    st.lists(st.tuples(cell, cell), max_size=6).map(workbook_of),
)
FILE_NAMES = ["order.csv", "order.xlsx", "order.xls", "x", "../../etc/passwd", MARKER]


# -- what the pages offer --------------------------------------------------------------------


@dataclass
class Form:
    method: str
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # names of its file inputs


class PageParser(HTMLParser):
    """Links, htmx URLs and forms (with their fields and current values) of one page."""

    def __init__(self, base: str):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.csrf_token: str | None = None
        self._form: Form | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        for attribute in ("href", "hx-get"):
            if a.get(attribute):
                self.links.append(a[attribute])
        if a.get("hx-post"):
            self.forms.append(Form("post", a["hx-post"]))
        if "hx-headers" in a and "X-CSRFToken" in a["hx-headers"]:
            self.csrf_token = json.loads(a["hx-headers"])["X-CSRFToken"]
        if tag == "form":
            self._form = Form((a.get("method") or "get").lower(), a.get("action") or self.base)
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "file":
                self._form.files.append(name)
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind in {"submit", "button"} and not a.get("value"):
                return
            self._form.fields.append((name, a.get("value", "")))
        elif tag == "button" and name:
            self._form.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._select_first = name, None
        elif tag == "option" and self._select:
            if self._select_first is None:
                self._select_first = a.get("value", "")
            if "selected" in a:
                self._form.fields.append((self._select, a.get("value", "")))
                self._select_first = ""
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.fields.append((name, ""))

    def handle_data(self, data):
        if self._textarea and self._form and self._form.fields:
            name, value = self._form.fields[-1]
            self._form.fields[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._form is not None and self._select:
            if self._select_first:  # nothing selected: the browser sends the first option
                self._form.fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def query_names_in_source() -> set[str]:
    """Query parameters the views read (request.args.get("x"), id_arg(request.args, "x"))."""
    pattern = re.compile(r"""(?:args\.get\(|_arg\(\s*request\.args,\s*)["'](\w+)["']""")
    names = set()
    for folder in ("shop", "customer_center"):
        for path in (ROOT / folder).rglob("*.py"):
            names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names


@dataclass
class Site:
    """What one role can reach: GET targets, forms, and the values seen in URLs."""

    pages: dict[str, set[str]] = field(default_factory=dict)  # path -> query names
    forms: dict[tuple, Form] = field(default_factory=dict)
    path_values: set[str] = field(default_factory=set)
    csrf_token: str = ""


def crawl(client, app, first: str = "/") -> Site:
    """What the client can reach, starting from every page without arguments (those whose
    path starts with `first` first)."""
    site = Site()
    adapter = app.url_map.bind("localhost")
    todo = [r.rule for r in app.url_map.iter_rules() if not r.arguments and "GET" in r.methods]
    todo.sort(key=lambda rule: not rule.startswith(first))
    seen: set[str] = set()
    while todo and len(seen) < PAGES_PER_ROLE:
        url = todo.pop(0)
        parts = urlsplit(url)
        if parts.netloc or parts.scheme or not parts.path.startswith("/"):
            continue
        if parts.path in seen or parts.path.startswith("/static/"):
            continue
        seen.add(parts.path)
        site.pages.setdefault(parts.path, set()).update(k for k, _ in parse_qsl(parts.query))
        response = client.get(url)
        body = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
        response.close()
        assert response.status_code < 500, f"GET {url} answered {response.status_code}"
        if not response.content_type.startswith("text/html"):
            continue
        parser = PageParser(parts.path)
        parser.feed(body)
        site.csrf_token = parser.csrf_token or site.csrf_token
        for link in parser.links:
            link_parts = urlsplit(link)
            if link_parts.path.startswith("/static/"):
                continue
            if not link_parts.netloc and link_parts.path.startswith("/"):
                site.path_values.update(p for p in link_parts.path.split("/") if p)
                site.pages.setdefault(link_parts.path, set()).update(
                    k for k, _ in parse_qsl(link_parts.query)
                )
                todo.append(link)
        for form in parser.forms:
            action = urlsplit(form.action).path or parts.path
            if action in SKIPPED_PATHS:
                continue
            if form.method == "get":
                site.pages.setdefault(action, set()).update(n for n, _ in form.fields)
                continue
            try:
                adapter.match(action, method="POST")
            except Exception:  # noqa: BLE001 (a form to another site or a GET-only page)
                continue
            key = (action, tuple(sorted({n for n, _ in form.fields})))
            site.forms.setdefault(key, Form("post", action, form.fields, form.files))
            for name, value in form.fields:
                if name == "csrf_token":
                    site.csrf_token = value
    return site


# -- what a refused request may not change ------------------------------------------------


def snapshot() -> dict[str, str]:
    db.session.remove()
    digests = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            if table.name in CACHES:
                continue
            touched = SESSION_TOUCHES.get(table.name)
            columns = ", ".join(c.name for c in table.columns if c.name != touched)
            rows = connection.execute(text(f"SELECT {columns} FROM {table.name} ORDER BY 1"))
            rows = rows.all()
            digests[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


# -- the world each role is fuzzed in -------------------------------------------------------


def build_world(role: PredefinedRole | None):
    """A company with one user of each role, products, and orders placed and waiting."""
    company = make_company(customer_number="10001")
    users = {
        kind: make_user(company, roles=(kind,), name=f"Fuzz {kind.value}")
        for kind in PredefinedRole
    }
    buyer = users[PredefinedRole.BUYER]
    buyer.has_own_budget = True
    buyer.max_order_value = Decimal("100.00")
    db.session.add(
        ApproverAssignment(company_id=company.id, approver_id=users[PredefinedRole.APPROVER].id)
    )
    db.session.commit()
    category = make_category()
    products = [make_product(category, list_price=Decimal("10.00")) for _ in range(3)]
    make_order(buyer, lines=[(products[0], 2)])
    make_order(buyer, lines=[(products[1], 30)])  # over budget: waits for the approver
    # A shopping list every role sees (#15), so its page and forms are crawled and fuzzed.
    add_product(
        users[PredefinedRole.SERVICE_TECHNICIAN],
        ListTarget(new_name="Fuzz van"),
        products[0].sku,
        3,
        "note",
    )
    share_list(
        users[PredefinedRole.SERVICE_TECHNICIAN],
        db.session.scalar(select(ShoppingList.id)),
        True,
    )
    other = make_user(make_company(), roles=(PredefinedRole.MAIN_CONTACT,))
    user = users[role] if role else None
    if user is not None and user.can(Right.PLACE_ORDERS):
        add_to_cart(user, products[2].sku, 1)  # so the cart and checkout offer their forms
    return user, other


ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def path_for(rule, data, site: Site, ids: list[int]) -> str:
    """The rule with each argument filled: a value seen on the pages, an id, or fuzz."""

    def fill(match: re.Match) -> str:
        converter, name = match.groups()
        if converter == "int":
            value = data.draw(st.one_of(st.sampled_from(ids), big_numbers, big_numbers), label=name)
            return str(value)
        known = sorted(site.path_values) or ["x"]
        value = data.draw(st.one_of(st.sampled_from(known), fuzz_text), label=name)
        return quote(value, safe="") or "x"

    return ARGUMENT.sub(fill, rule.rule)


ROLES = [None, *PredefinedRole]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
def test_fuzzed_requests_never_fail_store_refused_input_or_reflect_markup(
    app, client, login_as, erp, role
):
    user, other = build_world(role)
    if user is not None:
        login_as(user)
    site = crawl(client, app)
    ids = sorted({user.id if user else 1, other.id, other.company_id, 1, 2, 3})
    assert site.forms or role is None or role == PredefinedRole.TECHNICIAN

    fuzz_site(app, client, site, ids)


def test_fuzzed_back_office_requests_never_fail_store_refused_input_or_reflect_markup(
    app, client, erp
):
    # The back office's forms (§12): ticket notes, assignment, release, cancel, outbox retry
    # and push, parked ERP updates, publishing and the catalogue upload (§13); its pages are
    # crawled first.
    _user, other = build_world(None)
    held = make_order(make_user(other.company), comment="Please call first")
    with unit_of_work():
        parked = enqueue(OutboxKind.UPSERT_CONTACT, "contact:fuzz", {"name": "Fuzz"})
        parked.status = OutboxStatus.PARKED.value
    # #12: a company in onboarding and a manual checklist item, so their forms are crawled.
    with unit_of_work():
        start_onboarding(db.session.get(Company, other.company_id), utcnow())
        db.session.add(ChecklistItem(name_en="Address confirmed", name_de="Adresse bestätigt"))
    make_product(published=False)  # on the content report, with its publish form
    make_product_type()  # #12: the product type editor's edit and delete forms
    staff = make_staff(rights=("review", "outbox", "customers", "content"))
    page = client.get("/back-office/login").get_data(as_text=True)
    login = {"email": staff.email, "password": PASSWORD, "csrf_token": csrf_token_from(page)}
    assert client.post("/back-office/login", data=login).status_code == 302
    site = crawl(client, app, first="/back-office/")
    ids = sorted({held.id, parked.id, staff.id, other.id, other.company_id, 1, 2, 3})
    assert any(action.startswith("/back-office/review/") for action, _ in site.forms)
    assert any(action.startswith("/back-office/outbox/") for action, _ in site.forms)
    assert any(action.startswith("/back-office/onboarding/") for action, _ in site.forms)
    assert any(action.startswith("/back-office/content/") for action, _ in site.forms)
    assert any(action.startswith("/back-office/product-types/") for action, _ in site.forms)

    fuzz_site(app, client, site, ids)


def fuzz_site(app, client, site: Site, ids: list[int]) -> None:
    """Send seeded random requests to what the crawl found, and every rule of the URL map."""
    query_names = sorted(query_names_in_source() | {n for ns in site.pages.values() for n in ns})
    pages = sorted(site.pages)
    forms = [site.forms[key] for key in sorted(site.forms)]
    rules = sorted(
        (r for r in app.url_map.iter_rules() if r.endpoint != "static"), key=lambda r: r.rule
    )
    assert pages and rules

    @seed(20261129)
    @settings(
        max_examples=EXAMPLES_PER_ROLE,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def fuzz(data):
        kind = data.draw(st.sampled_from(["page", "form", "rule"] if forms else ["page", "rule"]))
        headers = {"HX-Request": "true"} if data.draw(st.booleans(), label="htmx") else {}
        headers["Accept-Language"] = data.draw(st.sampled_from(["en", "de"]))
        if kind == "page":
            path = data.draw(st.sampled_from(pages), label="page")
            if data.draw(st.booleans(), label="one value in every parameter"):
                value = data.draw(fuzz_text, label="value")
                args = dict.fromkeys(query_names, value)
            else:
                names = [n for n in query_names if data.draw(st.booleans(), label=f"use {n}")]
                args = {name: data.draw(fuzz_text, label=name) for name in names}
            method, form_data = "GET", None
            url = path
        elif kind == "form":
            form = data.draw(st.sampled_from(forms), label="form")
            form_data = []
            for name, value in form.fields:
                if name == "csrf_token":
                    form_data.append((name, site.csrf_token))
                    continue
                how = data.draw(st.sampled_from(["keep", "fuzz", "drop"]), label=name)
                if how == "keep":
                    form_data.append((name, value))
                elif how == "fuzz":
                    form_data.append((name, data.draw(fuzz_text, label=name)))
            for name in form.files:
                if data.draw(st.booleans(), label=f"upload {name}"):
                    content = data.draw(fuzz_file, label=name)
                    filename = data.draw(st.sampled_from(FILE_NAMES), label=f"{name} name")
                    form_data.append((name, (io.BytesIO(content), filename)))
            if not form.fields:  # an hx-post button: the token travels in a header
                headers["X-CSRFToken"] = site.csrf_token
            method, url, args = "POST", form.action, None
        else:
            rule = data.draw(st.sampled_from(rules), label="rule")
            url = path_for(rule, data, site, ids)
            methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
            method = data.draw(st.sampled_from(methods), label="method")
            args = None
            form_data = [("csrf_token", site.csrf_token)] + [
                (name, data.draw(fuzz_text, label=name))
                for name in data.draw(st.lists(st.sampled_from(query_names), max_size=3))
            ]
        if urlsplit(url).path in SKIPPED_PATHS:
            return
        before = snapshot() if method == "POST" else None
        response = client.open(
            url,
            method=method,
            query_string=args,
            data=MultiDict(form_data) if form_data is not None else None,
            headers=headers,
        )
        request = f"{method} {url} args={args!r} data={form_data!r} headers={headers!r}"
        body = response.get_data()
        response.close()

        assert response.status_code < 500, request
        if response.content_type.startswith("text/html"):
            assert MARKER.encode() not in body, request
        if before is not None and 400 <= response.status_code < 500:
            assert snapshot() == before, f"{request} answered {response.status_code}"

    fuzz()


# -- the simulator's event command: bad input gets a message, never a traceback -------------

ORDER = "{order}"


@pytest.mark.parametrize(
    ("arguments", "url", "says"),
    [
        ([ORDER, "frobnicate"], None, "invalid choice"),
        ([ORDER, "invoice", "--due-date", "2026-02-30"], None, "YYYY-MM-DD"),
        ([ORDER, "invoice", "--invoice-date", "yesterday"], None, "YYYY-MM-DD"),
        ([ORDER, "invoice", "--due-date", "2026-01-01\x1b"], None, "YYYY-MM-DD"),
        ([ORDER, "pay", "--amount", "12,50"], None, "decimal"),
        ([ORDER, "pay", "--amount", "-5"], None, "decimal"),
        ([ORDER, "pay", "--amount", "NaN"], None, "decimal"),
        ([ORDER, "pay", "--amount", "1e999999"], None, "decimal"),
        ([ORDER, "pay", "--amount", "9" * 40], None, "decimal"),
        ([ORDER, "ship", "--line", "1:x"], None, "LINE:QUANTITY"),
        ([ORDER, "ship", "--line", "99:1"], None, "not in the order"),
        ([ORDER, "ship", "--line", "1:" + "9" * 30], None, "not in the order"),
        (["B2B-0000-000000", "pay"], None, "no order"),
        (["", "pay"], None, "no order"),
        ([ORDER, "pay"], "notaurl", "--url"),
        ([ORDER, "pay"], "http://[::1", "--url"),
    ],
    ids=lambda value: repr(value)[:40],
)
def test_the_simulator_event_command_refuses_bad_input_with_a_message(
    app_context, erp, arguments, url, says
):
    order = make_order(make_user(make_company(customer_number="10001")))
    deliver_due(erp_client(), "worker-1", utcnow())  # the ERP has the order now
    updates_before = len(erp.control("updates")["updates"])

    result = simulator_event(
        erp, *(argument.format(order=order.number) for argument in arguments), url=url
    )

    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert says in result.stderr
    assert len(erp.control("updates")["updates"]) == updates_before
