"""Product content (#12, §13): the firewall's problems, as a short reason (filters, counts)
and as a message naming the attribute or field concerned; the import's fields and outcomes."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from erp_bridge import NO_ARTICLE_DATA, ErpRejected
from shop.domain.catalog_import import FileProblem, ProductField, UnreadableFile
from shop.domain.content_firewall import AttributeKind, ContentProblem
from shop.domain.live_categories import NotLiveReason

CONTENT_PROBLEM_LABELS = {
    ContentProblem.NO_TYPE: _l("No product type"),
    ContentProblem.NAME_MISSING: _l("Name missing"),
    ContentProblem.ATTRIBUTE_MISSING: _l("Attribute missing"),
    ContentProblem.NOT_A_NUMBER: _l("Not a number"),
    ContentProblem.WRONG_UNIT: _l("Wrong unit"),
    ContentProblem.VALUE_NOT_ALLOWED: _l("Value not allowed"),
    ContentProblem.GERMAN_VALUE_NOT_ALLOWED: _l("German value not allowed"),
    ContentProblem.IMAGE_MISSING: _l("Image missing"),
    ContentProblem.DATASHEET_MISSING: _l("Data sheet missing"),
    ContentProblem.PRICE_MISSING: _l("Price missing"),
    ContentProblem.TYPE_UNKNOWN: _l("Unknown product type"),
    ContentProblem.CATEGORY_UNKNOWN: _l("Unknown category"),
    ContentProblem.SKU_INVALID: _l("SKU not valid"),
    ContentProblem.SKU_REPEATED: _l("SKU repeated"),
    ContentProblem.PRICE_INVALID: _l("Amount not valid"),
    ContentProblem.TEXT_INVALID: _l("Text not valid"),
    ContentProblem.FILE_MISSING: _l("File missing"),
    ContentProblem.FILE_NOT_ALLOWED: _l("File not allowed"),
    ContentProblem.FILE_NOT_DELIVERED: _l("File not delivered by the ERP"),
    ContentProblem.FILE_ELSEWHERE: _l("File outside the ERP"),
    ContentProblem.EAN_INVALID: _l("EAN not valid"),
    ContentProblem.EAN_REPEATED: _l("EAN repeated"),
}
PRODUCT_FIELD_LABELS = {
    ProductField.TYPE: _l("Product type"),
    ProductField.CATEGORY: _l("Category"),
    ProductField.NAME_EN: _l("Name (English)"),
    ProductField.NAME_DE: _l("Name (German)"),
    ProductField.DESCRIPTION_EN: _l("Description (English)"),
    ProductField.DESCRIPTION_DE: _l("Description (German)"),
    ProductField.MANUFACTURER: _l("Manufacturer"),
    ProductField.UNIT: _l("Unit"),
    ProductField.LIST_PRICE: _l("List price"),
    ProductField.VAT_RATE: _l("VAT rate"),
    ProductField.IMAGE: _l("Image"),
    ProductField.DATASHEET: _l("Data sheet"),
    ProductField.EAN: _l("EAN"),
    ProductField.ATTRIBUTE: _l("Attribute"),
}
ATTRIBUTE_KIND_LABELS = {
    AttributeKind.TEXT: _l("text"),
    AttributeKind.NUMBER: _l("number"),
    AttributeKind.CHOICE: _l("choice"),
}
IMPORT_OUTCOME_LABELS = {
    "accepted": _l("Accepted (new)"),
    "changed": _l("Changed"),
    "unchanged": _l("Unchanged"),
    "rejected": _l("Rejected"),
}
FILE_PROBLEM_LABELS = {
    FileProblem.NOT_TEXT: _l("The file is not a CSV file in UTF-8."),
    FileProblem.NO_SKU_COLUMN: _l("The file's first line must name the columns, one of them sku."),
    FileProblem.BAD_COLUMN: _l(
        "Column “%(detail)s” is neither a product field nor an attribute key (small letters, "
        "digits and _)."
    ),
    FileProblem.NO_RECORDS: _l("The file holds no records."),
    FileProblem.TOO_MANY_RECORDS: _l("At most %(detail)s records per file, please split it."),
}


def content_problem_label(code: str) -> str:
    """The short reason, as filters and counts name it."""
    try:
        return str(CONTENT_PROBLEM_LABELS[ContentProblem(code)])
    except ValueError:
        return code


def product_field_label(code: str, key: str = "", attribute_labels: dict | None = None) -> str:
    """A field, or with ProductField.ATTRIBUTE the attribute's label (its key if unknown)."""
    if code == ProductField.ATTRIBUTE:
        return (attribute_labels or {}).get(key, key)
    try:
        return str(PRODUCT_FIELD_LABELS[ProductField(code)])
    except ValueError:
        return (attribute_labels or {}).get(code, code)


