"""Budgets screen (§5): the company default and each user's budget, with this month's spend.

Plain forms with POST-redirect-GET; with htmx, the default form swaps the whole budgets block
(rows on the default change with it) and a user's row is edited in place.
"""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from customer_center import bp
from customer_center.settings_forms import BudgetLimitsForm, UserBudgetForm
from shop.domain.budgets import BudgetChoice, choose_user_budget
from shop.domain.rights import Right
from shop.models import User
from shop.models.clock import utcnow
from shop.services.customer_center import budgets as budget_admin
from shop.web.authorization import company_object_or_404, requires
from shop.web.htmx import fragment_or_redirect, page_or_fragment
from shop.web.navigation import id_arg

VIEW = (Right.SEE_BUDGETS, Right.MANAGE_BUDGETS)
PAGE = "customer_center/budgets/index.html"
BLOCK = "customer_center/budgets/_partials/budgets.html"
ROW = "customer_center/budgets/_partials/row.html"
EDIT_ROW = "customer_center/budgets/_partials/edit_row.html"


def _default_form(formdata=None) -> BudgetLimitsForm:
    form = BudgetLimitsForm(formdata=formdata, prefix="default")
    if formdata is None:
        company = current_user.company
        form.fill(
            company.default_max_quantity_per_order,
            company.default_max_order_value,
            company.default_monthly_budget,
        )
    return form


def _user_form(user: User, formdata=None) -> UserBudgetForm:
    form = UserBudgetForm(formdata=formdata, prefix=f"user-{user.id}")
    if formdata is None:
        form.source.data = "own" if user.has_own_budget else "default"
        form.fill(user.max_quantity_per_order, user.max_order_value, user.monthly_budget)
    return form


def _context(default_form=None, editing=None, edit_form=None) -> dict:
    company = current_user.company
    return {
        "company": company,
        "rows": budget_admin.budget_overview(company, utcnow().date()),
        "default_form": default_form or _default_form(),
        "editing_id": editing.id if editing is not None else None,
        "edit_form": edit_form,
    }


def _saved_message(user: User, choice: BudgetChoice, changed: bool) -> str:
    if choice == BudgetChoice.TYPED_LIMITS_TAKEN:
        return _(
            "Budget of %(name)s saved: the typed limits are now their own limits "
            "(instead of the company default).",
            name=user.name,
        )
    if choice == BudgetChoice.TYPED_LIMITS_IGNORED:
        return _(
            "%(name)s now has the company default. The typed limits were not used because "
            '"Company default" is chosen; choose "Own limits" to keep them.',
            name=user.name,
        )
    if changed:
        return _("Budget of %(name)s saved.", name=user.name)
    return _("Nothing was changed.")


@bp.get("/budgets")
@requires(any_of=VIEW)
def budgets():
    editing, edit_form = None, None
    edit_id = id_arg(request.args, "edit")
    if edit_id is not None and current_user.can(Right.MANAGE_BUDGETS):
        editing = company_object_or_404(User, edit_id)
        edit_form = _user_form(editing)
    return render_template(
        "customer_center/budgets/index.html", **_context(editing=editing, edit_form=edit_form)
    )


@bp.post("/budgets/default")
@requires(Right.MANAGE_BUDGETS)
def budget_default_save():
    form = _default_form(request.form)
    if form.validate():
        changed = budget_admin.set_company_default_budget(current_user, form.budget(), utcnow())
        return fragment_or_redirect(
            url_for("customer_center.budgets"),
            BLOCK,
            message=_("Company default budget saved.") if changed else _("Nothing was changed."),
            fragment_context=_context,
        )
    return page_or_fragment(
        PAGE, BLOCK, invalid=True, status_message=None, **_context(default_form=form)
    )


def _row(user: User):
    return budget_admin.user_budget_row(current_user.company, user.id, utcnow().date())


@bp.get("/budgets/users/<int:user_id>/edit")
@requires(Right.MANAGE_BUDGETS)
def budget_user_edit(user_id: int):
    """The row's form for htmx; without it, the page with that row open."""
    user = company_object_or_404(User, user_id)
    return fragment_or_redirect(
        url_for("customer_center.budgets", edit=user.id, _anchor=f"budget-{user.id}"),
        EDIT_ROW,
        fragment_context=lambda: {"row": _row(user), "form": _user_form(user)},
    )


@bp.get("/budgets/users/<int:user_id>")
@requires(any_of=VIEW)
def budget_user_row(user_id: int):
    user = company_object_or_404(User, user_id)
    return fragment_or_redirect(
        url_for("customer_center.budgets", _anchor=f"budget-{user.id}"),
        ROW,
        fragment_context=lambda: {"row": _row(user)},
    )


@bp.post("/budgets/users/<int:user_id>")
@requires(Right.MANAGE_BUDGETS)
def budget_user_save(user_id: int):
    user = company_object_or_404(User, user_id)
    form = _user_form(user, request.form)
    if form.validate():
        budget, choice = choose_user_budget(
            form.uses_company_default, form.budget(), user.own_budget
        )
        changed = budget_admin.set_user_budget(current_user, user.id, budget, utcnow())
        return fragment_or_redirect(
            url_for("customer_center.budgets", _anchor=f"budget-{user.id}"),
            ROW,
            message=_saved_message(user, choice, changed),
            category="warning" if choice == BudgetChoice.TYPED_LIMITS_IGNORED else "success",
            fragment_context=lambda: {"row": _row(user)},
        )
    return page_or_fragment(
        PAGE,
        EDIT_ROW,
        invalid=True,
        row=_row(user),
        form=form,
        **_context(editing=user, edit_form=form),
    )
