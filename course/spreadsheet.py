"""Shared by every CSV and spreadsheet the project writes: one formula-safe cell function.

``csv_safe`` neutralises a text cell that a spreadsheet program would run as a formula
(CSV injection: a school name ``=HYPERLINK(...)`` typed by a participant). Hand-written
CSVs call it per cell; Wagtail listing exports (``list_export``) get it through
``FormulaSafeExportMixin`` on their index view, for CSV and XLSX alike.

Only text is touched. Numbers, amounts and dates from the database (a negative
``Decimal`` discount, say) stay numbers, so a coordinator can still sum the price
columns. Text that merely starts with "-" or "+" (a reference "-12") gets a leading
quote in the file, which is visible in the cell: a small price for never running a
formula someone else typed.
"""

# A cell starting with one of these is run as a formula by spreadsheet programs
# (CSV injection); a leading quote makes it plain text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """``value`` as text that a spreadsheet will never evaluate."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class FormulaSafeExportMixin:
    """For an index view with Wagtail's ``SpreadsheetExportMixin``: every text cell safe.

    Put it before ``IndexView`` in the bases. ``preprocess_field_value`` is the one step
    Wagtail runs for each exported cell, in ``write_csv_row`` and ``generate_xlsx_row``.
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return csv_safe(value) if isinstance(value, str) else value
