"""The admin's page chrome kept per process (website/admin_chrome.py, website/templatetags/
admin_filters.py) renders what Wagtail renders, and the permission sets kept per content
version (website/admin_permissions.py) follow every change at once."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.template import Context, Template
from django.template.loader import get_template, render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.templatetags import wagtailadmin_tags

from course.models import Registration
from tests.factories import CohortPageFactory, RegistrationFactory
from website import admin_chrome
from website.templatetags import admin_filters


def render(source, **context):
    return Template("{% load wagtailadmin_tags %}" + source).render(Context(context))


ICONS = [
    ("{% icon name='cross' %}", {"name": "cross"}),
    (
        "{% icon name='cross' classname='w-h-4 w-w-4' %}",
        {"name": "cross", "classname": "w-h-4 w-w-4"},
    ),
    ("{% icon name='warning' title=title %}", {"name": "warning", "title": "<b>Let op</b>"}),
    (
        "{% icon name='warning' title=safe %}",
        {"name": "warning", "title": mark_safe("<b>Let op</b>")},
    ),
    ("{% icon name='arrow-right' wrapped=True %}", {"name": "arrow-right", "wrapped": True}),
]


@pytest.mark.parametrize(("source", "arguments"), ICONS)
def test_a_kept_icon_is_wagtails_own_icon(source, arguments):
    expected = render_to_string(
        "wagtailadmin/shared/icon.html", wagtailadmin_tags.icon(**arguments)
    )
    context = {"title": "<b>Let op</b>", "safe": mark_safe("<b>Let op</b>")}
    assert render(source, **context) == expected
    assert render(source, **context) == expected  # kept, the same again


def test_icons_with_other_arguments_are_kept_apart():
    source = "{% icon name=name title=title %}"
    first = render(source, name="cross", title="a & b")
    assert "icon-cross" in first and "a &amp; b" in first
    second = render(source, name="warning", title=mark_safe("a &amp; b"))
    assert "icon-warning" in second and "a &amp; b" in second
    assert "a & b" not in render(source, name="cross", title="a & b")
    assert render("{% icon name='cross' classname=None %}") != render(
        "{% icon name='cross' classname='None' %}"
    )


def test_a_translated_icon_title_follows_the_language():
    from django.utils.translation import gettext_lazy

    source = "{% icon name='cross' title=title %}"
    with translation.override("nl"):
        dutch = render(source, title=gettext_lazy("Clear"))
    with translation.override("en"):
        english = render(source, title=gettext_lazy("Clear"))
    assert "Clear" in english
    assert dutch != english


BREADCRUMBS = [
    {"url": "/admin/", "label": "Dashboard"},
    {"url": None, "label": "Aanmeldingen", "sublabel": "<i>Groep</i>"},
]


def test_kept_breadcrumbs_are_wagtails_own_breadcrumbs():
    expected = render_to_string(
        "wagtailadmin/shared/breadcrumbs.html",
        wagtailadmin_tags.breadcrumbs(BREADCRUMBS, icon_name="form"),
    )
    source = "{% breadcrumbs items icon_name='form' %}"
    assert render(source, items=BREADCRUMBS) == expected
    assert render(source, items=BREADCRUMBS) == expected
    other = [{"url": "/admin/other/", "label": "Elders"}]
    assert "/admin/other/" in render(source, items=other)
    assert "Aanmeldingen" not in render(source, items=other)


def test_an_argument_that_is_not_plain_data_is_rendered_every_time():
    class Label:
        calls = 0

        def __str__(self):
            Label.calls += 1
            return "Tel mij"

    items = [{"url": None, "label": Label()}]
    render("{% breadcrumbs items %}", items=items)
    render("{% breadcrumbs items %}", items=items)
    assert Label.calls == 2


def test_a_kept_static_url_is_wagtails_versioned_url():
    for path in ["wagtailadmin/css/core.css", "wagtailadmin/js/core.js", "/absolute.js"]:
        expected = versioned_static(path)
        assert render("{% versioned_static path %}", path=path) == expected
        assert admin_chrome.versioned_static_url(path) == expected


# --- The filters' drop-down -----------------------------------------------------------


def drilldown(response):
    """The filters' drop-down of a listing page (the first of its forms)."""
    match = re.search(r'<div\s+id="filters-drilldown".*?</form>', response.content.decode(), re.S)
    assert match, "no filters drop-down"
    return match.group(0)


@pytest.mark.django_db
def test_the_kept_drop_down_is_what_wagtails_template_renders(client, coordinator):
    cohort = CohortPageFactory(title="Groep Zwolle")
    client.force_login(coordinator)
    url = reverse("registrations:index")
    response = client.get(url, {"cohort": cohort.pk, "status": "confirmed"})
    view_filters = response.context["filters"]
    wagtails = get_template("wagtailadmin/shared/headers/_filters.html").template
    assert wagtails.origin.name.endswith("templates/wagtailadmin/shared/headers/_filters.html")
    own = admin_filters.wagtails_template(wagtails.engine)
    assert "wagtail/admin/templates" in own.origin.name
    expected = own.render(Context({"filters": view_filters}))
    assert expected.strip() in response.content.decode()
    # Kept: the second request shows the same, without rendering it again.
    assert drilldown(client.get(url, {"cohort": cohort.pk, "status": "confirmed"})) == drilldown(
        response
    )


