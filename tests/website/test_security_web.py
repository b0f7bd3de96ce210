"""Issue 10, defects 1, 4 and the web items of 8: login paths, media, error pages, headers,
logging, invisible names, search and Wagtail's failwhale."""

import importlib
import io
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.test import Client, override_settings
from django.urls import clear_url_caches, reverse
from django.utils.log import configure_logging
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import PageViewRestriction

import website.urls
from course.forms.registration import InCompanyRequestForm
from tests.factories import DocumentFactory, LibraryItemFactory, UserFactory
from website.models import User
from website.validators import has_visible_character

pytestmark = pytest.mark.django_db

WRONG_PASSWORD = "helemaal-niet-mijn-wachtwoord"
# Every address that accepts a password: allauth's own, Wagtail's front-end login (private
# pages) and the Wagtail admin's. The field names of Django's LoginView and allauth's form.
LOGIN_PATHS = ["/accounts/login/", "/_util/login/", "/admin/login/"]


def post_login(client, path, email, password):
    return client.post(path, {"login": email, "username": email, "password": password})


def is_logged_in(client):
    return "_auth_user_id" in client.session


# --- Defect 1: every login path goes through allauth -----------------------------------


def test_wagtail_front_end_login_address_leads_to_allauth_keeping_next(client):
    response = client.get("/_util/login/?next=/mijn-opleiding/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/mijn-opleiding/"


def test_a_private_page_sends_visitors_to_allauth_login(client, home_page):
    PageViewRestriction.objects.create(page=home_page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(home_page.url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login") + "?next=")


@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_25_wrong_passwords_then_the_right_one_do_not_log_in(client, participant, password, path):
    for _attempt in range(25):
        post_login(client, path, participant.email, WRONG_PASSWORD)
    post_login(client, path, participant.email, password)
    assert not is_logged_in(client)


@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_an_account_locked_by_allauth_stays_locked_on_every_path(
    client, participant, password, path
):
    for _attempt in range(5):
        post_login(client, "/accounts/login/", participant.email, WRONG_PASSWORD)
    post_login(client, path, participant.email, password)
    assert not is_logged_in(client)


@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_an_unverified_account_cannot_log_in_on_any_path(client, password, path):
    person = UserFactory()
    EmailAddress.objects.filter(user=person).update(verified=False)
    post_login(client, path, person.email, password)
    assert not is_logged_in(client)
    assert client.get(reverse("course:dashboard")).status_code == 302


def test_the_right_password_on_allauth_login_still_logs_in(client, participant, password):
    # The control for the tests above: the refusals are not a broken login.
    post_login(client, "/accounts/login/", participant.email, password)
    assert is_logged_in(client)


# --- Defect 4: documents never through the media route --------------------------------


@pytest.fixture
def debug_media(tmp_path):
    """website.urls as `make run` builds it (DEBUG on), serving MEDIA_ROOT=tmp_path."""
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "checklist.pdf").write_bytes(b"%PDF-1.4 participants only")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "logo.png").write_bytes(b"\x89PNG public")
    with override_settings(DEBUG=True, MEDIA_ROOT=tmp_path):
        importlib.reload(website.urls)
        clear_url_caches()
        yield tmp_path
    importlib.reload(website.urls)
    clear_url_caches()


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/checklist.pdf",
        "/media//documents/checklist.pdf",
        "/media///documents/checklist.pdf",
        "/media/./documents/checklist.pdf",
        "/media/.//documents/checklist.pdf",
        "/media/%2e/documents/checklist.pdf",
        "/media/%2E/documents/checklist.pdf",
        "/media/%2fdocuments/checklist.pdf",
        "/media/%64ocuments/checklist.pdf",
        "/media/documents/./checklist.pdf",
        "/media/documents//checklist.pdf",
        "/media/documents/../documents/checklist.pdf",
        "/media/images/../documents/checklist.pdf",
        "/media/images/%2e%2e/documents/checklist.pdf",
        "/media/documents%2fchecklist.pdf",
        "/media/documents%5cchecklist.pdf",
        "/media/Documents/checklist.pdf",
        "/media/documents/",
        "/media/",
    ],
)
def test_documents_are_never_served_through_the_development_media_route(debug_media, client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"participants only" not in b"".join(getattr(response, "streaming_content", []))


@pytest.mark.parametrize("path", ["/media/images/logo.png", "/media//images/logo.png"])
def test_other_media_are_served_in_development(debug_media, client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG public"


def test_django_serves_no_media_at_all_with_debug_off(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "logo.png").write_bytes(b"\x89PNG public")
    assert client.get("/media/images/logo.png").status_code == 404


# --- Defect 8: error pages ----------------------------------------------------------------


@pytest.mark.allow_server_errors  # Django logs every refused Host header as a security error
def test_a_request_for_an_unknown_host_gets_the_dutch_400_page(client, settings, home_page):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert _("We could not process this request") in html
    assert "site.css" in html


def test_a_refused_form_gets_the_dutch_403_page(home_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@example.nl", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert _("You do not have access to this page") in html
    assert _("Log in") in html  # the site's header: the page extends base.html


def test_allauth_rate_limit_answers_with_the_dutch_429_page(client, participant, home_page):
    responses = [
        client.post(reverse("account_reset_password"), {"email": participant.email})
        for _attempt in range(6)
    ]
    assert responses[-1].status_code == 429
    html = responses[-1].content.decode()
    assert _("Too many attempts") in html
    assert _("Log in") in html


def test_wagtail_failwhale_is_not_found_even_for_a_superuser(client, home_page):
    client.force_login(UserFactory(is_superuser=True))
    response = client.get("/admin/failwhale/")
    assert response.status_code == 404


# --- Defect 8: headers ----------------------------------------------------------------------


def test_documents_are_sent_without_a_content_encoding_header(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    document = DocumentFactory()
    response = client.get(document.url)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert b"".join(response.streaming_content) == b"Stap 1: signaleren."


@pytest.mark.parametrize("url_name", ["course:dashboard", "profile"])
def test_personal_pages_are_private_to_shared_caches(client, participant, home_page, url_name):
    client.force_login(participant)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_a_public_page_seen_by_a_signed_in_person_is_private_too(client, participant, home_page):
    # The header shows the person's name.
    client.force_login(participant)
    response = client.get(home_page.url)
    assert participant.full_name in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_a_public_page_for_an_anonymous_visitor_stays_cacheable(client, home_page):
    client.get(home_page.url)  # creates the site settings row, which bumps the page cache
    client.get(home_page.url)
    response = client.get(home_page.url)
    assert "private" not in response.get("Cache-Control", "")
    assert response["X-Page-Cache"] == "hit"


# --- Defect 8: each 500 logged once ---------------------------------------------------------


def test_a_server_error_is_logged_once(settings, participant, home_page):
    stderr = io.StringIO()
    with mock.patch("sys.stderr", stderr):
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    try:
        client = Client(raise_request_exception=False)
        client.force_login(participant)
        with (
            override_settings(DEBUG=True),
            mock.patch("website.views.ProfileView.get_object", side_effect=RuntimeError("kapot")),
        ):
            response = client.get(reverse("profile"))
    finally:
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    assert response.status_code == 500
    assert stderr.getvalue().count("RuntimeError: kapot") == 1


# --- Defect 8: names of invisible characters ------------------------------------------------

INVISIBLE_MESSAGE = gettext_lazy(
    "Type a name with visible letters; this one consists only of invisible characters."
)
INVISIBLE_NAMES = [
    "\u200b",  # zero-width space
    "\u200c\u200d",  # zero-width non-joiner, joiner
    "\u200e\u200f\u202e",  # direction marks and override
    "\u2060\ufeff",  # word joiner, byte order mark
    "\u3164\u3164",  # Hangul filler
    "\u2800",  # blank Braille pattern
    "\u00a0\u200b\u2003",  # no-break and em space with a zero-width space
    "\u0301\u0308",  # combining marks without a letter
]


@pytest.mark.parametrize("name", INVISIBLE_NAMES)
def test_text_of_invisible_characters_has_no_visible_character(name):
    assert not has_visible_character(name)


@pytest.mark.parametrize("name", ["Zoë de Vries", "Jose\u0301", "李小龙", "O'Brien", "Ｘ", "K3"])
def test_real_names_have_visible_characters(name):
    assert has_visible_character(name)


@pytest.mark.parametrize("name", INVISIBLE_NAMES[:3])
def test_sign_up_refuses_a_full_name_of_invisible_characters(client, home_page, name):
    from .test_accounts import signup_data

    response = client.post(reverse("account_signup"), signup_data(full_name=name))
    assert response.status_code == 200
    assert str(INVISIBLE_MESSAGE) in response.content.decode()
    assert not User.objects.filter(email="lotte@example.nl").exists()


def test_profile_refuses_a_full_name_of_invisible_characters(client, participant, home_page):
    old_name = participant.full_name
    client.force_login(participant)
    response = client.post(
        reverse("profile"),
        {
            "full_name": "\u200b\u200f",
            "function": participant.function,
            "school": participant.school.pk,
        },
    )
    assert response.status_code == 200
    assert str(INVISIBLE_MESSAGE) in response.content.decode()
    participant.refresh_from_db()
    assert participant.full_name == old_name


def test_profile_refuses_a_new_school_name_of_invisible_characters(client, participant, home_page):
    client.force_login(participant)
    response = client.post(
        reverse("profile"),
        {
            "full_name": "Anna Jansen",
            "function": participant.function,
            "school": "",
            "new_school_name": "\u3164",
            "new_school_place": "Zwolle",
        },
    )
    assert response.status_code == 200
    participant.refresh_from_db()
    assert participant.full_name != "Anna Jansen"


@pytest.mark.parametrize("field", ["organisation", "contact_name"])
def test_in_company_request_refuses_names_of_invisible_characters(field):
    data = {
        "organisation": "Stichting Sterk Onderwijs",
        "contact_name": "Anna Jansen",
        "email": "anna@example.nl",
        "phone": "",
        "participant_count": 12,
        "region": "Zwolle",
        "period": "najaar",
        "questions": "",
        field: "\u200b\u200c",
    }
    form = InCompanyRequestForm(data)
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()[field]] == ["invisible"]


# --- Defect 8: search does not give away restricted text ------------------------------------


@pytest.fixture
def indexed_items(django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        LibraryItemFactory(
            title="Checklist privacy-overleg",
            summary="Voor het gesprek met ouders.",
            body="<p>Het wachtwoord van de kluis is zonnebloem.</p>",
            participants_only=True,
        )
        LibraryItemFactory(
            title="Handreiking ondersteuningsroute",
            summary="Stappen van signaal tot arrangement.",
            body="<p>Begin bij de groepsbespreking met de leerkracht.</p>",
        )


def test_anonymous_search_does_not_find_a_restricted_item_by_its_text(client, indexed_items):
    html = client.get("/zoeken/", {"q": "zonnebloem"}).content.decode()
    assert "Checklist privacy-overleg" not in html


def test_anonymous_search_finds_a_restricted_item_by_title_and_summary(client, indexed_items):
    assert "Checklist privacy-overleg" in client.get("/zoeken/", {"q": "privacy"}).content.decode()
    assert "Checklist privacy-overleg" in client.get("/zoeken/", {"q": "ouders"}).content.decode()


def test_anonymous_search_finds_a_public_item_by_its_text(client, indexed_items):
    html = client.get("/zoeken/", {"q": "groepsbespreking"}).content.decode()
    assert "Handreiking ondersteuningsroute" in html
