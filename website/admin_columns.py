"""Columns for the Wagtail admin's lists that every app may use."""

from wagtail.admin.ui.tables import BooleanColumn


class YesNoColumn(BooleanColumn):
    """A yes/no field as a tick or a cross whose title says "ja"/"nee" in the admin's
    language; Wagtail's ``BooleanColumn`` titles its icons "True"/"False" (issue 15)."""

    cell_template_name = "website/admin/yes_no_cell.html"
