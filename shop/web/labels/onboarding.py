"""Onboarding's states, checklist items and appointment problems, worded (#12)."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from shop.domain.onboarding import (
    AppointmentProblem,
    ChecklistEntry,
    ComputedCheck,
    OnboardingState,
)

ONBOARDING_STATE_LABELS = {
    OnboardingState.REGISTERED: _l("Registered"),
    OnboardingState.TRAINING: _l("Training"),
    OnboardingState.CHECK_USAGE: _l("Check usage"),
    OnboardingState.ENABLED: _l("Enabled"),
}
COMPUTED_CHECK_LABELS = {
    ComputedCheck.USERS_CREATED: _l("Create accounts for your colleagues"),
    ComputedCheck.APPROVER_NAMED: _l("Name an approver"),
    ComputedCheck.BUDGETS_SET: _l("Set budgets"),
    ComputedCheck.FIRST_ORDER_PLACED: _l("Place the first order"),
    ComputedCheck.FIRST_APPROVAL_DECIDED: _l("Decide the first approval"),
    ComputedCheck.DELIVERY_ADDRESS_CONFIRMED: _l("Confirm your delivery address"),
    ComputedCheck.DATASHEETS_DOWNLOADED: _l("Download a product data sheet"),
}
APPOINTMENT_PROBLEM_LABELS = {
    AppointmentProblem.MISSING: _l("Enter the training appointment."),
    AppointmentProblem.PAST: _l("The training appointment must lie in the future."),
    AppointmentProblem.TOO_FAR: _l("The training appointment may lie at most 14 days ahead."),
}


# What the staff audit trail records of a checklist change ("tick:<item name>" …), worded.
CHECKLIST_CHANGE_LABELS = {
    "tick": _l("Ticked off: %(item)s"),
    "untick": _l("Marked as open: %(item)s"),
    "add": _l("Added to the checklist: %(item)s"),
    "remove": _l("Removed from the checklist: %(item)s"),
    "rename": _l("Renamed: %(item)s"),
}


def checklist_change_label(detail: str) -> str:
    kind, _sep, item = detail.partition(":")
    label = CHECKLIST_CHANGE_LABELS.get(kind)
    return str(label % {"item": item}) if label else detail


def onboarding_state_label(code: str) -> str:
    return str(ONBOARDING_STATE_LABELS[OnboardingState(code)])


def appointment_problem_label(problem: AppointmentProblem) -> str:
    return str(APPOINTMENT_PROBLEM_LABELS[problem])


def computed_check_label(check: ComputedCheck) -> str:
    return str(COMPUTED_CHECK_LABELS[check])


def checklist_entry_label(entry: ChecklistEntry) -> str:
    """A computed item's label, or a manual item's name in the reader's language."""
    if entry.check is not None:
        return str(COMPUTED_CHECK_LABELS[entry.check])
    locale = get_locale()
    return entry.manual.name_de if locale and locale.language == "de" else entry.manual.name_en


def onboarding_move_label(detail: str) -> str:
    """A move as the staff audit trail records it ("registered>training"), worded."""
    source, _sep, target = detail.partition(">")
    try:
        return f"{onboarding_state_label(source)} → {onboarding_state_label(target)}"
    except ValueError:
        return detail
