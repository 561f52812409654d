from shop.domain.quick_order import QuickOrderLine, parse_quick_order


def test_lines_with_space_tab_semicolon_or_comma_are_read():
    lines, errors = parse_quick_order("abc-1 5\nABC-2\t10\nabc-3;2\nabc-4, 7\n")

    assert errors == []
    assert lines == [
        QuickOrderLine(1, "ABC-1", 5),
        QuickOrderLine(2, "ABC-2", 10),
        QuickOrderLine(3, "ABC-3", 2),
        QuickOrderLine(4, "ABC-4", 7),
    ]


def test_a_missing_quantity_means_one_and_blank_lines_are_ignored():
    lines, errors = parse_quick_order("\n  ABC-1  \n\n")

    assert lines == [QuickOrderLine(2, "ABC-1", 1)]
    assert errors == []


def test_the_same_sku_twice_is_summed_on_its_first_line():
    lines, _ = parse_quick_order("ABC-1 2\nABC-2 1\nabc-1 3")

    assert lines[0] == QuickOrderLine(1, "ABC-1", 5)


def test_bad_quantities_and_extra_columns_are_reported_with_their_line_number():
    _, errors = parse_quick_order("ABC-1 0\nABC-2 -3\nABC-3 x\nABC-4 1 2\nABC-5 100000")

    assert [(e.line_number, e.reason) for e in errors] == [
        (1, "quantity"),
        (2, "quantity"),
        (3, "quantity"),
        (4, "format"),
        (5, "quantity"),
    ]
