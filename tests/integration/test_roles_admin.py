"""Roles of a company (§2): predefined ones read-only, custom ones from the same rights, and
a custom role's users get exactly its rights, at once."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from shop.domain.rights import PredefinedRole, Right
from shop.extensions import db
from shop.models import AuditEntry, ProductMedia, Role
from shop.services.customer_center.roles import company_roles
from tests.clients import logged_in
from tests.conftest import csrf_token_from
from tests.factories import (
    make_category,
    make_company,
    make_main_contact,
    make_product,
    make_user,
)

ROLES = "/customer-center/roles"
EN = {"Accept-Language": "en"}


def token(client, path: str = ROLES) -> str:
    return csrf_token_from(client.get(path, headers=EN).get_data(as_text=True))


def post(client, path: str, data: dict, page: str = ROLES):
    return client.post(path, data={**data, "csrf_token": token(client, page)}, headers=EN)


def make_role(company, name: str, rights: set[Right]) -> Role:
    role = Role(company_id=company.id, predefined=None, name=name)
    role.custom_rights = sorted(right.value for right in rights)
    db.session.add(role)
    db.session.commit()
    return role


def fresh_role(role_id: int) -> Role | None:
    db.session.expire_all()
    return db.session.get(Role, role_id)


def product_with_datasheet():
    product = make_product(make_category(), list_price=Decimal("12.34"))
    sheet = ProductMedia(
        product_id=product.id,
        kind="datasheet",
        filename="sheet.pdf",
        mime_type="application/pdf",
        content=b"%PDF-1.4 test",
        size=13,
    )
    db.session.add(sheet)
    db.session.commit()
    return product, sheet


def test_the_roles_page_lists_predefined_and_custom_roles_with_their_users(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    readers = make_role(company, "Datasheet readers", {Right.DOWNLOAD_DATASHEETS})
    make_user(company, roles=(readers,))
    make_user(company, roles=(readers, PredefinedRole.BUYER))
    make_role(make_company(), "Foreign role", {Right.SEE_PRICES})

    html = client.get(ROLES, headers=EN).get_data(as_text=True)

    for label in ("Main contact", "Buyer", "Approver", "Controller", "Service technician"):
        assert label in html
    row = html[html.index(f'id="role-{readers.id}"') :].split("</tr>")[0]
    assert "Datasheet readers" in row and "Download data sheets" in row
    assert '<td class="num">2</td>' in row
    assert "Foreign role" not in html


def test_a_predefined_role_is_shown_read_only_with_its_rights(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    technician = company_role(company, PredefinedRole.SERVICE_TECHNICIAN)

    page = client.get(f"{ROLES}/{technician.id}", headers=EN)
    posted = post(client, f"{ROLES}/{technician.id}", {"name": "x", "rights": ["see_prices"]})
    deleted = post(client, f"{ROLES}/{technician.id}/delete", {})

    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "cannot be changed" in html
    assert 'name="rights"' not in html and "Save role" not in html
    assert re.search(r"✓</span> Download data sheets", html)
    assert re.search(r"–</span> <span class=\"muted\">See prices", html)
    assert posted.status_code == 403 and deleted.status_code == 404
    assert fresh_role(technician.id).rights == {Right.DOWNLOAD_DATASHEETS}


def company_role(company, kind: PredefinedRole) -> Role:
    return db.session.scalar(
        select(Role).where(Role.company_id == company.id, Role.predefined == kind.value)
    )


def test_a_custom_role_is_created_from_the_rights_matrix(client, login_as):
    company = make_company()
    boss = login_as(make_main_contact(company))

    form = client.get(f"{ROLES}/new", headers=EN).get_data(as_text=True)
    response = post(
        client,
        f"{ROLES}/new",
        {"name": " Site crew ", "rights": ["download_datasheets", "see_own_orders"]},
        page=f"{ROLES}/new",
    )

    for group in (
        "Catalogue and ordering",
        "Orders and approvals",
        "Reports and control",
        "Administration",
    ):
        assert group in form
    assert form.count('name="rights"') == len(Right)
    assert response.status_code == 302 and response.headers["Location"] == ROLES
    role = db.session.scalar(select(Role).where(Role.name == "Site crew"))
    assert role.company_id == company.id and role.predefined is None
    assert role.rights == {Right.DOWNLOAD_DATASHEETS, Right.SEE_OWN_ORDERS}
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.target_type == "role")).all()
    assert {(e.field, e.new_value, e.actor_id) for e in entries} == {
        ("created", "Site crew", boss.id),
        ("rights", "download_datasheets, see_own_orders", boss.id),
    }


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "rights": ["see_prices"]}, "name", "Enter a name for the role."),
        ({"name": "Crew", "rights": []}, "rights", "Choose at least one right."),
        ({"name": "Crew", "rights": ["fly_planes"]}, "rights", "valid choice"),
        ({"name": "existing", "rights": ["see_prices"]}, "name", "has a role of this name"),
        ({"name": "Buyer", "rights": ["see_prices"]}, "name", "has a role of this name"),
        ({"name": "main Contact", "rights": ["see_prices"]}, "name", "has a role of this name"),
    ],
    ids=["no-name", "no-rights", "unknown-right", "duplicate", "predefined", "predefined-label"],
)
def test_invalid_roles_are_refused_next_to_the_field(client, login_as, data, field, message):
    company = make_company()
    login_as(make_main_contact(company))
    make_role(company, "Existing", {Right.SEE_PRICES})
    before = db.session.scalar(select(func.count(Role.id)))

    response = post(client, f"{ROLES}/new", data, page=f"{ROLES}/new")

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', html)
    assert error and message in error.group(1)
    assert db.session.scalar(select(func.count(Role.id))) == before


def test_a_custom_role_with_only_data_sheets_behaves_like_a_technician(app, client, login_as, erp):
    company = make_company()
    readers = make_role(company, "Data sheets only", {Right.DOWNLOAD_DATASHEETS})
    product, sheet = product_with_datasheet()
    reader = login_as(make_user(company, roles=(readers,)))
    buyer = logged_in(app, make_user(company))
    pages = [
        f"/catalog/{product.category.slug}",
        f"/products/{product.sku}",
        # Words, not the SKU: an exact SKU opens the product page (#11).
        "/search?q=Hex+bolt",
    ]

    for path in pages:
        reader_page = client.get(path, headers=EN).get_data(as_text=True)
        buyer_page = buyer.get(path, headers=EN).get_data(as_text=True)
        assert product.sku in reader_page
        assert 'class="price"' not in reader_page, path
        assert 'class="price"' in buyer_page, path
        assert "Add to cart" not in reader_page
    assert client.get("/cart").status_code == 403
    assert client.get("/checkout").status_code == 403
    assert client.get("/quick-order").status_code == 403
    added = client.post(
        "/cart/add",
        data={"sku": product.sku, "quantity": "1", "csrf_token": token(client, "/login")},
    )
    assert added.status_code == 403
    download = client.get(f"/products/{product.sku}/media/{sheet.id}/sheet.pdf")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert reader.rights == {Right.DOWNLOAD_DATASHEETS}


def test_changing_a_role_in_use_changes_its_users_rights_at_once(app, client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    readers = make_role(company, "Crew", {Right.DOWNLOAD_DATASHEETS})
    crew = logged_in(app, make_user(company, roles=(readers,)))
    assert crew.get("/cart").status_code == 403

    edit = client.get(f"{ROLES}/{readers.id}", headers=EN).get_data(as_text=True)
    response = post(
        client,
        f"{ROLES}/{readers.id}",
        {"name": "Crew buyers", "rights": ["download_datasheets", "see_prices", "place_orders"]},
        page=f"{ROLES}/{readers.id}",
    )

    assert "1 user holds this role" in edit
    assert response.status_code == 302
    assert crew.get("/cart").status_code == 200
    role = fresh_role(readers.id)
    assert role.name == "Crew buyers"
    fields = db.session.scalars(
        select(AuditEntry.field).where(AuditEntry.target_id == str(readers.id))
    ).all()
    assert sorted(fields) == ["name", "rights"]


def test_a_role_in_use_cannot_be_deleted_and_an_unused_one_can(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    used = make_role(company, "Used", {Right.SEE_PRICES})
    unused_id = make_role(company, "Unused", {Right.SEE_PRICES}).id
    make_user(company, roles=(used,))

    refused = post(client, f"{ROLES}/{used.id}/delete", {}, page=f"{ROLES}/{used.id}")
    deleted = post(client, f"{ROLES}/{unused_id}/delete", {}, page=f"{ROLES}/{unused_id}")

    assert refused.status_code == 422
    assert "This role is assigned to 1 user" in refused.get_data(as_text=True)
    assert fresh_role(used.id) is not None
    assert deleted.status_code == 302
    assert fresh_role(unused_id) is None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.field == "deleted"))
    assert entry.old_value == "Unused"


def test_a_custom_role_can_be_given_to_a_user_on_the_users_page(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    crew = make_role(company, "Crew", {Right.DOWNLOAD_DATASHEETS})
    colleague = make_user(company, name="Tom")
    url = f"/customer-center/users/{colleague.id}"

    form = client.get(url, headers=EN).get_data(as_text=True)
    post(client, url, {"name": "Tom", "email": colleague.email, "role_ids": [crew.id]}, page=url)

    assert "Crew" in form
    db.session.expire_all()
    assert [role.name for role in db.session.get(type(colleague), colleague.id).roles] == ["Crew"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/customer-center/roles/{id}"),
        ("post", "/customer-center/roles/{id}"),
        ("post", "/customer-center/roles/{id}/delete"),
    ],
)
def test_another_companys_role_is_not_found(client, login_as, method, path):
    login_as(make_main_contact(make_company()))
    foreign = make_role(make_company(), "Foreign", {Right.SEE_PRICES})
    data = {"name": "Mine now", "rights": ["manage_users"], "csrf_token": token(client)}

    response = getattr(client, method)(path.format(id=foreign.id), data=data)

    assert response.status_code == 404
    role = fresh_role(foreign.id)
    assert role is not None and role.name == "Foreign"


@pytest.mark.parametrize("path", [ROLES, f"{ROLES}/new"])
def test_users_without_the_right_to_manage_roles_are_forbidden(client, login_as, path):
    company = make_company()
    managers = make_role(company, "User managers", {Right.MANAGE_USERS})
    login_as(make_user(company, roles=(managers,)))

    assert client.get(path).status_code == 403
    assert client.get("/customer-center/users").status_code == 200


def test_the_user_lists_role_filter_offers_the_companys_roles_in_their_order(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    make_role(company, "zebra crew", {Right.DOWNLOAD_DATASHEETS})
    make_role(company, "Alpha crew", {Right.DOWNLOAD_DATASHEETS})
    make_role(make_company(), "Other company's crew", {Right.DOWNLOAD_DATASHEETS})

    page = client.get("/customer-center/users", headers=EN).get_data(as_text=True)

    menu = page[page.index('id="user-role"') :]
    menu = menu[: menu.index("</select>")]
    offered = re.findall(r'<option value="(\d+)">([^<]+)</option>', menu)
    assert [role_id for role_id, _ in offered] == [str(r.id) for r in company_roles(company.id)]
    assert offered[0][1] == "Main contact"
    assert [name for _, name in offered[-2:]] == ["Alpha crew", "zebra crew"]
