"""The back office's product type editor (#12, §13): the list of types with their products'
states, a form to create and change a type with its attributes, a preview of what a change
does to the type's products before it is saved, and deleting an unused type.

Staff with the `content` right only. Plain forms: "Add another row" and "Back to editing"
post the form and get it back; invalid input answers 422 with the message next to the field
and changes nothing.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from shop.backoffice.access import current_staff, staff_required
from shop.backoffice.product_type_forms import AttributeRowForm, ProductTypeForm
from shop.backoffice.views import bp
from shop.domain.product_types import (
    MAX_ATTRIBUTES,
    AttributeDraft,
    TypeDraft,
    TypeField,
    TypeIssue,
    split_values,
)
from shop.domain.staff import StaffRight
from shop.models.clock import utcnow
from shop.services import product_types as service
from shop.web.labels.product_types import type_problem_message

LIST_PAGE = "backoffice/product_types/list.html"
EDIT_PAGE = "backoffice/product_types/edit.html"
PREVIEW_PAGE = "backoffice/product_types/preview.html"
EMPTY_ROWS = 2  # blank attribute rows offered below the type's own
MAX_ROWS = MAX_ATTRIBUTES + EMPTY_ROWS + 1

CONTENT = StaffRight.CONTENT


@bp.get("/product-types")
@staff_required(CONTENT)
def product_types():
    return render_template(LIST_PAGE, types=service.type_summaries())


class _Editor:
    """The type's form and its attribute rows, as shown or as posted."""

    def __init__(self, posted: bool, draft: TypeDraft | None = None, extra_rows: int = 0):
        if posted:
            self.form = ProductTypeForm()
            count = _row_count(self.form.rows.data)
            self.rows = [
                AttributeRowForm(prefix=f"attr-{n}", meta={"csrf": False}) for n in range(count)
            ]
        else:
            self.form = ProductTypeForm(formdata=None, obj=draft)
            attributes = draft.attributes if draft else ()
            self.rows = [
                AttributeRowForm(
                    formdata=None, prefix=f"attr-{n}", meta={"csrf": False}, data=_row_data(a)
                )
                for n, a in enumerate(attributes)
            ]
        for _n in range(extra_rows if posted else EMPTY_ROWS):
            if len(self.rows) < MAX_ROWS:
                self.rows.append(
                    AttributeRowForm(
                        formdata=None, prefix=f"attr-{len(self.rows)}", meta={"csrf": False}
                    )
                )
        self.form.rows.data = str(len(self.rows))
        # The draft's attribute n came from this row form (blank and removed rows are skipped).
        self.sources: list[AttributeRowForm] = []

    def validate(self) -> bool:
        valid = self.form.validate_on_submit()
        for row in self.rows:
            valid = row.validate() and valid
        return valid

    def draft(self, fixed_code: str | None) -> TypeDraft:
        self.sources = [row for row in self.rows if not row.is_blank() and not row.remove.data]
        return TypeDraft(
            code=fixed_code if fixed_code is not None else (self.form.code.data or "").strip(),
            name_en=(self.form.name_en.data or "").strip(),
            name_de=(self.form.name_de.data or "").strip(),
            requires_image=bool(self.form.requires_image.data),
            requires_datasheet=bool(self.form.requires_datasheet.data),
            attributes=tuple(
                AttributeDraft(
                    key=(row.key.data or "").strip(),
                    label_en=(row.label_en.data or "").strip(),
                    label_de=(row.label_de.data or "").strip(),
                    kind=row.kind.data or "",
                    unit=(row.unit.data or "").strip(),
                    values_en=split_values(row.values_en.data or ""),
                    values_de=split_values(row.values_de.data or ""),
                    required=bool(row.required.data),
                )
                for row in self.sources
            ),
        )

    def show_issues(self, issues: list[TypeIssue]) -> None:
        """Each problem next to its field."""
        for issue in issues:
            if issue.field is TypeField.ATTRIBUTES:  # too many: said beside the last one
                form, name = self.sources[-1], TypeField.KEY.value
            elif issue.row is None:
                form, name = self.form, issue.field.value
            else:
                form, name = self.sources[issue.row], issue.field.value
            form[name].errors = [*form[name].errors, type_problem_message(issue.problem)]


