import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction, Site
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY

from website import page_cache
from website.models import HomePage, InformationPage, SiteConfig

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_get_the_stored_page_without_queries(client, home_page):
    client.get("/")  # the first visit creates the site settings row, which bumps the version
    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries) == 0
    assert "Content-Security-Policy" in second.headers


def test_publishing_a_change_shows_at_once(client, home_page):
    client.get("/")
    home_page.intro = "Nieuwe groep in Zwolle"
    home_page.save_revision().publish()
    response = client.get("/")
    assert "Nieuwe groep in Zwolle" in response.content.decode()


def test_signed_in_people_never_get_a_stored_page(client, home_page, participant):
    client.get("/")  # stores the anonymous version
    client.force_login(participant)
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert participant.full_name in response.content.decode()


def test_each_language_is_stored_separately(client, home_page):
    client.get("/")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert '<html lang="en">' in response.content.decode()


def test_a_pending_flash_message_bypasses_the_cache(client, home_page):
    client.get("/")
    client.cookies["messages"] = "anything"
    response = client.get("/")
    assert "X-Page-Cache" not in response


def test_pages_outside_wagtail_are_not_stored(client, home_page):
    client.get("/accounts/login/")
    response = client.get("/accounts/login/")
    assert "X-Page-Cache" not in response


# --- Round trips to the shared cache ----------------------------------------------------


class CacheCalls:
    """Counts the calls a request makes on the shared (default) cache, outermost only
    (LocMemCache's get_many calls its own get per key), with the keys asked for."""

    METHODS = (
        "get",
        "get_many",
        "set",
        "add",
        "incr",
        "delete",
        "get_or_set",
        "set_many",
        "delete_many",
        "has_key",
        "touch",
    )

    def __init__(self, monkeypatch):
        self.calls = []
        self._depth = 0
        backend = caches["default"]
        for name in self.METHODS:
            monkeypatch.setattr(backend, name, self._wrap(name, getattr(backend, name)))

    def _wrap(self, name, original):
        def counted(*args, **kwargs):
            if self._depth == 0:
                self.calls.append((name, args[0] if args else None))
            self._depth += 1
            try:
                return original(*args, **kwargs)
            finally:
                self._depth -= 1

        return counted

    def clear(self):
        self.calls.clear()

    def page_calls(self):
        """Calls that asked for a stored page."""
        return [
            (name, key)
            for name, key in self.calls
            if any(k.startswith(PAGE_PREFIX) for k in (key if isinstance(key, list) else [key]))
        ]


PAGE_PREFIX = "pagecache:page:"


@pytest.fixture
def cache_calls(monkeypatch):
    return CacheCalls(monkeypatch)


def test_a_stored_page_costs_one_cache_round_trip(client, home_page, cache_calls):
    client.get("/")
    client.get("/")
    cache_calls.clear()
    response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert [name for name, _key in cache_calls.calls] == ["get_many"]


def test_a_page_not_yet_stored_costs_one_look_up_and_one_store(client, home_page, cache_calls):
    client.get("/")
    page_cache.bump_version()
    cache_calls.clear()
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    # One look-up, one store: the site root paths come from the sites kept in this process
    # for the version (website/content.py), not from Wagtail's own cache entry.
    assert cache_calls.calls[0][0] == "get_many"
    assert cache_calls.calls[1][0] == "set"
    assert ("get", SITE_ROOT_PATHS_CACHE_KEY) not in cache_calls.calls
    assert len(cache_calls.calls) == 2


@pytest.mark.parametrize("path", ["/accounts/login/", "/zoeken/?q=dag", "/sitemap.xml"])
def test_views_that_are_never_stored_never_ask_the_page_cache(client, home_page, cache_calls, path):
    client.get(path)
    cache_calls.clear()
    response = client.get(path)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert cache_calls.page_calls() == []
    assert "get_many" not in [name for name, _key in cache_calls.calls]


