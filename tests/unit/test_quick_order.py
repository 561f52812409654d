import codecs
import io

import openpyxl
import pytest

from shop.domain.quick_order import (
    MAX_LINES,
    QuickOrderLine,
    QuickOrderProblem,
    left_over,
    parse_quick_order,
    read_quick_order,
)
from shop.domain.quick_order_files import (
    MAX_FILE_BYTES,
    FileProblem,
    UnreadableFile,
    decode_text,
    file_rows,
)


def problems(text: str) -> list[tuple[int, str]]:
    return [(e.line_number, e.reason) for e in parse_quick_order(text).errors]


def workbook(*rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_lines_with_space_tab_semicolon_or_comma_are_read():
    reading = parse_quick_order("abc-1 5\nABC-2\t10\nabc-3;2\nabc-4, 7\n")

    assert reading.errors == []
    assert reading.lines == [
        QuickOrderLine(1, "ABC-1", 5),
        QuickOrderLine(2, "ABC-2", 10),
        QuickOrderLine(3, "ABC-3", 2),
        QuickOrderLine(4, "ABC-4", 7),
    ]


def test_a_missing_quantity_means_one_and_blank_lines_are_ignored():
    reading = parse_quick_order("\n  ABC-1  \n\n")

    assert reading.lines == [QuickOrderLine(2, "ABC-1", 1)]
    assert reading.errors == []


def test_the_same_sku_twice_is_summed_on_its_first_line():
    reading = parse_quick_order("ABC-1 2\nABC-2 1\nabc-1 3")

    assert reading.lines[0] == QuickOrderLine(1, "ABC-1", 5, merged=(3,))


def test_bad_quantities_and_extra_columns_are_reported_with_their_line_number():
    assert problems("ABC-1 0\nABC-2 -3\nABC-3 x\nABC-4 1 2\nABC-5 100000") == [
        (1, "zero"),
        (2, "negative"),
        (3, "quantity"),
        (4, "format"),
        (5, "too_large"),
    ]


def test_good_lines_are_kept_when_others_are_wrong():
    reading = parse_quick_order("ABC-1 2\nABC-2 x\nABC-3 4")

    assert [line.sku for line in reading.lines] == ["ABC-1", "ABC-3"]
    assert problems("ABC-1 2\nABC-2 x\nABC-3 4") == [(2, "quantity")]


@pytest.mark.parametrize(
    ("quantity", "problem"),
    [
        ("2,5", "decimal"),
        ("2.5", "decimal"),
        ("1.000", "decimal"),
        ("-2.5", "decimal"),
        ("-1", "negative"),
        ("0", "zero"),
        ("9" * 5000, "too_large"),
        ("18446744073709551616", "too_large"),
        ("1e5", "quantity"),
        ("=2*3", "formula"),
        ("²", "quantity"),
    ],
)
def test_each_kind_of_bad_quantity_has_its_own_problem(quantity, problem):
    assert problems(f"ABC-1;{quantity}") == [(1, problem)]


def test_a_header_line_is_recognised_and_skipped():
    for header in ("SKU;quantity", "Artikelnummer;Menge", "sku,qty", "Item\tAmount", "Art.-Nr.;"):
        reading = parse_quick_order(f"{header}\nABC-1;2")

        assert reading.header_line == 1, header
        assert reading.lines == [QuickOrderLine(2, "ABC-1", 2)], header
        assert reading.errors == [], header


def test_a_first_line_with_a_bad_quantity_is_not_taken_for_a_header():
    for first in ("ABC-1 x", "QO-SUP ²", "BOLT many"):
        reading = parse_quick_order(f"{first}\nABC-2 1")

        assert reading.header_line is None, first
        assert [(e.line_number, e.reason) for e in reading.errors] == [(1, "quantity")], first


def test_quoted_csv_cells_and_trailing_empty_cells_are_read():
    reading = parse_quick_order('"ABC-1";"12";;\n"ABC-2","3"')

    assert reading.lines == [QuickOrderLine(1, "ABC-1", 12), QuickOrderLine(2, "ABC-2", 3)]


def test_a_sum_of_duplicates_above_the_maximum_is_refused_on_the_later_line():
    assert problems("ABC-1 60000\nABC-1 50000") == [(2, "too_large")]


def test_more_lines_than_the_limit_read_nothing():
    reading = parse_quick_order("\n".join(f"ABC-{n} 1" for n in range(MAX_LINES + 1)))

    assert reading.too_many_lines
    assert reading.lines == [] and reading.errors == []


def test_left_over_keeps_the_failed_lines_and_renumbers_their_errors():
    text = "ABC-1 2\nNOPE 1\nABC-3 2\nABC-4 x"
    reading = parse_quick_order(text)

    kept, errors = left_over(text, reading.errors, [4])

    assert kept == "ABC-4 x"
    assert [(e.line_number, e.reason) for e in errors] == [(1, "quantity")]


def test_csv_files_in_utf8_with_bom_utf16_and_cp1252_are_decoded():
    text = "SKU;Menge\nÄBC-1;2\n"

    assert decode_text(codecs.BOM_UTF8 + text.encode()) == text
    assert decode_text(text.encode()) == text
    assert decode_text(text.encode("utf-16")) == text
    assert decode_text(text.encode("cp1252")) == text


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", FileProblem.EMPTY),
        (b"  \n", FileProblem.EMPTY),
        (b"\x00\x01\x02binary\x00", FileProblem.NOT_TEXT),
        (b"\x81\x8d\x8f\x90\x9d", FileProblem.NOT_TEXT),  # bytes neither UTF-8 nor cp1252
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, FileProblem.OLD_EXCEL),
        (b"PK\x03\x04 not really a zip", FileProblem.BAD_EXCEL),
        (b"A;1\n" * (MAX_FILE_BYTES // 4 + 1), FileProblem.TOO_LARGE),
    ],
    ids=["empty", "blank", "binary", "undecodable", "xls", "broken-zip", "too-large"],
)
def test_unreadable_files_name_why(data, problem):
    with pytest.raises(UnreadableFile) as refused:
        file_rows(data)

    assert refused.value.problem is problem


def test_an_excel_workbook_is_read_with_numbers_formulas_and_a_header():
    data = workbook(
        ("SKU", "Quantity"),
        ("ABC-1", 3),
        (12345, 2.0),
        ("ABC-3", 2.5),
        ("ABC-4", "=B2*2"),
        ("ABC-5", 10**20),
        (None, None),
        ("ABC-6", -4),
    )

    reading = read_quick_order(file_rows(data))

    assert reading.header_line == 1
    assert reading.lines == [QuickOrderLine(2, "ABC-1", 3), QuickOrderLine(3, "12345", 2)]
    assert [(e.line_number, e.reason) for e in reading.errors] == [
        (4, QuickOrderProblem.DECIMAL),
        (5, QuickOrderProblem.FORMULA),
        (6, QuickOrderProblem.TOO_LARGE),
        (8, QuickOrderProblem.NEGATIVE),
    ]


def test_a_workbook_that_unpacks_to_more_than_the_limit_is_refused():
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * 30_000_000)

    with pytest.raises(UnreadableFile) as refused:
        file_rows(data.getvalue())

    assert refused.value.problem is FileProblem.BAD_EXCEL
