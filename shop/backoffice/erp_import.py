"""The catalogue import from the ERP's article data in the back office (#12, §13).

One button on the import page: the articles are read from the ERP, run through the content
firewall like a file's records, and the kept report is shown. An ERP that offers no article
data, or fails on the way, is said plainly, and nothing is imported.
"""

import logging

from flask import flash, redirect, url_for

from erp_bridge import ErpRejected, ErpUnavailable
from shop.backoffice.access import current_staff, staff_required
from shop.backoffice.views import bp
from shop.domain.catalog_import import UnreadableFile
from shop.domain.staff import StaffRight
from shop.erp import erp_client
from shop.models.clock import utcnow
from shop.services.catalog_import import import_erp_articles
from shop.web.labels.content import erp_import_failure_message

log = logging.getLogger(__name__)


@bp.post("/content/import/erp")
@staff_required(StaffRight.CONTENT)
def catalog_import_erp():
    try:
        report = import_erp_articles(erp_client(), utcnow(), current_staff())
    except (ErpRejected, ErpUnavailable, UnreadableFile) as failure:
        log.warning("catalogue import from the ERP failed: %s", failure)
        flash(erp_import_failure_message(failure), "error")
        return redirect(url_for(".catalog_import_upload"))
    return redirect(url_for(".catalog_import_report", import_id=report.id))
