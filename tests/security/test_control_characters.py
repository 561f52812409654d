"""Control characters are refused where they enter (#9): every field of every form, with a
message next to the field, HTTP 422 and nothing stored; and the outbox never takes text the
ERP's SOAP (XML 1.0) could not carry."""

import importlib
import pkgutil
import re

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import SelectFieldBase, TextAreaField

import customer_center
import shop
from shop.domain.outbox import OutboxKind
from shop.domain.rights import PredefinedRole
from shop.extensions import db
from shop.models import (
    Company,
    Order,
    OutboxEntry,
    ReviewTicket,
    StaffAuditEntry,
    StaffMember,
    StaffSession,
    User,
)
from shop.services.customer_center.roles import ensure_predefined_roles
from shop.services.outbox import UnsendableText, enqueue
from shop.web.forms import ShopForm
from tests.clients import add, checkout_form, staff_logged_in
from tests.factories import (
    PASSWORD,
    make_company,
    make_main_contact,
    make_order,
    make_product,
    make_staff,
    make_user,
)

EN = {"Accept-Language": "en"}
SINGLE_LINE = "must be one line without control characters"
MULTI_LINE = "contains control characters"


def all_form_classes() -> list[type[FlaskForm]]:
    """Every form class the shop defines: new ones join this test without being listed."""
    for package in (shop, customer_center):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    found, todo = set(), [FlaskForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            if subclass not in found:
                found.add(subclass)
                todo.append(subclass)
    ours = {f for f in found if f.__module__.split(".")[0] in {"shop", "customer_center"}}
    return sorted(ours - {ShopForm}, key=lambda f: f"{f.__module__}.{f.__qualname__}")


FORMS = all_form_classes()


def test_the_walk_finds_the_forms_of_every_area():
    modules = {form.__module__ for form in FORMS}

    assert {"shop.checkout.forms", "shop.cart.forms", "customer_center.forms"} <= modules
    assert len(FORMS) >= 20


@pytest.mark.parametrize("form_class", FORMS, ids=lambda f: f.__qualname__)
def test_every_form_refuses_control_characters_in_every_field(app, form_class):
    assert issubclass(form_class, ShopForm), "derive forms from shop.web.forms.ShopForm"
    with app.test_request_context(headers=EN):
        names = list(form_class(meta={"csrf": False}))
        assert names, "a form without fields"
        # The name as posted (with the form's prefix, if any) and as the form knows it.
        for field_name, short_name in ((field.name, field.short_name) for field in names):
            for bad in ("A\x00B", "A\x1fB", "A\ufffeB", "A\x85B", "A\x7fB", "A\nB"):
                form = form_class(formdata=_formdata({field_name: bad}), meta={"csrf": False})
                field = form[short_name]
                for any_field in form:
                    if isinstance(any_field, SelectFieldBase) and any_field.choices is None:
                        any_field.choices = []
                multi_line = isinstance(field, TextAreaField)
                may_pass = multi_line and bad in ("A\x85B", "A\x7fB", "A\nB")

                valid = form.validate()
                messages = " ".join(str(m) for m in field.errors)
                assert valid is False or may_pass
                if may_pass:
                    assert MULTI_LINE not in messages, (field_name, bad)
                else:
                    assert (MULTI_LINE if multi_line else SINGLE_LINE) in messages or (
                        "password cannot contain control characters" in messages
                    ), (form_class.__qualname__, field_name, repr(bad), messages)


def _formdata(values: dict):
    from werkzeug.datastructures import MultiDict

    return MultiDict(values)


# -- through HTTP: the message is next to the field, 422, nothing stored ---------------------


def order_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Order.id)))


def outbox_count() -> int:
    return db.session.scalar(select(func.count(OutboxEntry.id)))


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'<p class="field-error" id="{field_id}-error">([^<]*)</p>', html)
    assert match, f"no error next to {field_id}"
    return match.group(1)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("comment", "Please call\x00first", "Comment contains control characters."),
        ("comment", "bell\x07", "Comment contains control characters."),
        ("customer_reference", "PO\r\n4711", "Your order reference (PO number) must be one line"),
        ("customer_reference", "PO\x00", "Your order reference (PO number) must be one line"),
        ("new_name", "Werk\x00 2", "Company / recipient must be one line"),
        ("new_street", "Hauptstr. 1\n", "Street and number must be one line"),
        ("new_city", "Berlin\x85", "City must be one line"),
    ],
)
def test_checkout_refuses_control_characters_next_to_the_field(
    client, csrf, login_as, field, value, message
):
    login_as(make_user())
    add(client, csrf, make_product().sku)
    new_address = {
        "address": "new",
        "new_name": "Werk 2",
        "new_street": "Hauptstr. 1",
        "new_postal_code": "10115",
        "new_city": "Berlin",
    }
    data = checkout_form(client, csrf, **{**new_address, field: value})

    response = client.post("/checkout", data=data, headers=EN)

    assert response.status_code == 422
    assert message in field_error(response.get_data(as_text=True), field)
    assert order_count() == 0 and outbox_count() == 0


