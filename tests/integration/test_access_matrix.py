"""Who may open what: every endpoint of the app × every predefined role × own and other company.

The endpoints come from the app's URL map, so a new one fails here until it is listed in
ACCESS below. The expectations are written from SPEC §2 in terms of rights and resolved per
role through the predefined bundles; the views' own decorators are not consulted.

Own company: a role without the right is refused (403, or the login page when anonymous);
a role with it is let in (any answer but a refusal or a server error). Other company: every
object of company B is a 404 for users of company A who may use the endpoint at all.
"""

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

import pytest

from shop.domain.rights import PREDEFINED_ROLE_RIGHTS, PredefinedRole, Right
from shop.domain.staff import StaffRight
from shop.extensions import db
from shop.models import (
    Absence,
    Invoice,
    ProductMedia,
    Role,
    ShoppingList,
    ShoppingListLine,
    UserSession,
)
from shop.services.cart import add_to_cart
from tests.clients import staff_logged_in
from tests.factories import (
    PASSWORD,
    make_category,
    make_company,
    make_order,
    make_product,
    make_staff,
    make_user,
)

PUBLIC = "public"  # anonymous visitors included
SIGNED_IN = "signed in"  # any logged-in user
STAFF = "staff"  # the back office (§12): no customer user, whatever their rights

