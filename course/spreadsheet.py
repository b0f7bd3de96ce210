"""Shared by every CSV and spreadsheet the project writes: one formula-safe cell function,
and the CSV dialect Dutch spreadsheet programs open without an import wizard.

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

import csv
import datetime
from decimal import Decimal

from django.utils import timezone

# Excel with Dutch regional settings splits columns on ";" (the comma is the decimal
# separator) and reads UTF-8 only with a byte order mark in front.
CSV_DELIMITER = ";"
BOM = "\ufeff"

# A cell starting with one of these is run as a formula by spreadsheet programs
# (CSV injection); a leading quote makes it plain text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """``value`` as text that a spreadsheet will never evaluate."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_cell(value):
    """Amounts and moments as Dutch spreadsheets read them: "2370,25" and local
    "30-11-2026 14:05"; anything else unchanged (text still goes through ``csv_safe``)."""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return value


def csv_writer(response):
    """A ``csv.writer`` on ``response`` (an ``HttpResponse``) in the Dutch Excel dialect:
    the byte order mark written first, ``;`` between columns. Cells still need
    ``csv_safe``."""
    response.write(BOM)
    return csv.writer(response, delimiter=CSV_DELIMITER)


class _Echo:
    """A file-like object whose ``write`` hands the text back, for streaming a CSV."""

    def write(self, value):
        return value.encode("utf-8")


class FormulaSafeExportMixin:
    """For an index view with Wagtail's ``SpreadsheetExportMixin``: every text cell safe,
    and the CSV in the Dutch Excel dialect (``;`` between columns, a byte order mark).

    Put it before ``IndexView`` in the bases. ``preprocess_field_value`` is the one step
    Wagtail runs for each exported cell, in ``write_csv_row`` and ``generate_xlsx_row``.
    """

    def stream_csv(self, queryset):
        """Wagtail's ``stream_csv`` (headings, then a row per item) with our dialect."""
        writer = csv.DictWriter(_Echo(), fieldnames=self.list_export, delimiter=CSV_DELIMITER)
        yield BOM.encode("utf-8")
        yield writer.writerow(
            {field: csv_safe(self.get_heading(queryset, field)) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def preprocess_field_value(self, field, value, export_format):
        if export_format == "csv" and isinstance(value, (Decimal, datetime.date)):
            return csv_cell(value)  # a number or moment from the database, never a formula
        value = super().preprocess_field_value(field, value, export_format)
        return csv_safe(value) if isinstance(value, str) else value