def test_a_signed_in_visitor_costs_the_page_cache_nothing(
    client, home_page, participant, cache_calls
):
    client.get("/")  # stores the anonymous version
    client.force_login(participant)
    client.get("/")
    cache_calls.clear()
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert participant.full_name in response.content.decode()
    assert cache_calls.page_calls() == []


def test_a_signed_in_persons_page_is_never_stored_for_anonymous_visitors(
    client, home_page, participant
):
    client.force_login(participant)
    assert participant.full_name in client.get("/").content.decode()
    anonymous = Client()
    response = anonymous.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert participant.full_name not in response.content.decode()


def test_after_a_version_bump_the_next_request_renders_afresh(client, home_page):
    client.get("/")  # the first visit creates the site settings row, which bumps the version
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    HomePage.objects.filter(pk=home_page.pk).update(intro="Vandaag nieuw")  # no signal
    assert "Vandaag nieuw" not in client.get("/").content.decode()  # still the stored page
    page_cache.bump_version()
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Vandaag nieuw" in response.content.decode()


def test_a_page_whose_content_changed_while_it_rendered_is_never_served(rf, home_page):
    """The entry keeps the version read before rendering: stale at once after a bump."""

    def render(text, bump=False):
        def view(request):
            request._page_cache_allowed = True
            if bump:
                page_cache.bump_version()
            return HttpResponse(text)

        return page_cache.AnonymousPageCacheMiddleware(view)(rf.get("/"))

    assert render("before the change", bump=True)["X-Page-Cache"] == "miss"
    response = render("after the change")
    assert response.content == b"after the change"
    assert response["X-Page-Cache"] == "miss"
    assert render("never rendered").content == b"after the change"


def test_a_flushed_cache_does_not_bring_back_an_old_version(home_page):
    """Each process keeps fragments per version in its own memory; a flushed shared cache
    must not restart at a number those fragments were stored under."""
    first = page_cache.current_version()
    cache.clear()
    assert page_cache.current_version() != first


# --- What every page shows: menu, footer, routes -----------------------------------------


def test_a_new_menu_page_shows_on_the_next_request_also_for_signed_in_people(
    client, home_page, participant
):
    client.force_login(participant)
    client.get("/")
    home_page.add_child(
        instance=InformationPage(title="Locaties", slug="locaties", show_in_menus=True)
    )
    assert ">Locaties</a>" in client.get("/").content.decode()


def test_a_changed_contact_address_shows_in_the_footer_on_the_next_request(client, home_page):
    client.get("/")
    client.get("/")
    config = SiteConfig.for_site(Site.objects.get(is_default_site=True))
    config.contact_email = "info@opleiding.example.nl"
    config.save()
    assert "info@opleiding.example.nl" in client.get("/").content.decode()