def test_checkout_keeps_line_breaks_in_the_comment(client, csrf, login_as):
    login_as(make_user())
    add(client, csrf, make_product().sku)

    response = client.post(
        "/checkout", data=checkout_form(client, csrf, comment="Gate 2\r\nafter 8:00\tplease")
    )

    assert response.status_code == 302
    assert order_count() == 1


def csrf_of(client, path: str) -> str:
    from tests.conftest import csrf_token_from

    return csrf_token_from(client.get(path, headers=EN).get_data(as_text=True))


@pytest.mark.parametrize("name", ["Ben\x00Becker", "Ben\nBecker", "Ben\x9bBecker"])
def test_a_user_name_with_control_characters_is_refused_when_editing(client, login_as, name):
    company = make_company()
    login_as(make_main_contact(company))
    colleague = make_user(company, name="Ben Becker")
    page = f"/customer-center/users/{colleague.id}"

    response = client.post(
        page,
        data={
            "name": name,
            "email": colleague.email,
            "role_ids": [role.id for role in colleague.roles],
            "csrf_token": csrf_of(client, page),
        },
        headers=EN,
    )

    assert response.status_code == 422
    assert "Name must be one line" in field_error(response.get_data(as_text=True), "name")
    db.session.expire_all()
    assert db.session.get(User, colleague.id).name == "Ben Becker"
    assert outbox_count() == 0


def test_a_new_user_with_a_nul_in_the_name_is_not_created(client, login_as):
    company = make_company()
    login_as(make_main_contact(company))
    buyer_role = ensure_predefined_roles(company)[PredefinedRole.BUYER]
    page = "/customer-center/users/new"
    before = db.session.scalar(select(func.count(User.id)))

    response = client.post(
        page,
        data={
            "name": "Nul\x00Person",
            "email": "nul.person@example.com",
            "role_ids": [buyer_role.id],
            "csrf_token": csrf_of(client, page),
        },
        headers=EN,
    )

    assert response.status_code == 422
    assert "Name must be one line" in field_error(response.get_data(as_text=True), "name")
    db.session.expire_all()
    assert db.session.scalar(select(func.count(User.id))) == before
    assert outbox_count() == 0


REGISTRATION = {
    "customer_number": "10003",
    "invoice_number": "RE-2026-10003-07",
    "email": "laura.weber@weber-elektro.example.com",
    "name": "Laura Weber",
}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("invoice_number", "RE-2026-10003-07\x00", "Invoice number must be one line"),
        ("name", "Laura\x00Weber", "Name must be one line"),
        ("name", "Laura\r\nBcc: x@example.com", "Name must be one line"),
        ("customer_number", "10003\x00", "Customer number must be one line"),
        ("email", "laura\x00@weber-elektro.example.com", "E-mail must be one line"),
    ],
)
def test_registration_refuses_control_characters_next_to_the_field(
    client, erp, field, value, message
):
    page = "/customer-center/register"
    data = {**REGISTRATION, field: value, "csrf_token": csrf_of(client, page)}

    response = client.post(page, data=data, headers=EN)

    assert response.status_code == 422
    assert message in field_error(response.get_data(as_text=True), field)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Company.id))) == 0


# -- the outbox: the last line of defence --------------------------------------------------


def test_the_outbox_refuses_a_contact_payload_xml_cannot_carry(app_context):
    with pytest.raises(UnsendableText):
        enqueue(
            OutboxKind.UPSERT_CONTACT,
            "contact:1",
            {"customer_number": "10001", "name": "Ben\x00Becker", "email": "ben@example.com"},
        )

    db.session.rollback()
    assert outbox_count() == 0


def test_the_outbox_refuses_an_order_whose_text_xml_cannot_carry(app_context):
    from tests.factories import make_order

    user = make_user()

    # A vertical tab: PostgreSQL stores it (unlike a NUL), XML 1.0 cannot carry it.
    with pytest.raises(UnsendableText):
        make_order(user, comment="A\x0bB")

    db.session.rollback()
    assert order_count() == 0 and outbox_count() == 0


def test_an_order_with_line_breaks_in_its_comment_is_taken_for_review(app_context):
    from tests.factories import make_order

    # §8: a comment holds the order for review; the outbox takes it once released.
    order = make_order(make_user(), comment="Gate 2\nafter 8:00")

    assert order_count() == 1 and order.status == "on_hold"
    assert order.comment == "Gate 2\nafter 8:00"


# -- the command line: `flask staff create` --------------------------------------------------

STAFF_PASSWORD = "long-Random-Words-7"


