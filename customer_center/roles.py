"""Roles of a company (§2): the predefined ones read-only, custom ones from the same rights."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from customer_center import bp
from customer_center.forms import CopyRoleForm, RoleForm
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
    copy_role,
    create_role,
    delete_role,
    role_user_counts,
    update_role,
)
from shop.web.authorization import company_object_or_404, requires
from shop.web.labels import right_group_label, role_label
from shop.web.labels.rights import right_description


@bp.context_processor
def _rights_in_order() -> dict:
    return {
        "rights_in_order": lambda rights: [right for right in Right if right in rights],
        "right_description": right_description,
    }


def right_matrix(form: RoleForm | None, rights: frozenset[Right]) -> list[tuple[str, list]]:
    """The rights grouped as in RIGHT_GROUPS: (group label, [(right, checkbox or None, held)])."""
    options = {option.data: option for option in form.rights} if form is not None else {}
    return [
        (
            right_group_label(group),
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
        return _predefined_page(role, CopyRoleForm(formdata=None))
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


def _predefined_page(role: Role, copy_form: CopyRoleForm):
    status = 422 if copy_form.errors else 200
    return render_template(
        "customer_center/roles/predefined.html",
        role=role,
        matrix=right_matrix(None, role.rights),
        holders=role_user_counts(current_user.company_id).get(role.id, 0),
        copy_form=copy_form,
    ), status


@bp.post("/roles/<int:role_id>/copy", endpoint="copy_role")
@requires(Right.MANAGE_ROLES)
def copy_role_view(role_id: int):
    """A predefined role copied into a custom role of the given name, opened for editing."""
    source = company_object_or_404(Role, role_id)
    form = CopyRoleForm()
    if form.validate_on_submit():
        try:
            role = copy_role(current_user, source, form.name.data, utcnow())
        except RoleNameTaken:
            form.name.errors.append(_("The company has a role of this name already."))
        else:
            flash(
                _(
                    "The role %(name)s is created with the rights of %(source)s. Adjust them "
                    "here if needed.",
                    name=role.name,
                    source=role_label(source),
                ),
                "success",
            )
            return redirect(url_for("customer_center.edit_role", role_id=role.id))
    if source.predefined:
        return _predefined_page(source, form)
    flash(" ".join(str(e) for e in form.name.errors), "error")
    return redirect(url_for("customer_center.edit_role", role_id=source.id))


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