# endpoint → PUBLIC, SIGNED_IN, or (all of these rights, at least one of these rights)
ACCESS: dict[str, object] = {
    "catalog.home": PUBLIC,
    "catalog.catalog": PUBLIC,
    "catalog.product": PUBLIC,
    "catalog.media": PUBLIC,  # data sheets: anonymous yes; users need the right (tested below)
    "catalog.search": PUBLIC,
    "catalog.suggestions": PUBLIC,
    "health.healthz": PUBLIC,
    "locale.set_language": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": PUBLIC,
    "auth.forgot_password": PUBLIC,
    "auth.set_password": PUBLIC,
    "auth.account": SIGNED_IN,
    "auth.change_password": SIGNED_IN,
    "auth.end_session": SIGNED_IN,
    "auth.end_all_sessions": SIGNED_IN,
    "customer_center.register": PUBLIC,
    "customer_center.confirm_email_change": PUBLIC,
    "customer_center.dashboard": SIGNED_IN,
    "cart.show": ({Right.PLACE_ORDERS}, set()),
    "cart.add": ({Right.PLACE_ORDERS}, set()),
    "cart.update": ({Right.PLACE_ORDERS}, set()),
    "cart.remove": ({Right.PLACE_ORDERS}, set()),
    "cart.quick_order": ({Right.PLACE_ORDERS}, set()),
    "checkout.checkout": ({Right.PLACE_ORDERS}, set()),
    "checkout.confirmation": ({Right.PLACE_ORDERS}, set()),
    "orders.index": (set(), {Right.SEE_OWN_ORDERS, Right.SEE_COMPANY_ORDERS}),
    "orders.export_csv": (set(), {Right.SEE_OWN_ORDERS, Right.SEE_COMPANY_ORDERS}),
    "orders.detail": (set(), {Right.SEE_OWN_ORDERS, Right.SEE_COMPANY_ORDERS}),
    "orders.invoice_pdf": (set(), {Right.SEE_OWN_ORDERS, Right.SEE_COMPANY_ORDERS}),
    "orders.resubmit": (set(), {Right.SEE_OWN_ORDERS, Right.SEE_COMPANY_ORDERS}),
    "orders.withdraw": (set(), {Right.SEE_OWN_ORDERS, Right.SEE_COMPANY_ORDERS}),
    "orders.reorder": ({Right.PLACE_ORDERS}, set()),
    "customer_center.approvals": ({Right.DECIDE_APPROVALS}, set()),
    "customer_center.approval": ({Right.DECIDE_APPROVALS}, set()),
    "customer_center.approve": ({Right.DECIDE_APPROVALS}, set()),
    "customer_center.reject": ({Right.DECIDE_APPROVALS}, set()),
    "customer_center.change": ({Right.DECIDE_APPROVALS}, set()),
    "customer_center.confirm_bulk_approval": ({Right.DECIDE_APPROVALS}, set()),
    "customer_center.approve_selected": ({Right.DECIDE_APPROVALS}, set()),
    "customer_center.absence": ({Right.DECIDE_APPROVALS}, set()),
    "customer_center.absence_add": ({Right.DECIDE_APPROVALS}, set()),
    "customer_center.absence_remove": ({Right.DECIDE_APPROVALS}, set()),
    "customer_center.approvers": ({Right.MANAGE_APPROVERS}, set()),
    "customer_center.approvers_company_save": ({Right.MANAGE_APPROVERS}, set()),
    "customer_center.approvers_user_save": ({Right.MANAGE_APPROVERS}, set()),
    "customer_center.approvers_absence_add": ({Right.MANAGE_APPROVERS}, set()),
    "customer_center.approvers_absence_remove": ({Right.MANAGE_APPROVERS}, set()),
    "customer_center.budgets": (set(), {Right.SEE_BUDGETS, Right.MANAGE_BUDGETS}),
    "customer_center.budget_user_row": (set(), {Right.SEE_BUDGETS, Right.MANAGE_BUDGETS}),
    "customer_center.budget_default_save": ({Right.MANAGE_BUDGETS}, set()),
    "customer_center.budget_user_edit": ({Right.MANAGE_BUDGETS}, set()),
    "customer_center.budget_user_save": ({Right.MANAGE_BUDGETS}, set()),
    "customer_center.company_settings": ({Right.EDIT_COMPANY_DATA}, set()),
    "customer_center.company_settings_save": ({Right.EDIT_COMPANY_DATA}, set()),
    "customer_center.company_change_request": ({Right.EDIT_COMPANY_DATA}, set()),
    "customer_center.reports": ({Right.SEE_REPORTS}, set()),
    "customer_center.reports_orders": ({Right.SEE_REPORTS}, set()),
    "customer_center.reports_spend": ({Right.SEE_REPORTS}, set()),
    "customer_center.audit": ({Right.SEE_AUDIT_TRAIL}, set()),
    "customer_center.audit_csv": ({Right.SEE_AUDIT_TRAIL}, set()),
    "customer_center.invoices": (set(), {Right.SEE_OWN_ORDERS, Right.SEE_COMPANY_ORDERS}),
    "customer_center.invoices_csv": (set(), {Right.SEE_OWN_ORDERS, Right.SEE_COMPANY_ORDERS}),
    "customer_center.roles": ({Right.MANAGE_ROLES}, set()),
    "customer_center.new_role": ({Right.MANAGE_ROLES}, set()),
    "customer_center.edit_role": ({Right.MANAGE_ROLES}, set()),
    "customer_center.remove_role": ({Right.MANAGE_ROLES}, set()),
    "lists.index": SIGNED_IN,
    "lists.create": SIGNED_IN,
    "lists.show": SIGNED_IN,
    "lists.rename": SIGNED_IN,
    "lists.share": SIGNED_IN,
    "lists.delete": SIGNED_IN,
    "lists.update_line": SIGNED_IN,
    "lists.remove_line": SIGNED_IN,
    "lists.add": SIGNED_IN,
    "lists.order": ({Right.PLACE_ORDERS}, set()),
    "lists.save_cart": ({Right.PLACE_ORDERS}, set()),
    "customer_center.copy_role": ({Right.MANAGE_ROLES}, set()),
    "customer_center.users": ({Right.MANAGE_USERS}, set()),
    "customer_center.new_user": ({Right.MANAGE_USERS}, set()),
    "customer_center.edit_user": ({Right.MANAGE_USERS}, set()),
    "customer_center.set_user_active": ({Right.MANAGE_USERS}, set()),
    "customer_center.resend_invitation": ({Right.MANAGE_USERS}, set()),
    "customer_center.confirm_deactivation": ({Right.MANAGE_USERS}, set()),
    "customer_center.import_users": ({Right.MANAGE_USERS}, set()),
    "back_office.login": PUBLIC,
    "back_office.logout": PUBLIC,
    "back_office.dashboard": STAFF,
    "back_office.review_queue": STAFF,
    "back_office.ticket": STAFF,
    "back_office.assign": STAFF,
    "back_office.note": STAFF,
    "back_office.release": STAFF,
    "back_office.cancel": STAFF,
    "back_office.order": STAFF,
    "back_office.customer": STAFF,
    "back_office.outbox": STAFF,
    "back_office.outbox_retry": STAFF,
    "back_office.outbox_push": STAFF,
    "back_office.erp_updates": STAFF,
    "back_office.erp_update_handled": STAFF,
    "back_office.stuck": STAFF,
    "back_office.audit": STAFF,
    "back_office.customer_changes": STAFF,
    "back_office.customer_change_handled": STAFF,
    "back_office.onboarding_board": STAFF,
    "back_office.onboarding_company": STAFF,
    "back_office.onboarding_move": STAFF,
    "back_office.onboarding_note": STAFF,
    "back_office.onboarding_tick": STAFF,
    "back_office.onboarding_checklist": STAFF,
    "back_office.onboarding_item_add": STAFF,
    "back_office.onboarding_item_rename": STAFF,
    "back_office.onboarding_item_remove": STAFF,
    "back_office.content": STAFF,
    "back_office.publish": STAFF,
    "back_office.catalog_import_upload": STAFF,
    "back_office.catalog_import_report": STAFF,
    "back_office.catalog_import_erp": STAFF,
    "back_office.product_types": STAFF,
    "back_office.product_type_new": STAFF,
    "back_office.product_type_edit": STAFF,
    "back_office.product_type_delete": STAFF,
}
# Back office endpoints by the staff rights they need: (all of, at least one of).
REVIEW, OUTBOX, CUSTOMERS = StaffRight.REVIEW, StaffRight.OUTBOX, StaffRight.CUSTOMERS
CONTENT = StaffRight.CONTENT
STAFF_ACCESS: dict[str, tuple[set, set]] = {
    "back_office.dashboard": (set(), set()),
    "back_office.audit": (set(), set()),
    "back_office.review_queue": ({REVIEW}, set()),
    "back_office.ticket": ({REVIEW}, set()),
    "back_office.assign": ({REVIEW}, set()),
    "back_office.note": ({REVIEW}, set()),
    "back_office.release": ({REVIEW}, set()),
    "back_office.cancel": ({REVIEW}, set()),
    "back_office.order": (set(), {REVIEW, CUSTOMERS}),
    "back_office.customer": (set(), {REVIEW, CUSTOMERS}),
    "back_office.stuck": (set(), {REVIEW, CUSTOMERS}),
    "back_office.customer_changes": (set(), {REVIEW, CUSTOMERS}),
    "back_office.customer_change_handled": (set(), {REVIEW, CUSTOMERS}),
    "back_office.outbox": ({OUTBOX}, set()),
    "back_office.outbox_retry": ({OUTBOX}, set()),
    "back_office.outbox_push": ({OUTBOX}, set()),
    "back_office.erp_updates": ({OUTBOX}, set()),
    "back_office.erp_update_handled": ({OUTBOX}, set()),
    "back_office.onboarding_board": ({CUSTOMERS}, set()),
    "back_office.onboarding_company": ({CUSTOMERS}, set()),
    "back_office.onboarding_move": ({CUSTOMERS}, set()),
    "back_office.onboarding_note": ({CUSTOMERS}, set()),
    "back_office.onboarding_tick": ({CUSTOMERS}, set()),
    "back_office.onboarding_checklist": ({CUSTOMERS}, set()),
    "back_office.onboarding_item_add": ({CUSTOMERS}, set()),
    "back_office.onboarding_item_rename": ({CUSTOMERS}, set()),
    "back_office.onboarding_item_remove": ({CUSTOMERS}, set()),
    "back_office.content": ({CONTENT}, set()),
    "back_office.publish": ({CONTENT}, set()),
    "back_office.catalog_import_upload": ({CONTENT}, set()),
    "back_office.catalog_import_report": ({CONTENT}, set()),
    "back_office.catalog_import_erp": ({CONTENT}, set()),
    "back_office.product_types": ({CONTENT}, set()),
    "back_office.product_type_new": ({CONTENT}, set()),
    "back_office.product_type_edit": ({CONTENT}, set()),
    "back_office.product_type_delete": ({CONTENT}, set()),
}
# Done, they send the browser to a login page: that is no refusal.
ENDS_ON_A_LOGIN_PAGE = {"back_office.logout"}
# Invoices (#16): whoever may not see the order finds nothing, so a refusal is a 404 here.
REFUSED_AS_NOT_FOUND = {"orders.invoice_pdf"}
# Development pages are not registered in production (tested in test_site_security.py).
NOT_IN_MATRIX = {"static", "dev.mails", "dev.mail"}
ACTORS = [None, *PredefinedRole]  # None: an anonymous visitor