def _row_count(posted: str | None) -> int:
    text = (posted or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) < 4):
        return EMPTY_ROWS
    return min(int(text), MAX_ROWS)


def _row_data(attribute: AttributeDraft) -> dict:
    return {
        "key": attribute.key,
        "label_en": attribute.label_en,
        "label_de": attribute.label_de,
        "kind": attribute.kind,
        "unit": attribute.unit,
        "values_en": "\n".join(attribute.values_en),
        "values_de": "\n".join(attribute.values_de),
        "required": attribute.required,
        "remove": False,
    }


def _edit_page(editor: _Editor, *, type_id: int | None = None, invalid: bool = False, **ctx):
    code_fixed = type_id is not None and service.product_count(type_id) > 0
    body = render_template(
        EDIT_PAGE,
        form=editor.form,
        rows=editor.rows,
        type_id=type_id,
        code_fixed=code_fixed,
        **ctx,
    )
    return body, 422 if invalid else 200


def _posted_editor() -> tuple[_Editor, bool, bool]:
    """The posted editor, whether its fields are fit, and whether the operator is still
    editing ("Add another row", "Back to editing"): then nothing is checked or saved."""
    editing = "add_row" in request.form or "edit" in request.form
    editor = _Editor(posted=True, extra_rows=1 if "add_row" in request.form else 0)
    return editor, editor.validate(), editing


@bp.route("/product-types/new", methods=["GET", "POST"])
@staff_required(CONTENT)
def product_type_new():
    if request.method == "GET":
        return _edit_page(_Editor(posted=False))
    editor, valid, editing = _posted_editor()
    draft = editor.draft(None)
    if editing:
        return _edit_page(editor, invalid=not valid)
    issues = service.check_draft(draft)
    if valid and not issues:
        try:
            service.create_type(draft, current_staff(), utcnow())
        except service.InvalidProductType as refused:
            issues = refused.issues
        else:
            flash(_("The product type “%(name)s” is created.", name=draft.name_en), "success")
            return redirect(url_for(".product_types"))
    editor.show_issues(issues)
    return _edit_page(editor, invalid=True)


@bp.route("/product-types/<int:type_id>", methods=["GET", "POST"])
@staff_required(CONTENT)
def product_type_edit(type_id: int):
    try:
        stored = service.product_type(type_id)
    except service.ProductTypeNotFound:
        abort(404)
    if request.method == "GET":
        return _edit_page(_Editor(posted=False, draft=service.draft_of(stored)), type_id=type_id)
    # Once products use the type its code stays (their catalogue files name it).
    fixed_code = stored.code if service.product_count(type_id) else None
    editor, valid, editing = _posted_editor()
    if fixed_code is not None:
        # The fixed code is shown, not posted: the page shown again names it all the same.
        editor.form.code.data = fixed_code
    draft = editor.draft(fixed_code)
    if editing:
        return _edit_page(editor, type_id=type_id, invalid=not valid)
    issues = service.check_draft(draft, type_id)
    if not valid or issues:
        editor.show_issues(issues)
        return _edit_page(editor, type_id=type_id, invalid=True)
    if "confirm" not in request.form:
        return render_template(
            PREVIEW_PAGE,
            form=editor.form,
            rows=editor.rows,
            type_id=type_id,
            name=draft.name_en,
            preview=service.preview_change(type_id, draft),
        )
    try:
        result = service.change_type(type_id, draft, current_staff(), utcnow())
    except service.InvalidProductType as refused:
        editor.show_issues(refused.issues)
        return _edit_page(editor, type_id=type_id, invalid=True)
    flash(
        _(
            "The product type is saved. Products held back: %(held)s, published: %(published)s.",
            held=result.hold_back,
            published=result.publish,
        ),
        "success",
    )
    return redirect(url_for(".product_types"))


@bp.post("/product-types/<int:type_id>/delete")
@staff_required(CONTENT)
def product_type_delete(type_id: int):
    # Nothing to fill in: the CSRF token is checked for every POST (shop.extensions.csrf).
    try:
        service.delete_type(type_id, current_staff(), utcnow())
    except service.ProductTypeNotFound:
        abort(404)
    except service.ProductTypeInUse:
        flash(_("Products use this type, so it cannot be deleted."), "error")
        return redirect(url_for(".product_types"))
    flash(_("The product type is deleted."), "success")
    return redirect(url_for(".product_types"))
