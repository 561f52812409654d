"""Every page of the URL map, as each role that may open it, in English and German, at desktop
and phone width (#15): at 390 px nothing scrolls sideways, and axe-core finds no WCAG 2.1
A/AA violation.

The pages come from the app's URL map and who may open them from the access matrix
(tests/integration/test_access_matrix.py), so a new page is swept as soon as it exists; a
new page whose URL needs a value the world below does not provide fails here until one is
added to `world_values`.
"""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shop.domain.rights import PREDEFINED_ROLE_RIGHTS, PredefinedRole, Right
from shop.extensions import db
from shop.models import (
    Invoice,
    ProductMedia,
    ReviewTicket,
    Role,
    ShoppingList,
    ShoppingListLine,
)
from shop.models.clock import utcnow
from shop.services.cart import add_to_cart
from shop.services.catalog_import import import_catalog
from shop.services.onboarding import start_onboarding
from shop.services.unit_of_work import unit_of_work
from tests.browser.conftest import save_screenshot
from tests.factories import (
    PASSWORD,
    make_category,
    make_company,
    make_order,
    make_product,
    make_product_type,
    make_staff,
    make_user,
    name_approver,
)
from tests.integration.test_access_matrix import ACCESS, PUBLIC, STAFF, may_use

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
# (language, viewport, run axe): every page in both languages and both layouts, the phone
# width in both languages (German words are longer) and axe in both languages and both
# layouts. German on a desktop is left out: its HTML is the phone's, its layout English's,
# and axe there took a sixth of CI's wall time for what the other three visits see.
VISITS = [("en", "desktop", True), ("en", "phone", False), ("de", "phone", True)]
# Pages kept as phone screenshots (test-results/screenshots) for a person to look at.
PHOTOGRAPHED = {"customer_center.users", "cart.show", "customer_center.approval", "orders.index"}
# GET routes that are no page: downloads, htmx fragments, JSON, development tools.
NOT_PAGES = {
    "static",
    "dev.mails",
    "dev.mail",
    "catalog.media",
    "catalog.suggestions",
    "health.healthz",
    "orders.invoice_pdf",
    "customer_center.invoices_csv",
    "customer_center.audit_csv",
    "orders.export_csv",
    "customer_center.budget_user_row",
}
ACTORS = ["anonymous", *PredefinedRole, "staff"]
# The innermost elements reaching past the viewport's right edge, to say what to fix.
OVERFLOWING = """() => {
  const edge = document.documentElement.clientWidth + 1;
  const beyond = el => el.getBoundingClientRect().right > edge;
  return [...document.querySelectorAll("body *")]
    .filter(el => beyond(el) && ![...el.children].some(beyond))
    .slice(0, 3)
    .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (typeof el.className === "string" && el.className
        ? "." + el.className.trim().split(/\\s+/).join(".") : ""))
    .join(", ");
}"""


def actor_id(actor) -> str:
    return actor if isinstance(actor, str) else actor.value


def pages_of(app, actor) -> list:
    """The URL rules of the pages this actor may open."""
    rules = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in NOT_PAGES or "GET" not in rule.methods:
            continue
        access = ACCESS[rule.endpoint]
        if actor == "staff":
            allowed = access == STAFF
        elif actor == "anonymous":
            allowed = access == PUBLIC
        else:
            allowed = access != PUBLIC and may_use(rule.endpoint, actor)
        if allowed:
            rules.append(rule)
    return sorted(rules, key=lambda rule: rule.rule)