def endpoints(app):
    """(endpoint, method, rule) for every route, GET where it exists."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in NOT_IN_MATRIX:
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        found.append((rule.endpoint, method, rule))
    return sorted(found, key=lambda item: item[2].rule)


def may_use(endpoint: str, role: PredefinedRole | None) -> bool:
    rule = ACCESS[endpoint]
    if rule == PUBLIC:
        return True
    if role is None or rule == STAFF:
        return False
    if rule == SIGNED_IN:
        return True
    rights = PREDEFINED_ROLE_RIGHTS[role]
    required, any_of = rule
    return required <= rights and (not any_of or bool(any_of & rights))


def build_company(prefix: str) -> dict:
    """A company with one user per predefined role and one object of every kind."""
    company = make_company(customer_number=f"{prefix}-1")
    users = {role: make_user(company, roles=(role,)) for role in PredefinedRole}
    orderer = make_user(company)
    custom = Role(company_id=company.id, name=f"Custom {prefix}", custom_rights=["see_prices"])
    db.session.add(custom)
    db.session.add(
        Absence(
            user_id=users[PredefinedRole.APPROVER].id,
            start=date.today() + timedelta(days=30),
            end=date.today() + timedelta(days=40),
            deputy_id=users[PredefinedRole.MAIN_CONTACT].id,
        )
    )
    # A second login of the orderer, as another browser: its id is the session_id below.
    other_login = UserSession(user_id=orderer.id, token_hash=f"matrix-{prefix}", user_agent="")
    db.session.add(other_login)
    db.session.commit()
    order = make_order(orderer)
    # Its PDF already stored, so the matrix serves it without rendering.
    invoice_number = f"RE-MATRIX-{prefix}"
    db.session.add(
        Invoice(
            order_id=order.id,
            update_id=f"matrix-invoice-{prefix}",
            number=invoice_number,
            invoice_date=date.today(),
            currency="EUR",
            pdf=b"%PDF-1.4",
            pdf_locale="en",
        )
    )
    db.session.commit()
    line = add_to_cart(orderer, make_product().sku, 1)
    # Shared, so every user of the company sees it (#15); only the owner and the main contact
    # may change it.
    shopping_list = ShoppingList(
        company_id=company.id, owner_id=orderer.id, name=f"List {prefix}", shared=True
    )
    shopping_list.lines.append(ShoppingListLine(product_id=line.product_id, quantity=2))
    db.session.add(shopping_list)
    db.session.commit()
    absence = db.session.scalars(
        db.select(Absence).where(Absence.user_id == users[PredefinedRole.APPROVER].id)
    ).one()
    return {
        "users": users,
        "values": {
            "number": order.number,
            "invoice_number": invoice_number,
            "user_id": orderer.id,
            "role_id": custom.id,
            "absence_id": absence.id,
            "line_id": line.id,
            "session_id": other_login.id,
            "list_id": shopping_list.id,
        },
    }


@pytest.fixture
def world(app_context):
    category = make_category()
    product = make_product(category)
    sheet = ProductMedia(
        product_id=product.id,
        kind="datasheet",
        filename="sheet.pdf",
        mime_type="application/pdf",
        content=b"%PDF-1.4",
        size=8,
    )
    db.session.add(sheet)
    db.session.commit()
    public = {
        "slug": category.slug,
        "sku": product.sku,
        "media_id": sheet.id,
        "filename": "sheet.pdf",
        "token": "not-a-real-token",
        # Back office objects: customers are refused before any lookup.
        "ticket_id": 1,
        "problem_id": 1,
        "company_id": 1,
        "request_id": 1,
        "item_id": 1,
        "import_id": 1,
        "type_id": 1,
    }
    return {"public": public, "own": build_company("A"), "other": build_company("B")}


def url_for_rule(rule, values: dict) -> str:
    return rule.build(values, append_unknown=False)[1]


def token_of(client) -> str:
    html = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def request(client, method: str, url: str, token: Callable[[], str]):
    """GET the URL, or POST to it with a CSRF token from `token()`: fetching one costs a
    page, so only the POSTs that send it fetch it (about half of the matrix's requests)."""
    if method == "GET":
        return client.get(url)
    return client.post(url, data={"csrf_token": token()})


def outcome(response) -> str:
    if response.status_code >= 500 and response.status_code != 503:  # 503: ERP said down
        return "error"
    if response.status_code == 403:
        return "refused"
    if response.status_code == 302 and "/login" in response.headers.get("Location", ""):
        return "refused"
    if response.status_code == 404:
        return "not found"
    return "allowed"


def log_in(client, user) -> None:
    client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token_of(client)}
    )


