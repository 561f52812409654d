"""The user list's rows worded once per page (#10).

Each of the list's 25 rows asked the template for about ten calls: four links, the role and
status labels, the month's spend, the buttons' labels. That was a third of the page. The
rows now carry their finished texts and links; what many rows share (a role's or a status's
label, the fixed words) is looked up once per page.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import get_locale, get_translations
from markupsafe import Markup, escape

from shop.domain.budgets import Budget
from shop.domain.users import UserStatus
from shop.services.customer_center.users import ListedUser, UserRow
from shop.services.prices import shop_currency
from shop.web.labels import role_label, user_status_label
from shop.web.number_formats import format_money
from shop.web.row_urls import row_url


@dataclass(frozen=True)
class UserListRow:
    user: ListedUser
    status: UserStatus
    budget: Budget
    uses_company_default: bool
    edit_url: str
    active_url: str
    deactivation_url: str
    invitation_url: str
    # The role labels, comma separated, in the user's roles' order.
    roles: str
    status_label: str
    month_spend: str
    # The buttons' labels for screen readers ("Deactivate Olga"): only the row's buttons.
    activate_label: str | None
    deactivate_label: str | None
    deactivate_question: str | None
    resend_label: str | None


def user_list_rows(rows: Iterable[UserRow]) -> list[UserListRow]:
    """The service's rows with their texts and links, in the request's language."""
    translations = get_translations()
    locale = get_locale()
    currency = shop_currency()
    # As `_()` in a template: the name is escaped, the message is not (Markup's own `%`
    # takes twice as long, and there are two or three per row).
    activate = translations.ugettext("Activate %(name)s")
    deactivate = translations.ugettext("Deactivate %(name)s")
    question = translations.ugettext("Deactivate %(name)s?")
    resend = translations.ugettext("Send the invitation to %(name)s again")
    edit_url = row_url("customer_center.edit_user", "user_id")
    active_url = row_url("customer_center.set_user_active", "user_id")
    deactivation_url = row_url("customer_center.confirm_deactivation", "user_id")
    invitation_url = row_url("customer_center.resend_invitation", "user_id")
    role_labels: dict[int, str] = {}
    status_labels: dict[UserStatus, str] = {}
    separator = Markup(", ")

    def roles(user: ListedUser) -> str:
        for role in user.roles:
            if role.id not in role_labels:
                role_labels[role.id] = role_label(role)
        return separator.join(role_labels[role.id] for role in user.roles)

    def status_label(status: UserStatus) -> str:
        if status not in status_labels:
            status_labels[status] = user_status_label(status)
        return status_labels[status]

    worded = []
    for row in rows:
        user = row.user
        name = {"name": escape(user.name)}
        worded.append(
            UserListRow(
                user,
                row.status,
                row.budget,
                row.uses_company_default,
                edit_url(user.id),
                active_url(user.id),
                deactivation_url(user.id),
                invitation_url(user.id),
                roles(user),
                status_label(row.status),
                format_money(row.month_spend, currency, locale),
                None if user.active else Markup(activate % name),
                Markup(deactivate % name) if user.active else None,
                Markup(question % name) if user.active else None,
                Markup(resend % name) if row.status == UserStatus.INVITED else None,
            )
        )
    return worded
