"""Columns and a table for the Wagtail admin's lists that every app may use.

Wagtail renders every table cell through a template (``wagtailadmin/tables/cell.html``, a
fresh template context each time) from a ``{% component %}`` tag in the table's loop. In a
listing of fifty rows and eight columns that is four hundred template renders, most of the
page's time. The ``Plain*`` columns below build the same ``<td>`` in Python with one
escaping (stdlib ``html.escape``, without Django's lazy-string checks on every value),
and ``PlainTable`` joins the rows in Python instead of looping in the
template: use them for lists that coordinators open all day (the registrations listing).
A column's value comes from ``accessor`` like Wagtail's ``Column`` (a dotted path, a method
name such as ``get_status_display``, or a callable), so a listing annotates what it shows
once instead of fetching it per row.
"""

from functools import partial
from html import escape

from django.contrib.admin.utils import quote
from django.core.exceptions import SuspiciousOperation
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.admin.ui.tables import BooleanColumn, Column, Table

from .keyed_urls import PK_PLACEHOLDER


class YesNoColumn(BooleanColumn):
    """A yes/no field as a tick or a cross whose title says "ja"/"nee" in the admin's
    language; Wagtail's ``BooleanColumn`` titles its icons "True"/"False" (issue 15)."""

    cell_template_name = "website/admin/yes_no_cell.html"


def as_html(value):
    """``value`` as HTML: safe strings as they are, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


class PlainColumn(Column):
    """A text cell built in Python: the HTML of Wagtail's ``cell.html``, escaped, without
    rendering a template. Subclasses change ``format_value`` (what is shown) or
    ``cell_content`` (the HTML inside the cell); what is the same for every row of one
    rendering (a translated label, a URL pattern, a permission) comes from ``prepare``."""

    def prepare(self, request):
        """What every cell of one rendering shares; computed once per table by
        ``PlainTable`` (in another table, once per cell)."""
        return None

    def shared(self, parent_context):
        states = parent_context.get("plain_column_states")
        if states is None:
            return self.prepare(parent_context.get("request"))
        if self not in states:
            states[self] = self.prepare(parent_context.get("request"))
        return states[self]

    def format_value(self, value, shared):
        return value

    def get_value(self, instance):
        """Wagtail's ``get_value``. A plain name on a row that has no ``[]`` lookup (a model
        instance) is read with ``getattr`` directly: ``multigetattr`` first tries
        ``instance[name]`` and catches the TypeError, for every cell."""
        accessor = self.accessor
        if (
            not isinstance(accessor, str)
            or "." in accessor
            or hasattr(type(instance), "__getitem__")
        ):
            return super().get_value(instance)
        try:
            value = getattr(instance, accessor)
        except AttributeError:
            return None
        if callable(value):
            if getattr(value, "alters_data", False):
                raise SuspiciousOperation(f"Cannot call {value!r} from a table column")
            value = value()
        return value

    def content_html(self, instance, shared):
        """The cell's inner HTML for ``instance``, escaped, as a plain string."""
        value = self.get_value(instance)
        if value is None or not str(value).strip():
            return as_html(self.empty_value_display)
        return as_html(self.format_value(value, shared))

    def cell_html(self, instance, shared):
        """The whole ``<td>`` for ``instance``, escaped, as a plain string
        (``PlainTable`` joins these without checking each again)."""
        if self.classname:
            return (
                f'<td class="{escape(self.classname)}">{self.content_html(instance, shared)}</td>'
            )
        return f"<td>{self.content_html(instance, shared)}</td>"

    def cell_content(self, instance, parent_context):
        return SafeString(self.content_html(instance, self.shared(parent_context)))

    def render_cell_html(self, instance, parent_context):
        return SafeString(self.cell_html(instance, self.shared(parent_context)))


class PlainChoiceColumn(PlainColumn):
    """A field with choices, shown by its label: ``get_FOO_display`` re-reads and
    re-translates all choices for every row, this translates them once per rendering.
    ``accessor`` names the stored value (the field)."""

    def __init__(self, name, choices, **kwargs):
        super().__init__(name, **kwargs)
        self.choices = choices

    def prepare(self, request):
        return {value: str(label) for value, label in self.choices}

    def format_value(self, value, labels):
        return labels.get(value, value)


# Django date format characters that strftime writes the same way (numbers only: names of
# days and months need Django's translations).
STRFTIME_EQUIVALENTS = {"d": "%d", "m": "%m", "Y": "%Y", "y": "%y", "H": "%H", "i": "%M"}


def strftime_pattern(django_format):
    """``django_format`` (such as "d-m-Y H:i") as a strftime pattern, or None when it uses
    a character strftime cannot stand in for."""
    pattern = []
    for char in django_format:
        if char in STRFTIME_EQUIVALENTS:
            pattern.append(STRFTIME_EQUIVALENTS[char])
        elif char.isalpha() or char == "\\":
            return None
        else:
            pattern.append(char.replace("%", "%%"))
    return "".join(pattern)


