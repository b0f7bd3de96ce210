"""Price arithmetic for a registration: course fee, LBBO discount, total.

All amounts are ``Decimal`` and rounded to the cent, half up, once per line, so the
breakdown a registrant sees adds up exactly to the total on the invoice.
"""

from dataclasses import dataclass
from decimal import Decimal

from .money import round_cents

LBBO_DISCOUNT_PERCENT = Decimal("5")


@dataclass(frozen=True)
class PriceBreakdown:
    course_fee: Decimal
    discount: Decimal
    total: Decimal
    # The LBBO discount is provisional until the number is found on the member list or a
    # coordinator accepts it; it may still be withdrawn (``reject_membership``).
    provisional: bool = False


def calculate_price(
    course_fee, *, lbbo_discount=False, percent=LBBO_DISCOUNT_PERCENT, provisional=False
):
    """The breakdown for ``course_fee``; ``lbbo_discount`` takes ``percent`` % off.

    ``provisional`` marks that discount as not yet checked.

    >>> calculate_price(Decimal("2495.00"), lbbo_discount=True).total
    Decimal('2370.25')
    """
    fee = round_cents(Decimal(course_fee))
    discount = round_cents(fee * Decimal(percent) / 100) if lbbo_discount else Decimal("0.00")
    return PriceBreakdown(
        course_fee=fee,
        discount=discount,
        total=fee - discount,
        provisional=bool(provisional and discount),
    )


def no_price():
    """The breakdown for a closed (in-company) cohort: the board is invoiced separately."""
    zero = Decimal("0.00")
    return PriceBreakdown(course_fee=zero, discount=zero, total=zero)
