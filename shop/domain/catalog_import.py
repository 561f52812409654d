"""Reading a catalogue import file (#12, §13): CSV text into records, and what a record asks.

One record per line after the header. Known columns set the product's fields; every other
column is a technical attribute by its key ("length", "thread"), its cell a value such as
"40 mm" or "steel / Stahl". A column the file has sets its field, even to empty; a column it
lacks keeps what the product has. Empty attribute, image and data sheet cells keep the
product's. `image` and `datasheet` name files uploaded with the CSV (or lying beside it).
Plain Python: the service (shop/services/catalog_import.py) resolves types, categories,
files and existing products and runs the firewall.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from shop.domain.attribute_values import AttributeValue
from shop.domain.content_firewall import Finding

MAX_RECORDS = 20_000
SKU = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,39}$")
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
ATTRIBUTE_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
DATASHEET_TYPES = {".pdf": "application/pdf"}


class ProductField(StrEnum):
    """A product's field as an import file names it and the change report lists it."""

    TYPE = "type"
    CATEGORY = "category"
    NAME_EN = "name_en"
    NAME_DE = "name_de"
    DESCRIPTION_EN = "description_en"
    DESCRIPTION_DE = "description_de"
    MANUFACTURER = "manufacturer"
    UNIT = "unit"
    LIST_PRICE = "list_price"
    VAT_RATE = "vat_rate"
    IMAGE = "image"
    DATASHEET = "datasheet"
    EAN = "ean"  # validated by shop.domain.ean (#11)
    ATTRIBUTE = "attribute"  # with the attribute's key


TEXT_FIELDS = {
    ProductField.NAME_EN: 300,
    ProductField.NAME_DE: 300,
    ProductField.DESCRIPTION_EN: 5000,
    ProductField.DESCRIPTION_DE: 5000,
    ProductField.MANUFACTURER: 100,
    ProductField.UNIT: 16,
}
COLUMNS = {"sku", *(f.value for f in ProductField if f is not ProductField.ATTRIBUTE)}


class FileProblem(StrEnum):
    """Why a whole file cannot be read (nothing of it is imported)."""

    NOT_TEXT = "not_text"  # not UTF-8 text
    NO_SKU_COLUMN = "no_sku_column"
    BAD_COLUMN = "bad_column"  # a column name that is neither a field nor an attribute key
    NO_RECORDS = "no_records"
    TOO_MANY_RECORDS = "too_many_records"


class UnreadableFile(ValueError):
    def __init__(self, problem: FileProblem, detail: str = "") -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True)
class ImportRecord:
    """One line of the file (or one article of the ERP): its number, the SKU, the fields and
    attributes it sets. An attribute is a cell ("40 mm", "steel / Stahl") or, from the ERP,
    already a value per language. `problems` were found before the record was read (the
    ERP's files)."""

    line: int
    sku: str
    fields: dict[ProductField, str] = field(default_factory=dict)
    attributes: dict[str, str | AttributeValue] = field(default_factory=dict)
    problems: tuple[Finding, ...] = ()


def read_records(data: bytes) -> list[ImportRecord]:
    """The file's records; UnreadableFile when the file as a whole cannot be read."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(FileProblem.NOT_TEXT) from None
    if "\x00" in text:  # no text file holds one, and PostgreSQL cannot store it
        raise UnreadableFile(FileProblem.NOT_TEXT)
    first_line = text.split("\n", 1)[0]
    # Spreadsheets with a German locale write semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _records(rows)
    except csv.Error:
        raise UnreadableFile(FileProblem.NOT_TEXT) from None


def _records(rows) -> list[ImportRecord]:
    header = [name.strip().lower() for name in next(rows, [])]
    if "sku" not in header:
        raise UnreadableFile(FileProblem.NO_SKU_COLUMN)
    for name in header:
        if name not in COLUMNS and not ATTRIBUTE_KEY.match(name):
            raise UnreadableFile(FileProblem.BAD_COLUMN, name[:40])
    records = []
    for row in rows:
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(records) == MAX_RECORDS:
            raise UnreadableFile(FileProblem.TOO_MANY_RECORDS, str(MAX_RECORDS))
        cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
        records.append(
            ImportRecord(
                line=line,
                sku=cells.pop("sku", "").upper(),
                fields={ProductField(k): v for k, v in cells.items() if k in COLUMNS},
                attributes={k: v for k, v in cells.items() if k not in COLUMNS},
            )
        )
    if not records:
        raise UnreadableFile(FileProblem.NO_RECORDS)
    return records


def parse_amount(text: str) -> Decimal | None:
    """A price or rate as written in either language ("14.03", "14,03"); None if it is none."""
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")) or amount >= 10**9:
        return None
    return amount.quantize(Decimal("0.01"))


def media_type(filename: str, content: bytes, kind: str) -> str | None:
    """The MIME type of an uploaded image (PNG, JPEG) or data sheet (PDF), or None when the
    file is not one (by its name and its first bytes: a page must not serve anything else)."""
    if not FILE_NAME.match(filename):
        return None
    suffix = "." + filename.rpartition(".")[2].lower()
    if kind == "image":
        if suffix in IMAGE_TYPES and content.startswith(IMAGE_SIGNATURES):
            return IMAGE_TYPES[suffix]
        return None
    if suffix in DATASHEET_TYPES and content.startswith(b"%PDF-"):
        return DATASHEET_TYPES[suffix]
    return None
