"""Roles of a company (§2): the predefined ones read-only, custom ones from the same rights.

Also the translated names of roles, rights and audit fields that the customer center's
users, roles and audit screens show.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from customer_center import bp
from customer_center.forms import RoleForm
from shop.domain.rights import PREDEFINED_ROLE_RIGHTS, RIGHT_GROUPS, Right
from shop.models import Role
from shop.models.clock import utcnow
from shop.services.customer_center.exceptions import (
    PredefinedRoleIsReadOnly,
    RoleInUse,
    RoleNameTaken,
)
from shop.services.customer_center.roles import (
    company_roles,
    create_role,
    delete_role,
    role_user_counts,
    update_role,
)
from shop.services.customer_center.users import UserStatus
from shop.web.authorization import company_object_or_404, requires
from shop.web.labels import right_label, role_label

RIGHT_GROUP_LABELS = {
    "catalogue_and_ordering": _l("Catalogue and ordering"),
    "orders_and_approvals": _l("Orders and approvals"),
    "reports_and_control": _l("Reports and control"),
    "administration": _l("Administration"),
}
STATUS_LABELS = {
    UserStatus.ACTIVE: _l("Active"),
    UserStatus.INVITED: _l("Invited"),
    UserStatus.INACTIVE: _l("Inactive"),
}
AUDIT_FIELD_LABELS = {
    "created": _l("Created"),
    "imported": _l("Imported from the ERP"),
    "name": _l("Name"),
    "email": _l("E-mail"),
    "pending_email": _l("New e-mail address (awaiting confirmation)"),
    "roles": _l("Roles"),
    "active": _l("Status"),
    "rights": _l("Rights"),
    "deleted": _l("Deleted"),
    "customer_center_activated": _l("Customer center activated"),
}
AUDIT_TARGET_LABELS = {
    "user": _l("User"),
    "role": _l("Role"),
    "company": _l("Company"),
}


def audit_field_label(field: str) -> str:
    return str(AUDIT_FIELD_LABELS.get(field, field))


def audit_target_label(target_type: str) -> str:
    return str(AUDIT_TARGET_LABELS.get(target_type, target_type))


def audit_value(field: str, value: str) -> str:
    """An old or new value as the reader understands it (role keys, rights, status)."""
    if not value:
        return ""
    if field == "roles":
        return ", ".join(role_label(part) for part in value.split(", "))
    if field == "rights":
        return ", ".join(right_label(part) for part in value.split(", "))
    if field == "active":
        return str(STATUS_LABELS.get(value, value))
    return value


@bp.context_processor
def _labels() -> dict:
    return {
        "role_label": role_label,
        "right_label": right_label,
        "user_status_label": lambda status: str(STATUS_LABELS[status]),
        "audit_field_label": audit_field_label,
        "audit_target_label": audit_target_label,
        "audit_value": audit_value,
        "rights_in_order": lambda rights: [right for right in Right if right in rights],
    }


def right_matrix(form: RoleForm | None, rights: frozenset[Right]) -> list[tuple[str, list]]:
    """The rights grouped as in RIGHT_GROUPS: (group label, [(right, checkbox or None, held)])."""
    options = {option.data: option for option in form.rights} if form is not None else {}
    return [
        (
            str(RIGHT_GROUP_LABELS[group]),
            [(right, options.get(right.value), right in rights) for right in members],
        )
        for group, members in RIGHT_GROUPS
    ]


# -- views ---------------------------------------------------------------------------------


@bp.get("/roles")
@requires(Right.MANAGE_ROLES)
def roles():
    company_id = current_user.company_id
    return render_template(
        "customer_center/roles/list.html",
        roles=company_roles(company_id),
        holders=role_user_counts(company_id),
        predefined_rights=PREDEFINED_ROLE_RIGHTS,
    )


def _role_form_page(form: RoleForm, role: Role | None, problem: str | None = None):
    held = frozenset(Right(value) for value in (form.rights.data or []) if value in set(Right))
    status = 422 if (form.errors or problem) else 200
    return render_template(
        "customer_center/roles/edit.html",
        form=form,
        role=role,
        matrix=right_matrix(form, held),
        problem=problem,
        holders=role_user_counts(current_user.company_id).get(role.id, 0) if role else 0,
    ), status


@bp.route("/roles/new", methods=["GET", "POST"])
@requires(Right.MANAGE_ROLES)
def new_role():
    form = RoleForm()
    if form.validate_on_submit():
        try:
            role = create_role(current_user, form.name.data, form.rights.data, utcnow())
        except RoleNameTaken:
            form.name.errors.append(_("The company has a role of this name already."))
        else:
            flash(_("The role %(name)s is created.", name=role.name), "success")
            return redirect(url_for("customer_center.roles"))
    return _role_form_page(form, None)


@bp.route("/roles/<int:role_id>", methods=["GET", "POST"])
@requires(Right.MANAGE_ROLES)
def edit_role(role_id: int):
    role = company_object_or_404(Role, role_id)
    if role.predefined:
        if request.method == "POST":
            abort(403)  # read-only: its rights come from code (§2)
        return render_template(
            "customer_center/roles/predefined.html",
            role=role,
            matrix=right_matrix(None, role.rights),
            holders=role_user_counts(current_user.company_id).get(role.id, 0),
        )
    form = RoleForm(data={"name": role.name, "rights": list(role.custom_rights)})
    if form.validate_on_submit():
        try:
            update_role(current_user, role, form.name.data, form.rights.data, utcnow())
        except RoleNameTaken:
            form.name.errors.append(_("The company has a role of this name already."))
        else:
            flash(_("The role %(name)s is saved.", name=role.name), "success")
            return redirect(url_for("customer_center.roles"))
    return _role_form_page(form, role)


@bp.post("/roles/<int:role_id>/delete")
@requires(Right.MANAGE_ROLES)
def remove_role(role_id: int):
    role = company_object_or_404(Role, role_id)
    name = role.name
    try:
        delete_role(current_user, role, utcnow())
    except PredefinedRoleIsReadOnly:
        abort(404)
    except RoleInUse as in_use:
        form = RoleForm(formdata=None, data={"name": role.name, "rights": list(role.custom_rights)})
        return _role_form_page(
            form,
            role,
            problem=ngettext(
                "This role is assigned to %(num)s user. Take it away first; "
                "nothing has been deleted.",
                "This role is assigned to %(num)s users. Take it away from them first; "
                "nothing has been deleted.",
                in_use.users,
            ),
        )
    flash(_("The role %(name)s is deleted.", name=name), "success")
    return redirect(url_for("customer_center.roles"))
