import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from website.models import HomePage, School, User

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parents[2]


def test_home_page_is_dutch_with_matching_html_lang(client, home_page):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert "Naar de hoofdinhoud" in html  # the skip link, from the Dutch catalogue


def test_language_switch_turns_the_interface_english_and_back(client, home_page):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html

    response = client.post("/i18n/setlang/", {"language": "nl", "next": "/"}, follow=True)
    assert '<html lang="nl">' in response.content.decode()


def test_footer_names_the_partners(client, home_page):
    html = client.get("/").content.decode()
    for partner in ("LBBO", "PO-Raad", "NCOJ"):
        assert partner in html


def test_unknown_page_gets_a_friendly_dutch_404(client, home_page):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert _("We cannot find this page") in response.content.decode()
    assert _("We cannot find this page") != "We cannot find this page"


def test_html_responses_carry_the_security_headers(client, home_page):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_admin_gets_its_own_relaxed_policy_and_the_public_site_does_not(client, trainer):
    client.force_login(trainer)
    admin_csp = client.get("/admin/").headers["Content-Security-Policy"]
    assert "'unsafe-inline'" in admin_csp
    assert "default-src 'self'" in admin_csp


def test_seed_demo_twice_leaves_the_same_state(db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))

    def state():
        return (
            sorted(User.objects.values_list("email", "full_name", "function")),
            sorted(School.objects.values_list("name", "place", "code")),
            sorted(Page.objects.values_list("slug", "depth")),
            Site.objects.get(is_default_site=True).root_page_id,
        )

    first = state()
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    assert state() == first
    assert HomePage.objects.live().count() == 1
    assert User.objects.get(email="deelnemer@example.nl").check_password("oefenen-2026")


def test_seed_demo_gives_each_role_a_user_who_can_log_in(client, db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    for email, may_admin in [
        ("deelnemer@example.nl", False),
        ("trainer@example.nl", True),
        ("coordinator@example.nl", True),
    ]:
        client.logout()
        response = client.post("/accounts/login/", {"login": email, "password": "oefenen-2026"})
        assert response.status_code == 302, email
        assert client.get("/admin/").status_code == (200 if may_admin else 302), email


def run_django(env_overrides, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    result = run_django({"DJANGO_SETTINGS_MODULE": "website.settings"}, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_django(
        {
            "DJANGO_SETTINGS_MODULE": "website.settings",
            "DJANGO_SECRET_KEY": "a-production-secret-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "opleiding.example.nl",
            "DJANGO_CSRF_TRUSTED_ORIGINS": "https://opleiding.example.nl",
            "EMAIL_HOST": "smtp.example.nl",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_an_english_browser_still_gets_the_dutch_site_until_switching(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl">' in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl")
    assert '<html lang="en">' in response.content.decode()


def test_no_model_field_has_a_fixed_date_or_time_default():
    """A fixed time default makes Django's deploy check warn (fields.W161) when it runs within
    ten seconds of that time of day, so the deploy check above would fail at 16:00."""
    import datetime

    from django.apps import apps

    fixed = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if getattr(field, "has_default", lambda: False)()
        and isinstance(field.default, (datetime.date, datetime.time))
    ]
    assert fixed == []
