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
