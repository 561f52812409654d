"""The back office's product type editor (#12, §13): list, create, change with a preview and
the firewall's re-check, delete, refused input, audit entries and access."""

import re

import pytest
from sqlalchemy import func, select

from shop.extensions import db
from shop.models import (
    Product,
    ProductContentProblem,
    ProductType,
    ProductTypeAttribute,
    StaffAuditEntry,
)
from shop.services.product_content import publish_product
from tests.clients import staff_logged_in
from tests.conftest import csrf_token_from
from tests.factories import add_media, make_attribute, make_product, make_staff
from tests.factories import make_product_type as make_unlabelled_type

EN = {"Accept-Language": "en"}
DE = {"Accept-Language": "de"}


@pytest.fixture
def operator(app, app_context):
    staff = make_staff(rights=("content",))
    return staff, staff_logged_in(app, staff)


def make_product_type(**overrides) -> ProductType:
    """A type whose attributes are named, as the editor needs them (length in mm)."""
    product_type = make_unlabelled_type(**overrides)
    for attribute in product_type.attributes:
        attribute.label_en = attribute.key.capitalize()
        attribute.label_de = f"{attribute.key.capitalize()} (de)"
    db.session.commit()
    return product_type


def complete_product(product_type, **overrides) -> Product:
    """A product of the type that passes its (length in mm) requirement and is published."""
    product = make_product(product_type_id=product_type.id, **overrides)
    make_attribute(product, "length", "40 mm", number=40.0, unit="mm")
    add_media(product)
    assert publish_product(product.sku) == []
    return product


def form_of(client, path: str) -> dict:
    """The fields of the editor's form as the browser would post them."""
    html = client.get(path, headers=EN).get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(html)}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        if name != "csrf_token":
            data[name] = value
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if name and 'type="checkbox"' in tag:
            if "checked" in tag:
                data[name.group(1)] = "y"
            else:
                data.pop(name.group(1), None)
        elif name and name.group(1) not in data:
            data[name.group(1)] = ""
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\s*([^<]*)</textarea>', html):
        data[name] = value
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(
            r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', body
        )
        data[name] = (chosen.group(1) or chosen.group(2)) if chosen else ""
    return data


def new_type_data(client, **changes) -> dict:
    data = form_of(client, "/back-office/product-types/new")
    data.update(
        {
            "code": "cable-ties",
            "name_en": "Cable ties",
            "name_de": "Kabelbinder",
            "attr-0-key": "length",
            "attr-0-label_en": "Length",
            "attr-0-label_de": "Länge",
            "attr-0-kind": "number",
            "attr-0-unit": "mm",
            "attr-0-required": "y",
            "attr-1-key": "colour",
            "attr-1-label_en": "Colour",
            "attr-1-label_de": "Farbe",
            "attr-1-kind": "choice",
            "attr-1-values_en": "black\nnatural",
            "attr-1-values_de": "schwarz\nnatur",
            "save": "1",
        }
    )
    data.pop("attr-1-required", None)
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def type_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(ProductType))


def audit_details() -> list[str]:
    return list(
        db.session.scalars(
            select(StaffAuditEntry.detail)
            .where(StaffAuditEntry.action == "product_type")
            .order_by(StaffAuditEntry.id)
        )
    )


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'<p class="field-error" id="{field_id}-error">([^<]*)</p>', html)
    assert match, f"no error next to {field_id}"
    return match.group(1)


def state_of(product: Product) -> tuple[bool, list[str]]:
    db.session.expire_all()
    reasons = db.session.scalars(
        select(ProductContentProblem.problem).where(ProductContentProblem.product_id == product.id)
    )
    return db.session.get(Product, product.id).published, sorted(reasons)


# -- list ------------------------------------------------------------------------------------


def test_the_list_counts_each_types_products_by_state(operator):
    _staff, client = operator
    product_type = make_product_type(name_en="Hose clamps", name_de="Schlauchschellen")
    complete_product(product_type)
    held = make_product(product_type_id=product_type.id)
    publish_product(held.sku)  # no length, no image: held back with reasons
    make_product(product_type_id=product_type.id, published=False)  # never checked

    html = client.get("/back-office/product-types", headers=EN).get_data(as_text=True)
    row = re.search(rf'<tr id="product-type-{product_type.id}">(.*?)</tr>', html, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]

    assert cells[:6] == ["Hose clamps", "1", "3", "1", "1", "1"]
    assert f"/back-office/content?type={product_type.id}" in row
    assert "In use: cannot be deleted" in row
    assert product_type.code not in html