def build_world() -> dict:
    """A company as it looks after some weeks of use, a user per role, and the URL values."""
    category = make_category(name_en="Fasteners", name_de="Befestigungstechnik")
    product = make_product(
        category, name_en="Hex bolt M8 × 40, zinc-plated", list_price=Decimal("4.20")
    )
    db.session.add(
        ProductMedia(
            product_id=product.id,
            kind="datasheet",
            filename="sheet.pdf",
            mime_type="application/pdf",
            content=b"%PDF-1.4",
            size=8,
        )
    )
    company = make_company(name="Müller Maschinenbau GmbH")
    users = {
        PredefinedRole.MAIN_CONTACT: make_user(
            company, roles=(PredefinedRole.MAIN_CONTACT,), name="Anna Müller"
        ),
        PredefinedRole.APPROVER: make_user(
            company, roles=(PredefinedRole.APPROVER,), name="Clara Schulz"
        ),
        PredefinedRole.BUYER: make_user(
            company,
            roles=(PredefinedRole.BUYER,),
            name="Bernd Käufer",
            has_own_budget=True,
            max_order_value=Decimal("100.00"),
        ),
        PredefinedRole.CONTROLLER: make_user(
            company, roles=(PredefinedRole.CONTROLLER,), name="Carla Controlling"
        ),
        PredefinedRole.SERVICE_TECHNICIAN: make_user(
            company, roles=(PredefinedRole.SERVICE_TECHNICIAN,), name="Tom Techniker"
        ),
    }
    buyer = users[PredefinedRole.BUYER]
    name_approver(company, users[PredefinedRole.APPROVER], orderer=buyer)
    custom_role = Role(company_id=company.id, name="Einkauf Werk 2", custom_rights=["see_prices"])
    db.session.add(custom_role)
    db.session.commit()
    waiting = make_order(buyer, lines=[(product, 40)], customer_reference="PO-2026-0815")
    make_order(buyer, lines=[(product, 2)])
    held = make_order(buyer, lines=[(product, 1)], comment="Bitte vor der Lieferung anrufen.")
    db.session.add(
        Invoice(
            order_id=held.id,
            update_id="sweep-invoice",
            number="RE-2026-000123",
            invoice_date=date.today(),
            currency="EUR",
            pdf=b"%PDF-1.4",
            pdf_locale="de",
        )
    )
    db.session.commit()
    for role, user in users.items():
        if Right.PLACE_ORDERS in PREDEFINED_ROLE_RIGHTS[role]:
            add_to_cart(user, product.sku, 3)
    ticket = db.session.scalar(select(ReviewTicket).where(ReviewTicket.order_id == held.id))
    shared_list = ShoppingList(
        company_id=company.id,
        owner_id=users[PredefinedRole.SERVICE_TECHNICIAN].id,
        name="Wartung Halle 3",
        shared=True,
    )
    shared_list.lines.append(ShoppingListLine(product_id=product.id, quantity=12, note="Regal B"))
    db.session.add(shared_list)
    db.session.commit()
    with unit_of_work():
        start_onboarding(company, utcnow())
    report = import_catalog(b"sku;type;category;name_en\nNEW-1;;;Bolt\n", {}, "k.csv", utcnow())
    return {
        "users": users,
        "staff": make_staff(
            name="Petra Operator", rights=("review", "outbox", "customers", "content")
        ),
        "values": {
            "slug": category.slug,
            "sku": product.sku,
            "number": waiting.number,
            "user_id": buyer.id,
            "role_id": custom_role.id,
            "company_id": company.id,
            "ticket_id": ticket.id,
            "list_id": shared_list.id,
            "import_id": report.id,
            "type_id": make_product_type().id,
            "token": "not-a-real-token",
        },
    }


def log_in(page, actor, world) -> None:
    if actor == "anonymous":
        return
    if actor == "staff":
        page.goto("/back-office/login")
        email = world["staff"].email
    else:
        page.goto("/login")
        email = world["users"][actor].email
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_load_state()


def problems_of(page, viewport: str, axe: bool = True) -> list[str]:
    """What is wrong with the page open in this browser tab (axe: also its accessibility)."""
    found = []
    if viewport == "phone":
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > VIEWPORTS["phone"]["width"]:
            found.append(f"{width} px wide, beyond the edge: {page.evaluate(OVERFLOWING)}")
    if not axe:
        return found
    page.add_script_tag(content=AXE)
    # resultTypes: axe still runs every rule on every node, but details only the violations
    # (detailing every pass cost a few per cent of the sweep's Chromium time).
    violations = page.evaluate(
        "async tags => (await axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))"
        ".violations.map(v => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3)"
        ".map(n => n.target.join(' ')).join(', ')}`)",
        AXE_TAGS,
    )
    return found + violations


@pytest.mark.parametrize("actor", ACTORS, ids=actor_id)
def test_every_page_fits_a_phone_and_passes_axe_for_each_role(
    app, browser, live_server, app_context, actor
):
    world = build_world()
    missing = set()
    wrong = []

    for language, viewport, axe in VISITS:
        # bypass_csp: axe is injected as a script tag, which our CSP rightly forbids.
        context = browser.new_context(
            base_url=live_server, locale=language, viewport=VIEWPORTS[viewport], bypass_csp=True
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        log_in(page, actor, world)
        for rule in pages_of(app, actor):
            if not rule.arguments <= set(world["values"]):
                missing.add(f"{rule.rule}: {sorted(rule.arguments - set(world['values']))}")
                continue
            path = rule.build(world["values"], append_unknown=False)[1]
            response = page.goto(path)
            status = response.status if response else 0
            if status >= 500:
                wrong.append(f"{language} {viewport} {path}: answered {status}")
                continue
            for problem in problems_of(page, viewport, axe):
                wrong.append(f"{language} {viewport} {path}: {problem}")
            if viewport == "phone" and rule.endpoint in PHOTOGRAPHED:
                name = f"phone-{rule.endpoint.split('.')[-1]}-{actor_id(actor)}-{language}"
                save_screenshot(page, name)
        context.close()

    assert sorted(missing) == [], "give these URL values in build_world"
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_header_links_fold_into_a_menu_on_a_phone_only_with_javascript(
    browser, live_server, app_context, translate, javascript
):
    world = build_world()
    context = browser.new_context(
        base_url=live_server,
        locale="de",
        viewport=VIEWPORTS["phone"],
        java_script_enabled=javascript,
    )
    page = context.new_page()
    log_in(page, PredefinedRole.BUYER, world)
    page.goto("/catalog")
    orders = page.locator(".site-nav").get_by_role("link", name=translate("Orders", "de"))
    menu = page.get_by_role("button", name=translate("Menu", "de"))

    if javascript:
        expect(orders).to_be_hidden()
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
    else:
        expect(menu).to_be_hidden()
    orders.click()
    expect(page).to_have_url(re.compile(r"/orders$"))
    context.close()