@pytest.mark.parametrize(
    ("email", "name", "password", "says"),
    [
        ("ops\x00@shop.example.com", "Ops", STAFF_PASSWORD, "e-mail"),
        ("ops@shop.example.com\n", "Ops", STAFF_PASSWORD, "e-mail"),
        ("a" * 250 + "@shop.example.com", "Ops", STAFF_PASSWORD, "e-mail"),
        ("not-an-address", "Ops", STAFF_PASSWORD, "e-mail"),
        ("ops@shop.example.com", "Ops\x00Team", STAFF_PASSWORD, "name"),
        ("ops@shop.example.com", "Ops\x1b[31mTeam", STAFF_PASSWORD, "name"),
        ("ops@shop.example.com", "   ", STAFF_PASSWORD, "name"),
        ("ops@shop.example.com", "O" * 201, STAFF_PASSWORD, "name"),
        ("ops@shop.example.com", "Ops", "long-Random\x00Words-7", "control characters"),
        ("ops@shop.example.com", "Ops", "short", "characters"),
        ("ops@shop.example.com", "Ops", "x" * 300, "characters"),
    ],
    ids=lambda value: repr(value)[:24],
)
def test_staff_create_refuses_bad_input_with_a_message_and_stores_nothing(
    app, app_context, email, name, password, says
):
    runner = app.test_cli_runner()

    result = runner.invoke(
        args=["staff", "create", email, "--name", name, "--rights", "review", "--password-stdin"],
        input=password + "\n",
    )

    # A clear message and a non-zero exit, never a traceback (an exception other than exit).
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exception
    assert says in result.output
    db.session.rollback()
    assert db.session.scalar(select(func.count(StaffMember.id))) == 0


# -- the company settings form (review-request opt-out) --------------------------------------


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_company_settings_refuse_control_characters_next_to_the_field(client, login_as, htmx):
    company = make_company()
    login_as(make_main_contact(company))
    page = "/customer-center/company"
    headers = {**EN, **({"HX-Request": "true"} if htmx else {})}

    response = client.post(
        page,
        data={"review_requests_opt_out": "y\x00", "csrf_token": csrf_of(client, page)},
        headers=headers,
    )

    assert response.status_code == 422
    message = field_error(response.get_data(as_text=True), "review_requests_opt_out")
    assert "must be one line without control characters" in message
    db.session.expire_all()
    assert db.session.get(Company, company.id).review_requests_opt_out is False


# -- the back office: login and ticket forms ---------------------------------------------------


def staff_audit_count() -> int:
    return db.session.scalar(select(func.count(StaffAuditEntry.id)))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "ops\x00@shop.example.com", "E-mail must be one line"),
        ("email", "ops@shop.example.com\r\nBcc: x@example.com", "E-mail must be one line"),
        ("password", "long-Random\x00Words-7", "The password cannot contain control characters"),
    ],
)
def test_the_staff_login_refuses_control_characters_next_to_the_field(
    client, app_context, field, value, message
):
    staff = make_staff()
    page = "/back-office/login"
    data = {"email": staff.email, "password": PASSWORD, field: value}

    response = client.post(page, data={**data, "csrf_token": csrf_of(client, page)}, headers=EN)

    assert response.status_code == 422
    assert message in field_error(response.get_data(as_text=True), field)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(StaffSession.id))) == 0
    assert staff_audit_count() == 0


@pytest.mark.parametrize(
    ("action", "field", "value", "message"),
    [
        ("note", "note", "call back\x00", "Note contains control characters"),
        ("note", "note", "\x1b[2J", "Note contains control characters"),
        ("release", "release_note", "looks fine\x07", "contains control characters"),
        ("cancel", "cancel_note", "sorry\x0b", "Note for the customer contains control"),
        ("assign", "assignee", "queue:sales\x00", "Assigned to must be one line"),
    ],
)
def test_back_office_ticket_forms_refuse_control_characters_next_to_the_field(
    app, app_context, erp, action, field, value, message
):
    order = make_order(make_user(make_company(customer_number="10001")), comment="Gate 2")
    ticket = db.session.scalar(select(ReviewTicket).where(ReviewTicket.order_id == order.id))
    client = staff_logged_in(app, make_staff())
    page = f"/back-office/review/{ticket.id}"
    audited, notes = staff_audit_count(), len(ticket.notes)

    response = client.post(
        f"{page}/{action}",
        data={field: value, "csrf_token": csrf_of(client, page)},
        headers=EN,
    )

    assert response.status_code == 422
    assert message in field_error(response.get_data(as_text=True), field)
    db.session.expire_all()
    ticket = db.session.get(ReviewTicket, ticket.id)
    assert (ticket.status, ticket.queue, len(ticket.notes)) == ("open", None, notes)
    assert db.session.get(Order, order.id).status == "on_hold"
    assert staff_audit_count() == audited


# -- the customer center's invoice list filter -------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date_from", "2026-13-45"),
        ("date_from", "2026-01-01\x00"),
        ("date_to", "9" * 40),
        ("date_to", "-1"),
        ("state", "open\x00"),
        ("state", "paid\r\nX-Injected: 1"),
    ],
)
def test_the_invoice_filter_marks_a_bad_value_next_to_the_field(client, login_as, field, value):
    login_as(make_main_contact(make_company()))

    response = client.get("/customer-center/invoices", query_string={field: value}, headers=EN)

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), field)
    assert "X-Injected" not in response.headers