def test_the_list_is_in_german_for_a_german_reader(operator):
    _staff, client = operator
    make_product_type(name_en="Hose clamps", name_de="Schlauchschellen")

    html = client.get("/back-office/product-types", headers=DE).get_data(as_text=True)

    assert "Produkttypen" in html and "Schlauchschellen" in html


# -- create ----------------------------------------------------------------------------------


def test_an_operator_creates_a_type_with_its_attributes_and_it_is_audited(operator):
    _staff, client = operator

    response = client.post("/back-office/product-types/new", data=new_type_data(client))

    assert response.status_code == 302
    created = db.session.scalar(select(ProductType).where(ProductType.code == "cable-ties"))
    assert (created.name_en, created.name_de, created.requires_image) == (
        "Cable ties",
        "Kabelbinder",
        True,
    )
    stored = [
        (a.key, a.label_en, a.label_de, a.kind, a.unit, a.allowed_values, a.allowed_values_de)
        for a in created.attributes
    ]
    assert stored == [
        ("length", "Length", "Länge", "number", "mm", [], []),
        ("colour", "Colour", "Farbe", "choice", None, ["black", "natural"], ["schwarz", "natur"]),
    ]
    assert [a.required for a in created.attributes] == [True, False]
    listed = client.get("/back-office/product-types", headers=EN).get_data(as_text=True)
    assert "Cable ties" in listed
    audit = client.get("/back-office/audit", headers=EN).get_data(as_text=True)
    assert "Created product type “Cable ties”." in audit


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"code": "Cable Ties"}, "code", "small letters, digits and hyphens"),
        ({"name_de": "  "}, "name_de", "Enter the name."),
        ({"attr-0-key": "Länge"}, "attr-0-key", "small letters, digits and _"),
        ({"attr-1-key": "length"}, "attr-1-key", "Another attribute of this type has this key."),
        ({"attr-0-label_de": ""}, "attr-0-label_de", "Enter the label."),
        ({"attr-0-kind": "colour"}, "attr-0-kind", "Choose text, number or choice."),
        ({"attr-1-unit": "mm"}, "attr-1-unit", "Only a number has a unit."),
        ({"attr-0-unit": "m m"}, "attr-0-unit", "one word"),
        ({"attr-1-values_en": ""}, "attr-1-values_en", "at least one allowed value"),
        ({"attr-1-values_de": "schwarz"}, "attr-1-values_de", "German wording"),
        ({"attr-1-values_en": "black\nblack"}, "attr-1-values_en", "only once"),
        ({"attr-0-values_en": "5"}, "attr-0-values_en", "Only a choice has allowed values."),
        ({"name_en": "Ties\x00"}, "name_en", "must be one line"),
        ({"attr-1-values_de": "schwarz\nna\x07tur"}, "attr-1-values_de", "control characters"),
        ({"name_en": "x" * 201}, "name_en", "At most 200 characters."),
    ],
)
def test_refused_input_gets_a_message_beside_the_field_and_changes_nothing(
    operator, changes, field_id, message
):
    _staff, client = operator
    before = type_count()

    response = client.post(
        "/back-office/product-types/new", data=new_type_data(client, **changes), headers=EN
    )

    assert response.status_code == 422
    assert message in field_error(response.get_data(as_text=True), field_id)
    assert type_count() == before and audit_details() == []


def test_a_code_another_type_has_is_refused(operator):
    _staff, client = operator
    make_product_type(code="cable-ties")

    response = client.post("/back-office/product-types/new", data=new_type_data(client))

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Another product type has this code." in field_error(html, "code")


def test_add_another_row_gives_the_form_back_with_one_more_row_and_stores_nothing(operator):
    _staff, client = operator
    data = new_type_data(client, save=None, add_row="1")
    before = type_count()

    response = client.post("/back-office/product-types/new", data=data, headers=EN)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="attr-2-key"' in html and 'name="attr-3-key"' not in html
    assert 'value="Länge"' in html and ">\r\nblack\nnatural</textarea>" in html
    assert type_count() == before