def content_problem_message(
    code: str, key: str = "", detail: str = "", attribute_labels: dict | None = None
) -> str:
    """A problem as a sentence: which attribute or field, and what was wrong with it."""
    name = product_field_label(key, key, attribute_labels) if key else ""
    try:
        problem = ContentProblem(code)
    except ValueError:
        return code
    match problem:
        case ContentProblem.ATTRIBUTE_MISSING:
            return _("%(attribute)s is missing.", attribute=name)
        case ContentProblem.NOT_A_NUMBER:
            return _(
                "%(attribute)s must be a number, not “%(value)s”.", attribute=name, value=detail
            )
        case ContentProblem.WRONG_UNIT if detail:
            return _("%(attribute)s must be given in %(unit)s.", attribute=name, unit=detail)
        case ContentProblem.WRONG_UNIT:
            return _("%(attribute)s must be a number without a unit.", attribute=name)
        case ContentProblem.VALUE_NOT_ALLOWED:
            return _(
                "%(attribute)s: “%(value)s” is not one of the allowed values.",
                attribute=name,
                value=detail,
            )
        case ContentProblem.GERMAN_VALUE_NOT_ALLOWED:
            return _(
                "%(attribute)s: the German value “%(value)s” is not one of the allowed German"
                " values.",
                attribute=name,
                value=detail,
            )
        case ContentProblem.IMAGE_MISSING:
            return _("The product has no image.")
        case ContentProblem.DATASHEET_MISSING:
            return _("Products of this type need a data sheet.")
        case ContentProblem.PRICE_MISSING:
            return _("The product has no price.")
        case ContentProblem.NAME_MISSING:
            return _("The product needs a name in English and German.")
        case ContentProblem.NO_TYPE:
            return _("The product has no product type.")
        case ContentProblem.TYPE_UNKNOWN:
            return _("There is no product type “%(value)s”.", value=detail)
        case ContentProblem.CATEGORY_UNKNOWN if detail:
            return _("There is no category “%(value)s”.", value=detail)
        case ContentProblem.CATEGORY_UNKNOWN:
            return _("A new product needs a category.")
        case ContentProblem.SKU_INVALID:
            return _("The SKU is missing or not valid (capital letters, digits, - . _).")
        case ContentProblem.SKU_REPEATED:
            return _("This SKU appears more than once in the file; only its first line counts.")
        case ContentProblem.PRICE_INVALID:
            return _("%(field)s: “%(value)s” is not a valid amount.", field=name, value=detail)
        case ContentProblem.TEXT_INVALID:
            return _(
                "%(field)s is longer than %(count)s characters or holds control characters.",
                field=name,
                count=detail,
            )
        case ContentProblem.FILE_MISSING:
            return _("%(field)s: the file “%(value)s” was not uploaded.", field=name, value=detail)
        case ContentProblem.FILE_NOT_ALLOWED:
            return _(
                "%(field)s: “%(value)s” is no PNG or JPEG image, or no PDF data sheet.",
                field=name,
                value=detail,
            )
        case ContentProblem.FILE_NOT_DELIVERED:
            return _(
                "%(field)s: the ERP did not deliver the file “%(value)s”.", field=name, value=detail
            )
        case ContentProblem.FILE_ELSEWHERE:
            return _(
                "%(field)s: “%(value)s” is not on the ERP's server; the shop fetches files only "
                "from there.",
                field=name,
                value=detail,
            )
        case ContentProblem.EAN_INVALID:
            return _(
                "“%(value)s” is not a valid EAN (8 or 13 digits with the right check digit).",
                value=detail,
            )
        case ContentProblem.EAN_REPEATED:
            return _("The EAN %(value)s belongs to another product.", value=detail)
    return code


def import_outcome_label(code: str) -> str:
    return str(IMPORT_OUTCOME_LABELS.get(code, code))


def file_problem_message(problem: FileProblem, detail: str) -> str:
    return str(FILE_PROBLEM_LABELS[problem]) % {"detail": detail}


def erp_import_failure_message(failure: Exception) -> str:
    """Why an import from the ERP imported nothing, in plain words (no fault codes)."""
    if isinstance(failure, ErpRejected) and failure.code == NO_ARTICLE_DATA:
        return _("The ERP offers no article data. Nothing was imported.")
    if isinstance(failure, ErpRejected):
        return _("The ERP refused to hand out its article data. Nothing was imported.")
    if isinstance(failure, UnreadableFile):
        return _(
            "The ERP holds more than %(count)s articles, more than one import takes. Nothing "
            "was imported.",
            count=failure.detail,
        )
    return _(
        "The ERP could not be reached or did not answer in time. Nothing was imported; "
        "please try again later."
    )


# §13: why a category is not live (the storefront does not show it).
NOT_LIVE_REASON_LABELS = {
    NotLiveReason.NO_PUBLISHED_PRODUCT: _l("Not live: no complete product"),
    NotLiveReason.NO_STOCK_KNOWN: _l("Not live: no stock known"),
}


def live_state_label(reason: NotLiveReason | None) -> str:
    """A category's state: "Live", or why it is not live."""
    return _("Live") if reason is None else str(NOT_LIVE_REASON_LABELS[reason])


def go_live_hint(reason: NotLiveReason | None, count: int) -> str:
    """Which products would make a category live: any one of `count` of them."""
    if reason is NotLiveReason.NO_STOCK_KNOWN:
        return ngettext(
            "%(num)s published product, once the ERP reports its stock",
            "Any of %(num)s published products, once the ERP reports its stock",
            count,
        )
    if reason is NotLiveReason.NO_PUBLISHED_PRODUCT:
        return ngettext(
            "%(num)s unpublished product, once complete and its stock known",
            "Any of %(num)s unpublished products, once complete and its stock known",
            count,
        )
    return ""
