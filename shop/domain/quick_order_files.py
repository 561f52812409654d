"""Reading an uploaded quick-order file (CSV or Excel .xlsx) into numbered rows of cells.

What a file is, is decided by its content, never by its name: a ZIP archive is read as an
Excel workbook (its first sheet), an old binary Excel file is refused with a hint, anything
else is read as text — UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode
text"), else Windows-1252, as older Excel versions save CSV in Germany.
"""

import codecs
import io
import zipfile
from enum import StrEnum

from shop.domain.quick_order import MAX_LINES, Cell, Formula, text_rows

MAX_FILE_BYTES = 1_000_000
# A workbook is a ZIP archive: at most this much unpacked (a 1 MB "zip bomb" is refused).
MAX_UNPACKED_BYTES = 20_000_000
# Rows looked at in a workbook: empty rows between lines are skipped, but not forever.
MAX_SHEET_ROWS = 20 * MAX_LINES
MAX_SHEET_COLUMNS = 10

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected workbooks


class FileProblem(StrEnum):
    TOO_LARGE = "too_large"
    EMPTY = "empty"
    NOT_TEXT = "not_text"  # binary data, or no encoding reads it
    OLD_EXCEL = "old_excel"
    BAD_EXCEL = "bad_excel"


class UnreadableFile(Exception):
    """The file as a whole cannot be read; `problem` says why."""

    def __init__(self, problem: FileProblem) -> None:
        super().__init__(problem)
        self.problem = problem


def file_rows(data: bytes) -> list[tuple[int, list[Cell]]]:
    """The file's rows, numbered as the user sees them (line or row number)."""
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(FileProblem.TOO_LARGE)
    if not data.strip():
        raise UnreadableFile(FileProblem.EMPTY)
    if data.startswith(_ZIP):
        return _workbook_rows(data)
    if data.startswith(_OLE):
        raise UnreadableFile(FileProblem.OLD_EXCEL)
    return text_rows(decode_text(data))


def decode_text(data: bytes) -> str:
    """The file's text: UTF-16 with BOM, UTF-8 with or without BOM, else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # A NUL never occurs in text: this is a binary file that happened to decode.
        if "\x00" in text:
            break
        return text
    raise UnreadableFile(FileProblem.NOT_TEXT)


def _workbook_rows(data: bytes) -> list[tuple[int, list[Cell]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadableFile(FileProblem.BAD_EXCEL) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFile(FileProblem.BAD_EXCEL)
    # Imported here: only an uploaded workbook needs openpyxl.
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            sheet = workbook.worksheets[0]
            rows = []
            for number, row in enumerate(
                sheet.iter_rows(min_row=1, max_row=MAX_SHEET_ROWS, max_col=MAX_SHEET_COLUMNS),
                start=1,
            ):
                rows.append((number, [_cell_value(cell) for cell in row]))
        finally:
            workbook.close()
    # openpyxl raises whatever its parsers meet in a damaged or hostile archive (KeyError,
    # lxml or defusedxml errors, TypeError ...): for the user each is a workbook it cannot read.
    except Exception as error:
        raise UnreadableFile(FileProblem.BAD_EXCEL) from error
    return rows


def _cell_value(cell) -> Cell:
    if getattr(cell, "data_type", None) == "f":
        return Formula(str(cell.value))
    return cell.value
