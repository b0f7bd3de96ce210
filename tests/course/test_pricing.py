from decimal import Decimal

import pytest

from course.money import format_euro, round_cents
from course.pricing import calculate_price, no_price


def test_lbbo_discount_takes_five_percent_off_the_course_fee():
    price = calculate_price(Decimal("2495.00"), lbbo_discount=True)
    assert price.course_fee == Decimal("2495.00")
    assert price.discount == Decimal("124.75")
    assert price.total == Decimal("2370.25")


def test_without_discount_the_total_is_the_course_fee():
    price = calculate_price(Decimal("2495.00"))
    assert price.discount == Decimal("0.00")
    assert price.total == Decimal("2495.00")


def test_discount_is_rounded_to_the_cent_half_up():
    # 5% of 0.30 is 0.015: half up gives 0.02, banker's rounding would give 0.02 too,
    # so use 0.50 → 0.025 where banker's rounding would give 0.02.
    price = calculate_price(Decimal("0.50"), lbbo_discount=True)
    assert price.discount == Decimal("0.03")
    assert price.total == Decimal("0.47")


def test_breakdown_always_adds_up_to_the_total():
    for cents in range(0, 100_000, 37):
        fee = Decimal(cents) / 100
        price = calculate_price(fee, lbbo_discount=True)
        assert price.course_fee - price.discount == price.total


def test_a_closed_cohort_has_no_price():
    assert no_price().total == Decimal("0.00")


@pytest.mark.parametrize(
    "amount, expected",
    [
        (Decimal("2370.25"), "€\u00a02.370,25"),
        (Decimal("1234.5"), "€\u00a01.234,50"),
        (Decimal("0"), "€\u00a00,00"),
        (Decimal("1234567.891"), "€\u00a01.234.567,89"),
        (Decimal("999.995"), "€\u00a01.000,00"),
        (Decimal("-124.75"), "-€\u00a0124,75"),
    ],
)
def test_euro_amounts_are_shown_the_dutch_way(amount, expected):
    assert format_euro(amount) == expected


def test_rounding_uses_half_up():
    assert round_cents(Decimal("0.005")) == Decimal("0.01")
    assert round_cents(Decimal("0.015")) == Decimal("0.02")
    assert round_cents(Decimal("2.675")) == Decimal("2.68")
