"""Recording data-sheet downloads (#12): the onboarding usage check counts them per company."""

from datetime import datetime

from sqlalchemy import insert

from shop.extensions import db
from shop.models import DatasheetDownload
from shop.services.unit_of_work import unit_of_work


def record_datasheet_download(
    company_id: int, user_id: int, product_id: int, now: datetime
) -> None:
    """Record that a customer user downloaded the product's data sheet.

    One INSERT and nothing else: it runs on every download, and the ids come from what the
    request has already loaded.
    """
    with unit_of_work():
        db.session.execute(
            insert(DatasheetDownload).values(
                company_id=company_id, user_id=user_id, product_id=product_id, at=now
            )
        )
