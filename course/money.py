"""Money helpers. Amounts are ``Decimal`` euros, never floats.

The content helper (issue 4) defines the same ``format_euro``; keep the signature.
"""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_cents(amount: Decimal) -> Decimal:
    """Round to whole cents, halves away from zero (the way invoices round)."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def format_euro(amount: Decimal) -> str:
    """Dutch notation with a non-breaking space: ``Decimal("1234.5")`` → ``"€ 1.234,50"``."""
    amount = round_cents(Decimal(amount))
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}€\u00a0{'.'.join(groups)},{cents}"
