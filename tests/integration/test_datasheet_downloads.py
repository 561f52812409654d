"""Data-sheet downloads recorded for the onboarding usage check (#12), and the checklist's
"delivery address confirmed" and "data sheets downloaded" items from the company's data."""

from datetime import timedelta

from sqlalchemy import select

from shop.domain.customer_changes import ChangeKind, ChangeRequestStatus
from shop.domain.onboarding import ComputedCheck
from shop.extensions import db
from shop.models import CustomerChangeRequest, DatasheetDownload
from shop.models.clock import utcnow
from shop.services import onboarding
from shop.services.customer_center.companies import main_contacts_query
from shop.services.place_order import DeliveryAddress
from shop.services.unit_of_work import unit_of_work
from tests.clients import logged_in
from tests.conftest import FreshContextClient
from tests.factories import (
    add_media,
    make_company,
    make_main_contact,
    make_order,
    make_product,
    make_user,
)
from tests.integration.test_onboarding import registered_company
from tests.integration.test_sql_bounds import statements_of

EN = {"Accept-Language": "en"}


def media_path(product, media) -> str:
    return f"/products/{product.sku}/media/{media.id}/{media.filename}"


def downloads() -> list[DatasheetDownload]:
    db.session.expire_all()
    return list(db.session.scalars(select(DatasheetDownload).order_by(DatasheetDownload.id)))


def done_checks(company_id: int) -> set[ComputedCheck]:
    db.session.expire_all()
    return {e.check for e in onboarding.company_checklist(company_id).entries if e.done}


def test_a_signed_in_users_data_sheet_download_is_recorded_for_their_company(app, app_context):
    company = make_company()
    user = make_user(company)
    product = make_product()
    sheet = add_media(product, "datasheet")
    client = logged_in(app, user)
    before = utcnow()

    response = client.get(media_path(product, sheet))

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    [download] = downloads()
    assert (download.company_id, download.user_id, download.product_id) == (
        company.id,
        user.id,
        product.id,
    )
    assert before - timedelta(seconds=1) <= download.at <= utcnow() + timedelta(seconds=1)


def test_anonymous_downloads_images_and_refused_downloads_are_not_recorded(app, app_context):
    product = make_product()
    sheet = add_media(product, "datasheet")
    image = add_media(product, "image")
    app.test_client_class = FreshContextClient
    anonymous = app.test_client()
    company = make_company()
    viewer = logged_in(app, make_user(company))

    assert anonymous.get(media_path(product, sheet)).status_code == 200
    assert viewer.get(media_path(product, image)).status_code == 200
    assert viewer.get(f"/products/{product.sku}/media/{sheet.id}/other.pdf").status_code == 404

    assert downloads() == []


def test_recording_a_download_costs_one_insert_and_no_other_query(app, app_context):
    user = make_user(make_company())
    product = make_product()
    sheet = add_media(product, "datasheet")
    image = add_media(product, "image")
    client = logged_in(app, user)
    client.get(media_path(product, image))

    # An image takes the same way through the view, unrecorded: the baseline.
    unrecorded = statements_of(client, media_path(product, image))
    recorded = statements_of(client, media_path(product, sheet))

    extra = [s for s in recorded if s not in unrecorded]
    # Beside the image's way: at most a read of the user's roles (the right to download data
    # sheets; the request may have them already), and SQLite's unit of work begins with BEGIN
    # IMMEDIATE, a lock rather than a query.
    rights_check = [s for s in extra if "FROM roles, user_roles" in s]
    lock = [s for s in extra if s.strip().upper() == "BEGIN IMMEDIATE"]
    [insert] = [s for s in extra if s not in rights_check + lock]
    assert insert.lstrip().upper().startswith("INSERT INTO DATASHEET_DOWNLOADS")
    assert len(rights_check) <= 1 and recorded[-1] == insert
    assert len(recorded) == len(unrecorded) + len(extra)