def test_blank_rows_add_nothing_and_a_ticked_row_is_removed(operator):
    _staff, client = operator

    client.post(
        "/back-office/product-types/new", data=new_type_data(client, **{"attr-1-remove": "y"})
    )

    created = db.session.scalar(select(ProductType).where(ProductType.code == "cable-ties"))
    assert [a.key for a in created.attributes] == ["length"]


# -- change: preview, confirm, re-check ------------------------------------------------------


def edit_data(client, product_type, **changes) -> dict:
    data = form_of(client, f"/back-office/product-types/{product_type.id}")
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def add_material(client, product_type, **extra) -> dict:
    """The edit form with a new required attribute "material" (text) in the first blank row."""
    data = edit_data(client, product_type)
    row = len(product_type.attributes)
    data.update(
        {
            f"attr-{row}-key": "material",
            f"attr-{row}-label_en": "Material",
            f"attr-{row}-label_de": "Werkstoff",
            f"attr-{row}-kind": "text",
            f"attr-{row}-required": "y",
            "preview": "1",
        }
    )
    data.update(extra)
    return data


def test_a_new_required_attribute_is_previewed_first_and_changes_nothing_yet(operator):
    _staff, client = operator
    product_type = make_product_type()
    first = complete_product(product_type, name_en="Bolt A")
    complete_product(product_type, name_en="Bolt B")

    response = client.post(
        f"/back-office/product-types/{product_type.id}",
        data=add_material(client, product_type),
        headers=EN,
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 products would be held back, 0 would be published." in html
    assert "Bolt A" in html and "Bolt B" in html
    assert state_of(first) == (True, [])
    db.session.expire_all()
    assert [a.key for a in db.session.get(ProductType, product_type.id).attributes] == ["length"]
    assert audit_details() == []


def test_confirming_holds_back_the_products_that_miss_it_with_their_reasons(operator):
    _staff, client = operator
    product_type = make_product_type()
    missing = complete_product(product_type)
    having = complete_product(product_type)
    make_attribute(having, "material", "steel", "Stahl")

    response = client.post(
        f"/back-office/product-types/{product_type.id}",
        data=add_material(client, product_type, preview=None, confirm="1"),
        headers=EN,
    )

    assert response.status_code == 302
    assert state_of(missing) == (False, ["attribute_missing"])
    assert state_of(having) == (True, [])
    listed = client.get("/back-office/product-types", headers=EN).get_data(as_text=True)
    assert "Products held back: 1, published: 0." in listed
    report = client.get(f"/back-office/content?type={product_type.id}", headers=EN)
    assert missing.sku in report.get_data(as_text=True)
    assert having.sku not in report.get_data(as_text=True)
    audit = client.get("/back-office/audit", headers=EN).get_data(as_text=True)
    assert "Attributes added: Material." in audit
    assert "Products held back: 1, published: 0." in audit
    audit_de = client.get("/back-office/audit", headers=DE).get_data(as_text=True)
    assert "Merkmale hinzugefügt: Material." in audit_de


def test_relaxing_a_type_publishes_only_what_the_firewall_held_back(operator):
    _staff, client = operator
    product_type = make_product_type(requires_datasheet=True)
    held = make_product(product_type_id=product_type.id, name_en="Held bolt")
    make_attribute(held, "length", "40 mm", number=40.0, unit="mm")
    add_media(held)
    assert publish_product(held.sku) != []  # no data sheet: held back with the reason
    withdrawn = make_product(product_type_id=product_type.id, published=False)
    make_attribute(withdrawn, "length", "40 mm", number=40.0, unit="mm")
    add_media(withdrawn)  # complete, but unpublished without the firewall's reasons
    data = edit_data(client, product_type, requires_datasheet=None)

    preview = client.post(
        f"/back-office/product-types/{product_type.id}", data={**data, "preview": "1"}, headers=EN
    ).get_data(as_text=True)
    client.post(f"/back-office/product-types/{product_type.id}", data={**data, "confirm": "1"})

    assert "0 products would be held back, 1 would be published." in preview
    assert "Held bolt" in preview
    assert "1 unpublished products were not held back by the content check" in preview
    assert state_of(held) == (True, [])
    assert state_of(withdrawn) == (False, [])
    audit = client.get("/back-office/audit", headers=EN).get_data(as_text=True)
    assert "A data sheet is no longer required." in audit


def test_a_held_back_product_gets_the_new_reasons_when_the_rules_change(operator):
    _staff, client = operator
    product_type = make_product_type()
    product = make_product(product_type_id=product_type.id)
    make_attribute(product, "length", "40 mm", number=40.0, unit="mm")
    publish_product(product.sku)  # image missing
    data = edit_data(client, product_type, **{"attr-0-unit": "cm", "confirm": "1"})

    client.post(f"/back-office/product-types/{product_type.id}", data=data)

    assert state_of(product) == (False, ["image_missing", "wrong_unit"])


def test_an_optional_attribute_may_be_missing_but_must_fit_when_given(operator):
    _staff, client = operator
    product_type = make_product_type()
    without = complete_product(product_type)
    wrong = complete_product(product_type)
    make_attribute(wrong, "colour", "purple", "lila")
    data = edit_data(client, product_type)
    data.update(
        {
            "attr-1-key": "colour",
            "attr-1-label_en": "Colour",
            "attr-1-label_de": "Farbe",
            "attr-1-kind": "choice",
            "attr-1-values_en": "black",
            "attr-1-values_de": "schwarz",
            "confirm": "1",
        }
    )
    data.pop("attr-1-required", None)

    client.post(f"/back-office/product-types/{product_type.id}", data=data)

    assert state_of(without) == (True, [])
    assert state_of(wrong) == (False, ["value_not_allowed"])


def test_the_code_stays_once_products_use_the_type(operator):
    _staff, client = operator
    product_type = make_product_type()
    complete_product(product_type)
    code = product_type.code
    page = client.get(f"/back-office/product-types/{product_type.id}", headers=EN)

    client.post(
        f"/back-office/product-types/{product_type.id}",
        data=edit_data(client, product_type, code="renamed", name_en="Renamed", confirm="1"),
    )

    assert 'name="code"' not in page.get_data(as_text=True).replace('type="hidden" name="code"', "")
    db.session.expire_all()
    stored = db.session.get(ProductType, product_type.id)
    assert (stored.code, stored.name_en) == (code, "Renamed")


def test_the_code_of_an_unused_type_can_change(operator):
    _staff, client = operator
    product_type = make_product_type()

    client.post(
        f"/back-office/product-types/{product_type.id}",
        data=edit_data(client, product_type, code="new-code", confirm="1"),
    )

    db.session.expire_all()
    assert db.session.get(ProductType, product_type.id).code == "new-code"


def test_a_refused_change_stores_nothing_and_rechecks_nothing(operator):
    _staff, client = operator
    product_type = make_product_type()
    product = complete_product(product_type)
    data = add_material(client, product_type, preview=None, confirm="1")
    data["attr-1-label_de"] = ""

    response = client.post(f"/back-office/product-types/{product_type.id}", data=data, headers=EN)

    assert response.status_code == 422
    assert "Enter the label." in field_error(response.get_data(as_text=True), "attr-1-label_de")
    assert state_of(product) == (True, [])
    db.session.expire_all()
    assert [a.key for a in db.session.get(ProductType, product_type.id).attributes] == ["length"]
    assert audit_details() == []


# -- delete ----------------------------------------------------------------------------------


def test_an_unused_type_is_deleted_and_audited(operator):
    _staff, client = operator
    type_id = make_product_type(name_en="Unused").id
    token = form_of(client, "/back-office/product-types")["csrf_token"]

    response = client.post(
        f"/back-office/product-types/{type_id}/delete", data={"csrf_token": token}
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ProductType, type_id) is None
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(ProductTypeAttribute)
            .where(ProductTypeAttribute.product_type_id == type_id)
        )
        == 0
    )
    audit = client.get("/back-office/audit", headers=EN).get_data(as_text=True)
    assert "Deleted product type “Unused”." in audit


