from decimal import Decimal

import pytest
from django.template import Context, Template

from course.money import format_euro


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("2495"), "€ 2.495,00"),
        (Decimal("1234.56"), "€ 1.234,56"),
        (Decimal("0.005"), "€ 0,01"),
        (Decimal("1234567.8"), "€ 1.234.567,80"),
        (0, "€ 0,00"),
        ("99.9", "€ 99,90"),
        (Decimal("-12.5"), "€ -12,50"),
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
        "[€ 2.495,00][]"
    )
