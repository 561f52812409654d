"""The product type editor (#12, §13): why a type cannot be saved, and its audit entries in
words."""

import json

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from shop.domain.product_types import (
    LABEL_MAX_LENGTH,
    MAX_ATTRIBUTES,
    MAX_VALUES,
    NAME_MAX_LENGTH,
    UNIT_MAX_LENGTH,
    VALUE_MAX_LENGTH,
    TypeProblem,
)

TYPE_PROBLEM_LABELS = {
    TypeProblem.CODE_INVALID: _l(
        "Use 1 to 40 small letters, digits and hyphens, starting with a letter or digit."
    ),
    TypeProblem.CODE_TAKEN: _l("Another product type has this code."),
    TypeProblem.CODE_LOCKED: _l(
        "Products use this type, so its code stays as it is (catalogue files name it)."
    ),
    TypeProblem.NAME_MISSING: _l("Enter the name."),
    TypeProblem.NAME_TOO_LONG: _l("At most %(max)s characters.", max=NAME_MAX_LENGTH),
    TypeProblem.KEY_INVALID: _l("Use 1 to 40 small letters, digits and _, starting with a letter."),
    TypeProblem.KEY_REPEATED: _l("Another attribute of this type has this key."),
    TypeProblem.LABEL_MISSING: _l("Enter the label."),
    TypeProblem.LABEL_TOO_LONG: _l("At most %(max)s characters.", max=LABEL_MAX_LENGTH),
    TypeProblem.KIND_UNKNOWN: _l("Choose text, number or choice."),
    TypeProblem.UNIT_INVALID: _l(
        "A unit is one word of at most %(max)s characters.", max=UNIT_MAX_LENGTH
    ),
    TypeProblem.UNIT_NOT_FOR_KIND: _l("Only a number has a unit."),
    TypeProblem.VALUES_MISSING: _l("A choice needs at least one allowed value."),
    TypeProblem.VALUES_NOT_FOR_KIND: _l("Only a choice has allowed values."),
    TypeProblem.VALUES_UNMATCHED: _l(
        "Give each English value its German wording, one per line in the same order."
    ),
    TypeProblem.VALUE_INVALID: _l(
        "One value per line, each at most %(max)s characters.", max=VALUE_MAX_LENGTH
    ),
    TypeProblem.VALUE_REPEATED: _l("Each value only once, please."),
    TypeProblem.TOO_MANY_VALUES: _l("At most %(max)s values.", max=MAX_VALUES),
    TypeProblem.TOO_MANY_ATTRIBUTES: _l("At most %(max)s attributes.", max=MAX_ATTRIBUTES),
}


def type_problem_message(problem: TypeProblem) -> str:
    return str(TYPE_PROBLEM_LABELS[problem])


def product_type_change_label(detail: str) -> str:
    """An audit entry of the editor in the reader's language ("Changed product type
    “Screws”: …")."""
    try:
        change = json.loads(detail)
        operation = change["op"]
    except (ValueError, TypeError, KeyError):
        return detail
    german = (locale := get_locale()) is not None and locale.language == "de"
    name = change.get("name_de" if german else "name_en", "")
    if operation == "create":
        return _("Created product type “%(name)s”.", name=name)
    if operation == "delete":
        return _("Deleted product type “%(name)s”.", name=name)
    parts = [_("Changed product type “%(name)s”.", name=name)]
    if change.get("renamed"):
        parts.append(_("Names or code changed."))
    if change.get("added"):
        parts.append(_("Attributes added: %(names)s.", names=", ".join(change["added"])))
    if change.get("changed"):
        parts.append(_("Attributes changed: %(names)s.", names=", ".join(change["changed"])))
    if change.get("removed"):
        removed = [name for name in change["removed"] if name]
        parts.append(_("Attributes removed: %(count)s.", count=len(change["removed"])))
        if removed:
            parts[-1] = _("Attributes removed: %(names)s.", names=", ".join(removed))
    for key, required, not_required in (
        ("image", _("An image is now required."), _("An image is no longer required.")),
        (
            "datasheet",
            _("A data sheet is now required."),
            _("A data sheet is no longer required."),
        ),
    ):
        if change.get(key) is not None:
            parts.append(required if change[key] else not_required)
    parts.append(
        _(
            "Products held back: %(held)s, published: %(published)s.",
            held=change.get("held_back", 0),
            published=change.get("published", 0),
        )
    )
    return " ".join(parts)