def test_every_endpoint_is_in_the_access_table(app):
    listed = {endpoint for endpoint, _, _ in endpoints(app)}

    assert sorted(listed - set(ACCESS)) == [], "add new endpoints to ACCESS"
    assert sorted(set(ACCESS) - listed) == [], "remove endpoints that no longer exist"


@pytest.mark.parametrize("role", ACTORS, ids=lambda r: r.value if r else "anonymous")
def test_each_role_reaches_exactly_what_its_rights_allow_in_its_own_company(
    app, client, world, role
):
    if role is not None:
        log_in(client, world["own"]["users"][role])
    values = {**world["public"], **world["own"]["values"]}
    wrong = []

    for endpoint, method, rule in endpoints(app):
        token = partial(token_of, client)
        result = outcome(request(client, method, url_for_rule(rule, values), token))
        if endpoint in ENDS_ON_A_LOGIN_PAGE and result == "refused":
            result = "allowed"
        expected = "allowed" if may_use(endpoint, role) else "refused"
        if endpoint in REFUSED_AS_NOT_FOUND and result == "not found" and expected == "refused":
            result = "refused"
        if result == "error" or (result == "refused") != (expected == "refused"):
            wrong.append(f"{method} {rule.rule}: {result}, expected {expected}")
        if endpoint in {"auth.logout", "auth.end_all_sessions"} and role is not None:
            log_in(client, world["own"]["users"][role])

    assert wrong == []


