import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

from course.models import Registration
from tests.factories import (
    CohortPageFactory,
    CoordinatorFactory,
    CourseDayPageFactory,
    LibraryItemFactory,
    ParticipantFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def files_on_disk(settings, tmp_path):
    """Wagtail serves documents from a local path, which the in-memory test storage lacks."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def restricted_item(db):
    return LibraryItemFactory(title="Checklist privacy", participants_only=True)


@pytest.fixture
def public_item(db):
    return LibraryItemFactory(title="Handreiking ondersteuningsroute")


@pytest.fixture
def confirmed_participant(training_page):
    registration = RegistrationFactory(cohort=CohortPageFactory(parent=training_page))
    return registration.participant


def served(response):
    return response.status_code == 200 and b"".join(response.streaming_content)


def test_anonymous_visitor_is_sent_to_login_for_a_participants_only_document(
    client, restricted_item
):
    response = client.get(restricted_item.document.url)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert "next=" in response["Location"]


def test_signed_in_person_without_a_confirmed_place_is_refused_the_document(
    client, training_page, restricted_item
):
    waiting = RegistrationFactory(
        cohort=CohortPageFactory(parent=training_page),
        status=Registration.Status.AWAITING_CONFIRMATION,
    )
    client.force_login(waiting.participant)
    response = client.get(restricted_item.document.url)
    assert response.status_code == 403
    assert _("For participants only") in response.content.decode()


def test_participant_role_alone_does_not_open_a_participants_only_document(client, restricted_item):
    client.force_login(ParticipantFactory())
    assert client.get(restricted_item.document.url).status_code == 403


def test_participant_with_a_confirmed_place_in_any_cohort_gets_the_document(
    client, restricted_item, confirmed_participant
):
    client.force_login(confirmed_participant)
    assert served(client.get(restricted_item.document.url)) == b"Stap 1: signaleren."


def test_trainer_gets_the_document(client, restricted_item, trainer):
    client.force_login(trainer)
    assert served(client.get(restricted_item.document.url))


def test_coordinator_gets_the_document(client, restricted_item):
    client.force_login(CoordinatorFactory())
    assert served(client.get(restricted_item.document.url))


def test_public_document_is_served_to_anyone(client, public_item):
    assert served(client.get(public_item.document.url))


def test_library_lists_a_restricted_item_for_anonymous_visitors_without_its_file(
    client, library_page, restricted_item, public_item
):
    html = client.get(library_page.url).content.decode()
    assert "Checklist privacy" in html
    assert _("For participants") in html
    assert restricted_item.document.url not in html
    assert public_item.document.url in html


def test_library_offers_the_restricted_file_to_a_confirmed_participant(
    client, library_page, restricted_item, confirmed_participant
):
    client.force_login(confirmed_participant)
    html = client.get(library_page.url).content.decode()
    assert restricted_item.document.url in html


def test_restricted_article_text_is_shown_only_to_those_who_may_open_it(
    client, library_page, confirmed_participant
):
    item = LibraryItemFactory(
        document=None, body="<p>Geheime werkwijze</p>", participants_only=True
    )
    url = f"{library_page.url}{item.pk}/"

    anonymous = client.get(url).content.decode()
    assert item.title in anonymous
    assert "Geheime werkwijze" not in anonymous

    client.force_login(confirmed_participant)
    assert "Geheime werkwijze" in client.get(url).content.decode()


def test_library_search_matches_title_and_summary(client, library_page):
    LibraryItemFactory(title="Intervisie stap voor stap")
    LibraryItemFactory(title="Werkblad", summary="Oefening voor de intervisie.")
    LibraryItemFactory(title="Format uitvoeringsplan")

    html = client.get(library_page.url, {"q": "intervisie"}).content.decode()

    assert "Intervisie stap voor stap" in html
    assert "Werkblad" in html
    assert "Format uitvoeringsplan" not in html


def test_library_filters_by_course_day(client, library_page, training_page):
    day_4 = CourseDayPageFactory(parent=training_page, number=4)
    day_5 = CourseDayPageFactory(parent=training_page, number=5)
    LibraryItemFactory(title="Privacychecklist", course_day=day_4)
    LibraryItemFactory(title="Intervisiemethode", course_day=day_5)

    html = client.get(library_page.url, {"day": day_4.pk}).content.decode()

    assert "Privacychecklist" in html
    assert "Intervisiemethode" not in html


def test_library_ignores_a_bad_day_filter_without_an_error(client, library_page):
    LibraryItemFactory(title="Privacychecklist")
    response = client.get(library_page.url, {"day": "niet-een-dag", "page": "abc"})
    assert response.status_code == 200
    assert "Privacychecklist" in response.content.decode()


def test_site_search_finds_pages_and_library_items_without_restricted_files(
    client, library_page, training_page, django_capture_on_commit_callbacks
):
    # The search index is updated by a task that runs when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        CourseDayPageFactory(parent=training_page, number=5, theme="Praktijkdag en intervisie")
        restricted = LibraryItemFactory(
            title="Intervisie volgens de incidentmethode", participants_only=True
        )

    response = client.get("/zoeken/", {"q": "intervisie"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "Dag 5" in html
    assert "Intervisie volgens de incidentmethode" in html
    assert restricted.document.url not in html


def test_site_search_without_words_shows_only_the_form(client, home_page):
    response = client.get("/zoeken/")
    assert response.status_code == 200
    assert _("No pages found.") not in response.content.decode()


@pytest.mark.parametrize("count", [2, 30])
def test_library_needs_the_same_number_of_queries_for_few_or_many_items(
    client, library_page, training_page, django_assert_max_num_queries, count
):
    day = CourseDayPageFactory(parent=training_page, number=1)
    for index in range(count):
        item = LibraryItemFactory(course_day=day, participants_only=index % 2 == 0)
        item.tags.add("privacy", "intervisie")

    with django_assert_max_num_queries(18):
        response = client.get(library_page.url)
    assert response.status_code == 200


def test_unknown_library_item_is_a_404(client, library_page):
    assert client.get(f"{library_page.url}999999/").status_code == 404
