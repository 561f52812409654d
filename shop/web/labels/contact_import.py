"""What became of each contact of an ERP import (#15), as the main contact reads it."""

from flask_babel import lazy_gettext as _l

from shop.services.customer_center.contact_import import (
    ContactResult,
    ImportFailure,
    ImportOutcome,
)

IMPORT_OUTCOME_LABELS = {
    ImportOutcome.IMPORTED: _l("Imported: the invitation is mailed"),
    ImportOutcome.ALREADY_USER: _l("Already a user of your company"),
    ImportOutcome.FAILED: _l("Not imported"),
}
IMPORT_FAILURE_LABELS = {
    ImportFailure.ADDRESS_NOT_AVAILABLE: _l(
        "no account can be created for this address; if it is in use already, its owner has "
        "been told by mail"
    ),
    ImportFailure.INVALID_DATA: _l("the ERP's data of this contact is invalid"),
    ImportFailure.NOT_IN_ERP: _l("the ERP no longer lists this contact"),
}


def import_result_label(result: ContactResult) -> str:
    """E.g. "Not imported: the ERP no longer lists this contact"."""
    outcome = str(IMPORT_OUTCOME_LABELS[result.outcome])
    if result.failure is None:
        return outcome
    return f"{outcome}: {IMPORT_FAILURE_LABELS[result.failure]}"
