"""What every signed-in page shares, kept per content version (website/content.py, issue 16):
the sites with their root pages and site settings from one query, and the person's role
names with the header's admin link from one more; each change shows on the next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site

from tests.factories import ParticipantFactory
from website import content
from website.models import SiteConfig

pytestmark = pytest.mark.django_db

PROFILE = reverse("profile")
ADMIN_LINK = 'href="%s"' % reverse("wagtailadmin_home")


def request_for(host):
    request = RequestFactory().get("/", HTTP_HOST=host)
    request.user = None
    return request


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "localhost:8000",
        "other.example",
        "other.example:8080",
        "second.example",
        "second.example:81",
        "third.example",
    ],
)
def test_the_site_of_a_request_is_the_one_wagtail_would_choose(home_page, host):
    root = Site.objects.get(is_default_site=True).root_page
    Site.objects.create(hostname="other.example", port=8080, root_page=root)
    Site.objects.create(hostname="second.example", port=80, root_page=root)
    Site.objects.create(hostname="second.example", port=81, root_page=root)
    for port in ("80", "81", "8080"):
        request = request_for(host)
        request.META["SERVER_PORT"] = port
        expected = Site._find_for_request(request)
        assert content.site_for(request) == expected, (host, port)


def test_without_a_default_site_an_unknown_host_has_no_site(home_page):
    Site.objects.update(is_default_site=False, hostname="only.example")
    assert content.site_for(request_for("elsewhere.example")) is None
    assert content.site_for(request_for("only.example")).hostname == "only.example"


def test_the_site_root_paths_are_wagtails(home_page):
    root = Site.objects.get(is_default_site=True).root_page
    Site.objects.create(hostname="other.example", port=8080, root_page=root)
    assert content.site_root_paths(request_for("localhost")) == Site.get_site_root_paths()


def test_the_base_page_asks_sites_root_paths_and_site_settings_in_one_query(client, home_page):
    client.force_login(ParticipantFactory())
    client.get(PROFILE)
    client.get(PROFILE)  # after the first visit's settings row (a content change)
    from website import page_cache

    page_cache.bump_version()
    with CaptureQueriesContext(connection) as queries:
        client.get(PROFILE)
    site_queries = [q["sql"] for q in queries if 'FROM "wagtailcore_site"' in q["sql"]]
    assert len(site_queries) == 1, site_queries
    assert not [q for q in queries if 'FROM "website_siteconfig"' in q["sql"]]


def test_a_changed_site_setting_shows_on_the_next_request(client, home_page):
    client.force_login(ParticipantFactory())
    config = SiteConfig.for_site(Site.objects.get(is_default_site=True))
    config.contact_email = "vragen@example.nl"
    config.save()
    assert "vragen@example.nl" in client.get(PROFILE).text
    config.contact_email = "anders@example.nl"
    config.save()
    html = client.get(PROFILE).text
    assert "anders@example.nl" in html and "vragen@example.nl" not in html


def admin_permission():
    return Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")


def test_the_admin_link_follows_a_permission_of_the_person_at_once(client, home_page):
    person = ParticipantFactory()
    client.force_login(person)
    assert ADMIN_LINK not in client.get(PROFILE).text
    person.user_permissions.add(admin_permission())
    assert ADMIN_LINK in client.get(PROFILE).text
    person.user_permissions.remove(admin_permission())
    assert ADMIN_LINK not in client.get(PROFILE).text


def test_the_admin_link_follows_a_group_with_the_permission_at_once(client, home_page):
    person = ParticipantFactory()
    group = Group.objects.create(name="Redactie")
    group.permissions.add(admin_permission())
    client.force_login(person)
    assert ADMIN_LINK not in client.get(PROFILE).text
    person.groups.add(group)
    response = client.get(PROFILE)
    assert ADMIN_LINK in response.text
    assert "Redactie" in response.wsgi_request.user.role_names
    group.permissions.remove(admin_permission())
    assert ADMIN_LINK not in client.get(PROFILE).text


def test_a_superuser_without_groups_sees_the_admin_link(client, home_page):
    person = ParticipantFactory()
    person.groups.clear()
    person.is_superuser = True
    person.save()
    client.force_login(person)
    assert ADMIN_LINK in client.get(PROFILE).text


def test_the_roles_and_the_admin_link_cost_one_query_on_the_first_render(client, home_page):
    person = ParticipantFactory()
    client.force_login(person)
    client.get(PROFILE)
    from website import page_cache

    page_cache.bump_version()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PROFILE)
        assert response.wsgi_request.user.is_trainer is False
    asked = [q["sql"] for q in queries if "auth_group" in q["sql"] or "auth_permission" in q["sql"]]
    assert len(asked) == 1, asked


def test_a_new_site_for_a_host_is_found_on_the_next_request(home_page):
    assert content.site_for(request_for("nieuw.example")).is_default_site
    root = Site.objects.get(is_default_site=True).root_page
    Site.objects.create(hostname="nieuw.example", port=80, root_page=root)
    site = content.site_for(request_for("nieuw.example"))
    assert site.hostname == "nieuw.example"
    assert any(p.site_id == site.pk for p in content.site_root_paths(request_for("nieuw.example")))