@pytest.mark.django_db
def test_the_drop_down_follows_the_query_string_and_the_cohorts(client, coordinator):
    cohort = CohortPageFactory(title="Groep Zwolle")
    client.force_login(coordinator)
    url = reverse("registrations:index")
    confirmed = drilldown(client.get(url, {"status": "confirmed"}))
    cancelled = drilldown(client.get(url, {"status": "cancelled"}))
    assert re.search(r'value="confirmed"[^>]*checked', confirmed)
    assert not re.search(r'value="confirmed"[^>]*checked', cancelled)
    assert re.search(r'value="cancelled"[^>]*checked', cancelled)
    assert "Groep Zwolle" in confirmed
    cohort.title = "Groep Deventer"
    cohort.save()
    renamed = drilldown(client.get(url, {"status": "confirmed"}))
    assert "Groep Deventer" in renamed and "Groep Zwolle" not in renamed
    CohortPageFactory(title="Groep Kampen")
    assert "Groep Kampen" in drilldown(client.get(url, {"status": "confirmed"}))


@pytest.mark.django_db
def test_the_drop_down_follows_the_language(client, coordinator):
    client.force_login(coordinator)
    url = reverse("registrations:index")
    dutch = drilldown(client.get(url))
    client.cookies["django_language"] = "en"
    english = drilldown(client.get(url))
    assert dutch != english
    assert "Filter by" in english


# --- Permissions per content version ----------------------------------------------------


@pytest.mark.django_db
def test_a_second_admin_page_asks_no_permissions(client, coordinator):
    client.force_login(coordinator)
    url = reverse("registrations:index")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [q for q in queries if "auth_permission" in q["sql"]]


@pytest.mark.django_db
def test_a_withdrawn_group_permission_is_refused_on_the_next_request(client, coordinator):
    RegistrationFactory()
    client.force_login(coordinator)
    url = reverse("registrations:index")
    assert client.get(url).status_code == 200
    for codename in ["view_registration", "change_registration", "add_registration"]:
        permission = Permission.objects.get(codename=codename)
        for group in coordinator.groups.all():
            group.permissions.remove(permission)
    assert client.get(url).status_code in (302, 403)


@pytest.mark.django_db
def test_leaving_a_group_is_refused_on_the_next_request(client, coordinator):
    client.force_login(coordinator)
    url = reverse("registrations:index")
    assert client.get(url).status_code == 200
    coordinator.groups.clear()
    assert client.get(url).status_code in (302, 403)


@pytest.mark.django_db
def test_a_new_own_permission_counts_on_the_next_request(client, trainer):
    client.force_login(trainer)
    url = reverse("registrations:index")
    assert client.get(url).status_code in (302, 403)
    trainer.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="course",
            codename__in=["view_registration", "change_registration"],
        )
    )
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_deactivated_person_gets_no_permissions(client, coordinator):
    client.force_login(coordinator)
    url = reverse("registrations:index")
    assert client.get(url).status_code == 200
    type(coordinator).objects.filter(pk=coordinator.pk).update(is_active=False)
    assert client.get(url).status_code != 200


# --- The table's header and the first page -----------------------------------------------


def header_cells(response):
    return re.search(r"<thead>(.*?)</thead>", response.content.decode(), re.S).group(1)


@pytest.mark.django_db
def test_the_kept_header_row_is_wagtails_and_follows_ordering_and_query(client, coordinator):
    cohort = CohortPageFactory()
    RegistrationFactory(cohort=cohort)
    RegistrationFactory(status=Registration.Status.CANCELLED)
    client.force_login(coordinator)
    url = reverse("registrations:index")
    plain = client.get(url, {"cohort": cohort.pk})
    table = plain.context["table"]
    expected = "".join(
        column.render_header_html({"table": table, "request": plain.wsgi_request})
        for column in table.columns.values()
    )
    assert expected in header_cells(plain)
    assert f"cohort={cohort.pk}" in header_cells(plain)
    ordered = header_cells(client.get(url, {"cohort": cohort.pk, "ordering": "status"}))
    assert "ordering=-status" in ordered and ordered != header_cells(plain)
    other = header_cells(client.get(url, {"status": "cancelled"}))
    assert "status=cancelled" in other and f"cohort={cohort.pk}" not in other


@pytest.mark.django_db
def test_a_first_page_that_holds_everything_is_not_counted(client, coordinator):
    cohort = CohortPageFactory()
    for _ in range(3):
        RegistrationFactory(cohort=cohort)
    client.force_login(coordinator)
    url = reverse("registrations:index")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"cohort": cohort.pk})
    assert response.context["items_count"] == 3
    assert len(response.context["object_list"]) == 3
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]


@pytest.mark.django_db
@pytest.mark.parametrize("number", [None, "1", "2", "3", "9", "x"])
@pytest.mark.parametrize(
    ("rows", "per_page", "orphans"), [(5, 2, 0), (5, 2, 1), (2, 2, 0), (0, 2, 0)]
)
def test_pages_are_those_of_wagtails_paginator(number, rows, per_page, orphans):
    from wagtail.admin.paginator import WagtailPaginator

    from website.admin_paginator import FirstPageCountingPaginator

    cohort = CohortPageFactory()
    for _ in range(rows):
        RegistrationFactory(cohort=cohort)
    queryset = Registration.objects.filter(cohort=cohort).order_by("pk")
    ours = FirstPageCountingPaginator(queryset, per_page, orphans=orphans)
    wagtails = WagtailPaginator(queryset, per_page, orphans=orphans)
    our_page, wagtails_page = ours.get_page(number), wagtails.get_page(number)
    assert ours.count == wagtails.count
    assert our_page.number == wagtails_page.number
    assert list(our_page.object_list) == list(wagtails_page.object_list)
