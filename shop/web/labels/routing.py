"""Why an order waits for whom (§6: explainable), worded in the reader's language.

The routing service stores reasons and re-routing causes as data; pages and mails word them
here, with dates in the reader's locale.
"""

from collections.abc import Mapping

from flask_babel import gettext as _

from shop.domain.routing import RoutingKind
from shop.services.approval_routing import RerouteCause, reason_from_json
from shop.web.date_formats import format_date_long


def describe_reason(data: Mapping) -> str:
    """Why someone decides on an order, from the reason as stored (reason_to_json)."""
    reason = reason_from_json(data)
    names = data.get("names") or {}

    def name(person_id: int | None) -> str:
        return names.get(str(person_id)) or _("a former user")

    if reason.kind == RoutingKind.PER_USER_APPROVER:
        return _("per-user approver of %(name)s", name=name(reason.orderer_id))
    if reason.kind == RoutingKind.COMPANY_APPROVER:
        return _("approver for the whole company")
    if reason.kind == RoutingKind.MAIN_CONTACT_FALLBACK:
        return _("main contact, as no approver is named")
    if reason.absent_until is not None:
        text = _(
            "deputy for %(name)s, absent until %(date)s",
            name=name(reason.deputy_for_id),
            date=format_date_long(reason.absent_until),
        )
    else:
        text = _("deputy for %(name)s", name=name(reason.deputy_for_id))
    if reason.via_ids:
        text += " " + _(
            "(via %(names)s, also absent)", names=", ".join(name(i) for i in reason.via_ids)
        )
    return text


def describe_reroute(data: Mapping) -> str:
    """Why and to whom an order was routed again."""
    subject = data.get("subject") or ""
    causes = {
        RerouteCause.APPROVERS: _("The approvers were changed."),
        RerouteCause.ABSENCE: _("An absence of %(name)s was entered or ended.", name=subject),
        RerouteCause.USER_DEACTIVATED: _("%(name)s was deactivated.", name=subject),
        RerouteCause.USER_ACTIVATED: _("%(name)s was activated again.", name=subject),
        RerouteCause.USER_ROLES: _("The roles of %(name)s were changed.", name=subject),
        RerouteCause.NEW_DAY: _("An absence began or ended."),
        RerouteCause.ROLE_RIGHTS: _("The rights of the role %(name)s were changed.", name=subject),
    }
    why = causes.get(data.get("cause"), "")
    before = ", ".join(data.get("from") or ()) or "–"
    if data.get("to"):
        where = _(
            "It now waits for %(now)s (before: %(before)s).",
            now=", ".join(data["to"]),
            before=before,
        )
    else:
        where = _(
            "Nobody named can decide it now (before: %(before)s); the main contact decides.",
            before=before,
        )
    return f"{why} {where}".strip()