def test_a_page_under_a_private_page_still_asks_for_a_login(client, home_page):
    private = home_page.add_child(instance=InformationPage(title="Intern", slug="intern"))
    child = private.add_child(instance=InformationPage(title="Verslag", slug="verslag"))
    client.get(child.url)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(child.url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_an_unpublished_page_answers_404_on_the_next_request(client, home_page):
    page = home_page.add_child(instance=InformationPage(title="Oud", slug="oud"))
    assert client.get(page.url).status_code == 200
    page.unpublish()
    assert client.get("/oud/").status_code == 404


def test_a_new_role_shows_the_management_link_on_the_next_request(client, home_page, participant):
    from django.contrib.auth.models import Group

    from website.models import Role

    client.force_login(participant)
    assert 'href="/admin/"' not in client.get("/").content.decode()
    coordinators = Group.objects.get(name=Role.COORDINATOR)
    participant.groups.add(coordinators)
    assert 'href="/admin/"' in client.get("/").content.decode()
    participant.groups.remove(coordinators)
    assert 'href="/admin/"' not in client.get("/").content.decode()


def test_the_benchs_skip_header_is_ignored_outside_make_bench(client, home_page, settings):
    client.get("/")
    client.get("/")
    skip = {"HTTP_X_BENCH_SKIP_PAGE_CACHE": "1"}
    assert client.get("/", **skip)["X-Page-Cache"] == "hit"
    settings.BENCH_FLOOR = True  # only `make bench` sets it (DJANGO_BENCH_FLOOR)
    assert "X-Page-Cache" not in client.get("/", **skip)


def test_a_published_change_shows_at_once_also_to_signed_in_people(client, home_page, participant):
    """Home and training page content is fragment-cached per version for everybody."""
    client.force_login(participant)
    client.get("/")
    home_page.intro = "Nieuwe groep in Zwolle"
    home_page.save_revision().publish()
    assert "Nieuwe groep in Zwolle" in client.get("/").content.decode()


def test_places_left_on_the_training_page_follow_each_registration(client, home_page):
    import datetime

    from django.utils import timezone

    from tests.factories import CohortPageFactory, RegistrationFactory, training_page

    cohort = CohortPageFactory(
        capacity=3,
        registration_opens=timezone.localdate() - datetime.timedelta(days=3),
        registration_closes=timezone.localdate() + datetime.timedelta(days=30),
    )
    url = training_page().url
    client.get(url)
    assert "Nog 3 plaatsen beschikbaar" in client.get(url).content.decode()
    RegistrationFactory(cohort=cohort)
    assert "Nog 2 plaatsen beschikbaar" in client.get(url).content.decode()


# --- What bumps the version (each app's AppConfig.ready(): page_cache.content_app) ---------


def _rules(*app_labels):
    from django.apps import apps

    rules = {}
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            if not page_cache.bumps(model):
                rule = "private"
            elif page_cache.bumps(model, row_added_or_removed=False):
                rule = "content"
            else:
                rule = "rows"
            rules[model._meta.label_lower] = rule
    return rules


def test_only_content_and_what_the_memos_hold_bumps_the_version():
    """A new model of these apps must be declared one way or the other (course/apps.py,
    assignments/apps.py, intervision/apps.py, practice_day/apps.py); of the practice day
    only its settings bump (the page keeps them per version), never its records."""
    rules = _rules("course", "practice_day", "intervision", "assignments")
    bumping = {label: rule for label, rule in rules.items() if rule != "private"}
    assert bumping == {
        "course.trainingpage": "content",
        "course.coursedaypage": "content",
        "course.cohortpage": "content",
        "course.cohortday": "content",
        "course.librarypage": "content",
        "course.libraryitem": "content",
        "course.libraryitemtag": "content",
        "course.testimonial": "content",
        "course.registration": "content",  # places left
        "course.duoinvitation": "content",  # a held place
        "course.registrationsettings": "content",
        "intervision.intervisionsettings": "content",
        "intervision.method": "content",
        "intervision.methodstep": "content",
        "assignments.assignment": "content",
        "assignments.rubriccriterion": "content",
        "assignments.rubriclevel": "content",
        "assignments.deadlineextension": "content",  # the plan editor's own place
        "assignments.plan": "rows",  # the plan letters
        "practice_day.practiceday": "content",  # the practice-day page's kept cohort
    }


def test_revisions_logs_and_renditions_do_not_bump_the_version():
    from wagtail.images import get_image_model
    from wagtail.models import PageLogEntry, Revision

    image = get_image_model()
    assert page_cache.bumps(image)
    for model in (Revision, PageLogEntry, image.get_rendition_model()):
        assert not page_cache.bumps(model), model


def test_an_app_declares_only_its_own_models():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        page_cache.content_app("course", private=[SiteConfig])


def test_a_change_bumps_the_version_again_when_its_transaction_commits(
    home_page, django_capture_on_commit_callbacks
):
    """A request that read the new version before the commit saw the old rows: what it
    stored must be stale once the change is visible."""
    from django.db import transaction

    before = page_cache.current_version()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            home_page.save()
            during = page_cache.current_version()
    assert before != during != page_cache.current_version()
