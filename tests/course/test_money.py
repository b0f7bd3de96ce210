from decimal import Decimal

import pytest
from django.template import Context, Template

from course.money import format_euro


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("2495"), "€\u00a02.495,00"),
        (Decimal("1234.56"), "€\u00a01.234,56"),
        (Decimal("0.005"), "€\u00a00,01"),
        (Decimal("1234567.8"), "€\u00a01.234.567,80"),
        (0, "€\u00a00,00"),
        ("99.9", "€\u00a099,90"),
        (Decimal("-12.5"), "-€\u00a012,50"),
    ],
)
def test_format_euro_writes_amounts_the_dutch_way(amount, expected):
    assert format_euro(amount) == expected


def test_format_euro_refuses_something_that_is_not_an_amount():
    with pytest.raises(ValueError):
        format_euro("twee euro")


def test_euro_filter_formats_a_price_and_leaves_a_missing_one_empty():
    template = Template("{% load course_tags %}[{{ price|euro }}][{{ missing|euro }}]")
    assert template.render(Context({"price": Decimal("2495.00"), "missing": None})) == (
        "[€\u00a02.495,00][]"
    )
