"""Amounts of money as Dutch readers expect them: ``€ 2.495,00``."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def format_euro(amount):
    """Format ``amount`` (Decimal, int, float or numeric string) as ``€ 1.234,56``.

    A dot groups thousands and a comma separates the cents, rounded half up; a
    non-breaking space keeps the sign with the amount, and a negative amount reads
    ``-€ 12,50``. Raises ``ValueError`` for something that is not a number.
    """
    try:
        value = Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError) as exc:
        raise ValueError(f"Not an amount of money: {amount!r}") from exc
    sign = "-" if value < 0 else ""
    euros, cents = f"{abs(value):.2f}".split(".")
    grouped = f"{int(euros):,}".replace(",", ".")
    return f"{sign}€\u00a0{grouped},{cents}"


def round_cents(amount):
    """Round to whole cents, halves away from zero (the way invoices round)."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
