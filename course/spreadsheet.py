"""Shared by every CSV the course app writes."""

# A cell starting with one of these is run as a formula by spreadsheet programs
# (CSV injection); a leading quote makes it plain text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """``value`` as text that a spreadsheet will never evaluate."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