def test_a_type_with_products_cannot_be_deleted_and_says_so(operator):
    _staff, client = operator
    product_type = make_product_type()
    complete_product(product_type)
    token = form_of(client, "/back-office/product-types")["csrf_token"]

    response = client.post(
        f"/back-office/product-types/{product_type.id}/delete",
        data={"csrf_token": token},
        headers=EN,
        follow_redirects=True,
    )

    assert "Products use this type, so it cannot be deleted." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ProductType, product_type.id) is not None
    assert audit_details() == []


def test_an_unknown_type_is_not_found(operator):
    _staff, client = operator

    assert client.get("/back-office/product-types/999999").status_code == 404


# -- access ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/back-office/product-types",
        "/back-office/product-types/new",
        "/back-office/product-types/1",
    ],
)
def test_staff_without_the_content_right_are_refused(app, app_context, path):
    product_type = make_product_type()
    path = f"{path}{product_type.id}" if path.endswith("/") else path
    client = staff_logged_in(app, make_staff(rights=("review", "outbox", "customers")))

    assert client.get(path).status_code == 403


def test_staff_without_the_content_right_cannot_change_a_type(app, app_context):
    product_type = make_product_type(name_en="Kept")
    client = staff_logged_in(app, make_staff(rights=("customers",)))
    token = csrf_token_from(client.get("/back-office/").get_data(as_text=True))

    response = client.post(
        f"/back-office/product-types/{product_type.id}",
        data={"csrf_token": token, "name_en": "Changed", "confirm": "1"},
    )

    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(ProductType, product_type.id).name_en == "Kept"


