"""The product content report and the catalogue import of the back office (#12, §13).

Unpublished products with the firewall's reasons, filtered by type, category and reason,
with counts and the categories' live state; a product is checked and published from here;
a CSV file (with its images and data sheets) is imported and its report kept.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from shop.backoffice.access import current_staff, staff_required
from shop.backoffice.forms import CatalogImportForm
from shop.backoffice.views import bp
from shop.domain.catalog_import import UnreadableFile
from shop.domain.content_firewall import ContentProblem
from shop.domain.staff import StaffRight
from shop.models.clock import utcnow
from shop.services import content_report
from shop.services.catalog_import import import_catalog
from shop.services.product_content import ProductNotFound, publish_product
from shop.services.stock import last_stock_lookup
from shop.web.labels.content import (
    content_problem_label,
    content_problem_message,
    file_problem_message,
    go_live_hint,
    import_outcome_label,
    live_state_label,
    product_field_label,
)
from shop.web.navigation import page_arg

# A CSV of 20,000 records with its pictures fits; anything larger is refused before it is read.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@bp.context_processor
def _content_helpers() -> dict:
    return {
        "content_problem_label": content_problem_label,
        "import_outcome_label": import_outcome_label,
        "live_state_label": live_state_label,
        "go_live_hint": go_live_hint,
    }


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


@bp.get("/content")
@staff_required(StaffRight.CONTENT)
def content():
    problem = request.args.get("reason", "")
    report_filter = content_report.ReportFilter(
        type_id=_int_arg("type"),
        category_id=_int_arg("category"),
        problem=problem if problem in set(ContentProblem) else None,
    )
    page = content_report.unpublished_products(report_filter, page_arg(request.args))
    keys = {key for row in page.items for _code, key, _detail in row.problems if key}
    labels = content_report.attribute_labels(keys, get_locale().language)
    published, unpublished = content_report.product_counts()
    return render_template(
        "backoffice/content/report.html",
        page=page,
        report_filter=report_filter,
        counts=content_report.problem_counts(report_filter),
        published=published,
        unpublished=unpublished,
        types=content_report.product_types(),
        category_states=content_report.category_states(),
        reasons=list(ContentProblem),
        message=lambda problem: content_problem_message(*problem, attribute_labels=labels),
        endpoint_args={
            k: v for k, v in request.args.items() if k in {"type", "category", "reason"} and v
        },
        imports=content_report.catalog_imports(5),
        # §13: the worker asks the ERP for the stock holding categories back; opening reads.
        stock_looked_up_at=last_stock_lookup(),
    )


@bp.post("/content/<sku>/publish")
@staff_required(StaffRight.CONTENT)
def publish(sku: str):
    try:
        findings = publish_product(sku, current_staff(), utcnow())
    except ProductNotFound:
        abort(404)
    if findings:
        flash(_("%(sku)s is still incomplete and stays unpublished.", sku=sku), "error")
    else:
        flash(_("%(sku)s passed the content check and is published.", sku=sku), "success")
    return redirect(url_for(".content"))


@bp.route("/content/import", methods=["GET", "POST"])
@staff_required(StaffRight.CONTENT)
def catalog_import_upload():
    request.max_content_length = MAX_UPLOAD_BYTES
    form = CatalogImportForm()
    if not form.validate_on_submit():
        invalid = request.method == "POST"
        return render_template("backoffice/content/import.html", form=form), 422 if invalid else 200
    upload: FileStorage = form.catalogue.data
    files = {
        (media.filename or "").rsplit("/", 1)[-1]: media.read()
        for media in form.media.data or []
        if isinstance(media, FileStorage) and media.filename
    }
    # The name is shown and audited: printable characters only (a NUL would not even store).
    filename = "".join(char for char in upload.filename or "" if char.isprintable())[:200]
    try:
        report = import_catalog(upload.read(), files, filename, utcnow(), current_staff())
    except UnreadableFile as unreadable:
        form.catalogue.errors.append(file_problem_message(unreadable.problem, unreadable.detail))
        return render_template("backoffice/content/import.html", form=form), 422
    return redirect(url_for(".catalog_import_report", import_id=report.id))


@bp.get("/content/imports/<int:import_id>")
@staff_required(StaffRight.CONTENT)
def catalog_import_report(import_id: int):
    report = content_report.catalog_import(import_id)
    if report is None:
        abort(404)
    keys = {key for row in report.records for _code, key, _detail in row["problems"] if key}
    keys |= {key for row in report.records for _field, key in row["changes"] if key}
    labels = content_report.attribute_labels(keys, get_locale().language)
    return render_template(
        "backoffice/content/import_report.html",
        report=report,
        message=lambda problem: content_problem_message(*problem, attribute_labels=labels),
        changed_fields=lambda changes: ", ".join(
            product_field_label(*change, attribute_labels=labels) for change in changes
        ),
    )