class PlainDateTimeColumn(PlainColumn):
    """A moment in local time in the site's short format (``SHORT_DATETIME_FORMAT`` of
    ``website/formats``: "30-11-2026 07:38"), written by strftime when that format is all
    numbers (a tenth of the cost of Django's formatter), by ``date_format`` otherwise."""

    def prepare(self, request):
        return strftime_pattern(formats.get_format("SHORT_DATETIME_FORMAT"))

    def format_value(self, value, pattern):
        value = timezone.localtime(value)
        if pattern is None:
            return formats.date_format(value, "SHORT_DATETIME_FORMAT")
        return value.strftime(pattern)


class PlainLinkColumn(PlainColumn):
    """A link per row to ``url_name`` with the row's primary key, shown only to users with
    ``permission``. The URL is reversed and the permission checked once per rendering.

    ``link_label`` is the text of every link; without it the link shows the row's value.
    """

    def __init__(self, name, url_name, *, link_label=None, permission=None, **kwargs):
        super().__init__(name, **kwargs)
        self.url_name = url_name
        self.link_label = link_label
        self.permission = permission

    def prepare(self, request):
        """The URL with a placeholder for the key (None when the user may not follow it)
        and ``link_label`` as HTML, translated once (None without a label)."""
        label_html = None if self.link_label is None else as_html(self.link_label)
        if self.permission is not None and (
            request is None or not request.user.has_perm(self.permission)
        ):
            return None, label_html
        return reverse(self.url_name, args=[PK_PLACEHOLDER]), label_html

    def content_html(self, instance, shared):
        url_pattern, label_html = shared
        if label_html is None:
            text_html = super().content_html(instance, shared)
        elif url_pattern is None:
            return ""
        else:
            text_html = label_html
        if url_pattern is None:
            return text_html
        url = url_pattern.replace(PK_PLACEHOLDER, quote(str(instance.pk)))
        return f'<a href="{escape(url)}">{text_html}</a>'


class PlainTitleColumn(PlainLinkColumn):
    """The first column of a listing: the row's title, linked to ``url_name`` (its edit
    page), styled as Wagtail's title column but without the per-row "more" menu (whose
    dropdown is a template render of its own for every row)."""

    def cell_html(self, instance, shared):
        classname = f"{escape(self.classname)} " if self.classname else ""
        return (
            f'<td class="{classname}title"><div class="title-wrapper">'
            f"{self.content_html(instance, shared)}</div></td>"
        )


MAX_HEADERS = 500
_headers = {}  # PlainTable.header_key -> the header cells


def forget_headers():
    """Drop every kept header row (tests)."""
    _headers.clear()


class PlainTable(Table):
    """Wagtail's ``Table`` with its body built in Python: each row's cells are joined
    directly, not rendered one ``{% component %}`` at a time. Any column works (a
    template-based one still renders its template); ``Plain*`` columns cost no template.
    Set it as an index view's ``table_class``."""

    template_name = "website/admin/plain_table.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["header_html"] = self.render_header_html(context.get("request"))
        context["body_html"] = self.render_body_html(context.get("request"))
        return context

    def header_key(self, request):
        """Everything the header row shows when every column is a ``PlainColumn`` (whose
        header is Wagtail's ``column_header.html``): the columns' names, labels and sort
        keys, the current ordering, the base URL, the query string (the sort links keep
        it) and the language. None for other columns: their headers may show more."""
        columns = list(self.columns.values())
        if request is None or not all(isinstance(column, PlainColumn) for column in columns):
            return None
        return (
            type(self),
            self.base_url,
            str(self.ordering),
            str(self.ascending_title_text_format),
            str(self.descending_title_text_format),
            tuple(
                (
                    type(column),
                    column.name,
                    str(column.label),
                    column.sort_key,
                    column.classname,
                    str(column.ascending_title_text),
                    str(column.descending_title_text),
                )
                for column in columns
            ),
            request.GET.urlencode(),
            get_language(),
        )

    def render_header_html(self, request):
        """The header cells (Wagtail's template per column), rendered once per process
        for each ``header_key``."""
        key = self.header_key(request)
        html = _headers.get(key) if key is not None else None
        if html is None:
            context = {"table": self, "request": request}
            html = mark_safe(  # noqa: S308 - rendered templates
                "".join(column.header.render_html(context) for column in self.columns.values())
            )
            if key is not None:
                if len(_headers) >= MAX_HEADERS:
                    _headers.clear()
                _headers[key] = html
        return html

    def render_body_html(self, request):
        cell_context = {"table": self, "request": request, "plain_column_states": {}}
        cells = [
            partial(column.cell_html, shared=column.shared(cell_context))
            if isinstance(column, PlainColumn)
            else partial(_template_cell_html, column, cell_context)
            for column in self.columns.values()
        ]
        parts = []
        for row in self.rows:
            cell_context["row"] = row
            attrs = row.attrs
            parts.append(f"<tr{flatatt(attrs)}>" if attrs else "<tr>")
            parts.extend(cell(row.instance) for cell in cells)
            parts.append("</tr>")
        return mark_safe("".join(parts))  # noqa: S308 - every cell escaped


def _template_cell_html(column, cell_context, instance):
    """A cell of a column that is not a ``PlainColumn`` (its own template), as HTML."""
    return as_html(column.render_cell_html(instance, cell_context))