def test_a_customer_session_is_sent_to_the_staff_login(client, login_as, app_context):
    from tests.factories import make_user

    login_as(make_user())

    response = client.get("/back-office/product-types")

    assert response.status_code == 302
    assert "/back-office/login" in response.headers["Location"]


def test_the_content_report_names_a_missing_attribute_by_the_types_label_not_its_key(
    operator,
):
    _staff, client = operator
    product_type = make_product_type()
    product = complete_product(product_type)
    client.post(
        f"/back-office/product-types/{product_type.id}",
        data=add_material(client, product_type, preview=None, confirm="1"),
    )

    report = client.get(f"/back-office/content?type={product_type.id}", headers=DE)

    html = report.get_data(as_text=True)
    assert product.sku in html
    assert "Werkstoff fehlt." in html and "material" not in html.split("<main", 1)[1]


def test_an_id_beyond_bigint_is_not_found(operator):
    _staff, client = operator
    token = form_of(client, "/back-office/product-types")["csrf_token"]
    huge = "9" * 25

    answers = [
        client.get(f"/back-office/product-types/{huge}"),
        client.post(f"/back-office/product-types/{huge}", data={"csrf_token": token}),
        client.post(f"/back-office/product-types/{huge}/delete", data={"csrf_token": token}),
    ]

    assert [a.status_code for a in answers] == [404, 404, 404]


def test_posts_without_a_csrf_token_change_nothing(operator):
    _staff, client = operator
    product_type = make_product_type(name_en="Kept")
    data = new_type_data(client)
    data.pop("csrf_token")

    answers = [
        client.post("/back-office/product-types/new", data=data),
        client.post(
            f"/back-office/product-types/{product_type.id}",
            data={**data, "code": product_type.code, "confirm": "1"},
        ),
        client.post(f"/back-office/product-types/{product_type.id}/delete", data={}),
    ]

    assert [a.status_code for a in answers] == [400, 400, 400]
    db.session.expire_all()
    assert db.session.get(ProductType, product_type.id).name_en == "Kept"
    assert type_count() == 1 and audit_details() == []


def test_the_list_runs_as_many_sql_statements_for_many_types_as_for_one(operator):
    from tests.integration.test_sql_bounds import count_statements

    _staff, client = operator
    complete_product(make_product_type())
    client.get("/back-office/product-types")
    one = count_statements(client, "/back-office/product-types")
    for _n in range(8):
        complete_product(make_product_type())

    many = count_statements(client, "/back-office/product-types")

    assert many == one


@pytest.mark.parametrize("step", [{"add_row": "1"}, {"preview": "1"}], ids=["add_row", "preview"])
def test_a_used_types_code_still_shows_after_adding_a_row_or_previewing(operator, step):
    _staff, client = operator
    product_type = make_product_type()
    complete_product(product_type)

    response = client.post(
        f"/back-office/product-types/{product_type.id}",
        data=edit_data(client, product_type, **step),
        headers=EN,
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert product_type.code in html and "None" not in html