def test_a_download_ticks_data_sheets_downloaded_for_that_company_only(app, app_context):
    company = make_company()
    make_main_contact(company)
    other = make_company()
    product = make_product()
    sheet = add_media(product, "datasheet")
    assert ComputedCheck.DATASHEETS_DOWNLOADED not in done_checks(company.id)

    logged_in(app, make_user(company)).get(media_path(product, sheet))

    assert ComputedCheck.DATASHEETS_DOWNLOADED in done_checks(company.id)
    assert ComputedCheck.DATASHEETS_DOWNLOADED not in done_checks(other.id)


def test_an_order_to_the_saved_delivery_address_confirms_it(app_context):
    company = make_company()
    buyer = make_user(company)
    assert ComputedCheck.DELIVERY_ADDRESS_CONFIRMED not in done_checks(company.id)

    make_order(buyer, address=DeliveryAddress("Werk 1", "Werkstraße 1", "10115", "Berlin", "DE"))

    assert ComputedCheck.DELIVERY_ADDRESS_CONFIRMED in done_checks(company.id)


def test_an_order_to_a_new_address_confirms_no_address_on_record(app_context):
    company = make_company()
    buyer = make_user(company)

    make_order(buyer, address=DeliveryAddress("Baustelle", "Feldweg 9", "20095", "Hamburg", "DE"))

    checks = done_checks(company.id)
    assert ComputedCheck.FIRST_ORDER_PLACED in checks
    assert ComputedCheck.DELIVERY_ADDRESS_CONFIRMED not in checks


def change_request(company, kind: ChangeKind, status: ChangeRequestStatus) -> None:
    with unit_of_work():
        db.session.add(
            CustomerChangeRequest(
                company_id=company.id,
                requested_by_label="Max Main",
                kind=kind.value,
                details={"street": "Neue Straße 2", "postal_code": "10115", "city": "Berlin"},
                status=status.value,
            )
        )


def test_a_delivery_address_change_the_erp_made_confirms_the_address(app_context):
    company = make_company()
    waiting = make_company()
    billing = make_company()

    change_request(company, ChangeKind.DELIVERY_ADDRESS, ChangeRequestStatus.MADE)
    change_request(waiting, ChangeKind.DELIVERY_ADDRESS, ChangeRequestStatus.SENT)
    change_request(billing, ChangeKind.BILLING_ADDRESS, ChangeRequestStatus.MADE)

    assert ComputedCheck.DELIVERY_ADDRESS_CONFIRMED in done_checks(company.id)
    assert ComputedCheck.DELIVERY_ADDRESS_CONFIRMED not in done_checks(waiting.id)
    assert ComputedCheck.DELIVERY_ADDRESS_CONFIRMED not in done_checks(billing.id)


def test_the_getting_started_panel_links_the_two_new_steps(app, app_context):

    company = registered_company()
    main = db.session.scalar(main_contacts_query(company.id))
    client = logged_in(app, main)

    page = client.get("/customer-center/", headers=EN).get_data(as_text=True)

    assert 'href="/customer-center/company">Confirm your delivery address</a>' in page
    assert 'href="/catalog">Download a product data sheet</a>' in page


def test_data_sheets_are_kept_by_no_shared_cache_and_every_download_reaches_the_shop(
    app, app_context
):
    product = make_product()
    sheet = add_media(product, "datasheet")
    image = add_media(product, "image")
    app.test_client_class = FreshContextClient
    anonymous = app.test_client()
    client = logged_in(app, make_user(make_company()))

    first = client.get(media_path(product, sheet))
    again = client.get(media_path(product, sheet), headers={"If-None-Match": first.headers["ETag"]})
    public = anonymous.get(media_path(product, sheet))
    picture = client.get(media_path(product, image))

    for response in (first, public):
        directives = {d.strip() for d in response.headers["Cache-Control"].split(",")}
        assert {"private", "no-cache"} <= directives and "public" not in directives
    assert again.status_code == 304
    assert len(downloads()) == 2  # the revalidated download is recorded too
    assert picture.headers["Cache-Control"] == "public, max-age=86400"
