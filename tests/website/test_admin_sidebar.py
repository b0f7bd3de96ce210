"""The Wagtail admin's menu is built once a minute per person (website/templatetags/
admin_sidebar.py), yet everybody sees their own menu and a permission change shows on the
next page."""

import json
import re
from pathlib import Path

import pytest
import wagtail
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.users.models import UserProfile

from website.templatetags.admin_sidebar import forget_sidebars

pytestmark = pytest.mark.django_db

MEMBER_LIST = "/admin/aanmeldingen-beheer/ledenlijst/"


def menu_urls(response):
    """Every link in the sidebar's menu."""
    match = re.search(
        r'id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    urls = []

    def walk(node):
        if isinstance(node, dict):
            if "url" in node:
                urls.append(node["url"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(match.group(1)))
    return urls


def test_a_coordinator_and_a_trainer_each_see_their_own_admin_menu(client, coordinator, trainer):
    client.force_login(coordinator)
    assert reverse("registrations:index") in menu_urls(client.get(reverse("wagtailadmin_home")))
    client.force_login(trainer)
    trainer_menu = menu_urls(client.get(reverse("wagtailadmin_home")))
    assert reverse("course:workspace") in trainer_menu
    assert reverse("registrations:index") not in trainer_menu


def test_a_withdrawn_permission_leaves_the_admin_menu_on_the_next_page(client, coordinator):
    client.force_login(coordinator)
    assert MEMBER_LIST in menu_urls(client.get(reverse("wagtailadmin_home")))
    add_member = Permission.objects.get(codename="add_lbbomember")
    for group in coordinator.groups.all():
        group.permissions.remove(add_member)
    assert MEMBER_LIST not in menu_urls(client.get(reverse("registrations:index")))


def test_a_second_admin_page_reuses_the_menu_and_its_queries(client, coordinator):
    client.force_login(coordinator)
    url = reverse("registrations:index")
    client.get(url)
    with CaptureQueriesContext(connection) as reused:
        menu = menu_urls(client.get(url))
    forget_sidebars()
    with CaptureQueriesContext(connection) as built:
        assert menu_urls(client.get(url)) == menu
    # The menu's own questions: page and collection permissions, the user's groups.
    assert len(built) - len(reused) >= 3


def assert_is_wagtails_own(name, replacements):
    """Our copy of Wagtail's template ``name`` differs only by ``replacements`` and the
    ``admin_sidebar`` library loaded on its second line: after a Wagtail upgrade, copy it
    again and swap the tags in (this fails until then)."""
    ours = Path(__file__).resolve().parents[2] / "templates/wagtailadmin" / name
    expected = (Path(wagtail.__file__).parent / "admin/templates/wagtailadmin" / name).read_text()
    for old, new in replacements.items():
        expected = expected.replace(old, new)
    ours_lines, expected = ours.read_text().splitlines(), expected.splitlines()
    assert ours_lines[0] == expected[0]
    assert ours_lines[1].startswith(expected[1].replace(" %}", " admin_sidebar %}"))
    assert ours_lines[2:] == expected[2:]


def test_the_admin_base_template_is_wagtails_own_with_the_cached_sidebar():
    assert_is_wagtails_own(
        "base.html",
        {
            "{% sidebar_props %}": "{% cached_sidebar_props %}",
            "{% keyboard_shortcuts_dialog %}": "{% cached_keyboard_shortcuts_dialog %}",
        },
    )


def test_the_admin_base_template_is_wagtails_own_with_the_cached_config():
    assert_is_wagtails_own(
        "admin_base.html",
        {"{% wagtail_config as config %}": "{% cached_wagtail_config as config %}"},
    )


def admin_config(response):
    match = re.search(
        r'id="wagtail-config" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


def test_the_reused_admin_config_keeps_each_requests_token_and_shortcut_setting(
    client, coordinator
):
    forget_sidebars()
    client.force_login(coordinator)
    url = reverse("registrations:index")
    built = admin_config(client.get(url))
    reused = admin_config(client.get(url))
    assert list(reused) == list(built)
    assert {k: v for k, v in reused.items() if k != "CSRF_TOKEN"} == {
        k: v for k, v in built.items() if k != "CSRF_TOKEN"
    }
    assert reused["CSRF_TOKEN"] and reused["KEYBOARD_SHORTCUTS_ENABLED"] is True
    # The token is this session's: a form post with it is accepted.
    csrf_client = type(client)(enforce_csrf_checks=True)
    csrf_client.force_login(coordinator)
    token = admin_config(csrf_client.get(url))["CSRF_TOKEN"]
    assert csrf_client.post(reverse("wagtailadmin_dismissibles"), {}).status_code == 403
    response = csrf_client.post(
        reverse("wagtailadmin_dismissibles"), {}, headers={"x-csrftoken": token}
    )
    assert response.status_code != 403

    profile = UserProfile.get_for_user(coordinator)
    profile.keyboard_shortcuts = False
    profile.save()
    assert admin_config(client.get(url))["KEYBOARD_SHORTCUTS_ENABLED"] is False


def shortcuts_dialog(response):
    match = re.search(
        r'(<div[^>]*id="keyboard-shortcuts-dialog".*?)<main ', response.content.decode(), re.S
    )
    assert match, "the keyboard-shortcuts dialog is on every admin page"
    return match.group(1)


def test_the_shortcuts_dialog_shows_mac_keys_only_to_a_mac_and_speaks_the_users_language(
    client, coordinator
):
    """The dialog is rendered once per variant, yet each person sees their own."""
    forget_sidebars()
    client.force_login(coordinator)
    url = reverse("registrations:index")
    mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)"
    linux = "Mozilla/5.0 (X11; Linux x86_64)"
    on_linux = shortcuts_dialog(client.get(url, headers={"user-agent": linux}))
    on_mac = shortcuts_dialog(client.get(url, headers={"user-agent": mac}))
    assert "⌘" in on_mac and "⌘" not in on_linux
    assert "Ctrl" in on_linux
    # Served again from the process's copy: still each platform's own.
    assert shortcuts_dialog(client.get(url, headers={"user-agent": linux})) == on_linux
    assert shortcuts_dialog(client.get(url, headers={"user-agent": mac})) == on_mac

    profile = UserProfile.get_for_user(coordinator)
    profile.keyboard_shortcuts = False
    profile.preferred_language = "en"
    profile.save()
    disabled = shortcuts_dialog(client.get(url, headers={"user-agent": linux}))
    assert "Keyboard shortcuts are currently disabled" in disabled
    assert "Keyboard shortcuts are currently disabled" not in on_linux