@pytest.mark.parametrize("role", list(PredefinedRole), ids=lambda r: r.value)
def test_another_companys_objects_are_not_found_never_forbidden(app, client, world, role):
    log_in(client, world["own"]["users"][role])
    values = {**world["public"], **world["other"]["values"]}
    wrong = []

    for endpoint, method, rule in endpoints(app):
        if not set(rule.arguments) & set(world["other"]["values"]) or not may_use(endpoint, role):
            continue
        token = partial(token_of, client)
        result = outcome(request(client, method, url_for_rule(rule, values), token))
        if result != "not found":
            wrong.append(f"{method} {rule.rule}: {result}")

    assert wrong == []


def test_a_user_without_the_right_cannot_download_data_sheets(client, world):
    custom = Role(
        company_id=world["own"]["users"][PredefinedRole.BUYER].company_id,
        name="Prices only",
        custom_rights=["see_prices"],
    )
    db.session.add(custom)
    db.session.commit()
    user = make_user(world["own"]["users"][PredefinedRole.BUYER].company, roles=(custom,))
    log_in(client, user)
    public = world["public"]

    response = client.get(f"/products/{public['sku']}/media/{public['media_id']}/sheet.pdf")

    assert response.status_code == 403


def test_every_back_office_endpoint_is_in_the_staff_table(app):
    listed = {endpoint for endpoint, _, _ in endpoints(app) if ACCESS[endpoint] == STAFF}

    assert listed == set(STAFF_ACCESS)


STAFF_RIGHT_SETS = [
    (),
    (REVIEW,),
    (OUTBOX,),
    (CUSTOMERS,),
    (CONTENT,),
    (REVIEW, OUTBOX, CUSTOMERS, CONTENT),
]


@pytest.mark.parametrize("rights", STAFF_RIGHT_SETS, ids=lambda r: "+".join(r) or "no rights")
def test_each_staff_member_reaches_exactly_what_their_rights_allow(app, app_context, rights):
    client = staff_logged_in(app, make_staff(rights=rights))
    values = {
        "ticket_id": 999999,
        "problem_id": 999999,
        "request_id": 999999,
        "company_id": 999999,
        "item_id": 999999,
        "number": "2026-999999",
        "import_id": 999999,
        "type_id": 999999,
        "sku": "NO-SUCH-SKU",
    }
    wrong = []

    for endpoint, method, rule in endpoints(app):
        if endpoint not in STAFF_ACCESS:
            continue
        required, any_of = STAFF_ACCESS[endpoint]
        allowed = set(required) <= set(rights) and (not any_of or bool(any_of & set(rights)))
        token = partial(token_of_page, client, "/back-office/")
        result = outcome(request(client, method, url_for_rule(rule, values), token))
        if result == "error" or (result == "refused") == allowed:
            wrong.append(f"{method} {rule.rule}: {result}, expected {allowed=}")

    assert wrong == []


def token_of_page(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
