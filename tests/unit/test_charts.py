"""Bar-chart geometry for the server-rendered spend chart."""

from decimal import Decimal

import pytest

from shop.web.charts import bar_chart, nice_ceiling


@pytest.mark.parametrize(
    "value, expected",
    [
        ("0", "1"),
        ("-3", "1"),
        ("0.4", "0.5"),
        ("1", "1"),
        ("1.01", "2"),
        ("2.3", "2.5"),
        ("3", "5"),
        ("7", "10"),
        ("12", "20"),
        ("250", "250"),
        ("251", "500"),
        ("1234.56", "2000"),
        ("99999", "100000"),
    ],
)
def test_nice_ceiling_rounds_up_to_one_two_two_and_a_half_or_five(value, expected):
    assert nice_ceiling(Decimal(value)) == Decimal(expected)


def test_bars_grow_from_the_bottom_in_proportion_to_their_value():
    chart = bar_chart(
        [Decimal("0"), Decimal("50"), Decimal("100")],
        width=400,
        height=200,
        margin_left=40,
        margin_right=0,
        margin_top=0,
        margin_bottom=40,
    )

    assert chart.axis_max == Decimal("100")
    assert [bar.height for bar in chart.bars] == [0.0, 80.0, 160.0]
    assert [bar.y + bar.height for bar in chart.bars] == [160.0, 160.0, 160.0]
    assert [bar.center for bar in chart.bars] == [100.0, 220.0, 340.0]
    assert all(bar.width == 72.0 for bar in chart.bars)


def test_ticks_divide_the_scale_evenly_from_zero_to_the_top():
    chart = bar_chart([Decimal("80")], height=140, margin_top=20, margin_bottom=20, tick_count=4)

    assert [tick.value for tick in chart.ticks] == [0, 25, 50, 75, 100]
    assert [tick.y for tick in chart.ticks] == [120.0, 95.0, 70.0, 45.0, 20.0]


def test_scale_also_fits_the_reference_line():
    chart = bar_chart([Decimal("10")], reference=Decimal("300"))

    assert chart.axis_max == Decimal("500")
    assert chart.top < chart.reference_y < chart.bottom


def test_no_values_give_an_empty_chart_with_a_unit_scale():
    chart = bar_chart([])

    assert chart.bars == ()
    assert chart.axis_max == Decimal("1")
    assert chart.reference_y is None


def test_negative_values_are_refused():
    with pytest.raises(ValueError):
        bar_chart([Decimal("-1")])
