"""Which cohorts the public sees, and how many places they have left.

Regression tests for issue 11: "places left" on the training and cohort pages counted only
confirmed registrations while registration counts every place-holding status, and closed
(in-company) cohorts showed up on public pages, in the sitemap, in search and on other
people's "Mijn opleiding".
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from course.models import CohortPage, Registration
from tests.factories import CohortPageFactory, ParticipantFactory, RegistrationFactory

FULL = _("This group is full; you can join the waiting list.")


def places_left_text(count):
    return ngettext("%(counter)s place left", "%(counter)s places left", count) % {"counter": count}


@pytest.fixture
def offered_cohort(training_page):
    """Capacity 1, its only place offered to the first person on the waiting list."""
    cohort = CohortPageFactory(
        parent=training_page, title="Groep Deventer", slug="deventer", capacity=1
    )
    RegistrationFactory(
        cohort=cohort,
        status=Registration.Status.OFFERED,
        offer_expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    return cohort


@pytest.fixture
def closed_cohort(training_page, django_capture_on_commit_callbacks):
    # The search index is updated by a task that runs when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        return CohortPageFactory(
            parent=training_page,
            title="Incompany Stichting Klaverblad",
            slug="incompany-klaverblad",
            capacity=14,
            is_closed=True,
            invitation_code="KLAVER2027",
        )


# --- Places left: every place-holding status, everywhere --------------------------------


def test_an_open_offer_takes_the_last_place_on_the_training_page(client, offered_cohort):
    html = client.get(offered_cohort.get_parent().url).content.decode()
    assert "Groep Deventer" in html
    assert FULL in html
    assert places_left_text(1) not in html


def test_an_open_offer_takes_the_last_place_on_the_cohort_page(client, offered_cohort):
    html = client.get(offered_cohort.url).content.decode()
    assert FULL in html
    assert places_left_text(1) not in html
    assert _("Join the waiting list") in html


def test_the_cohort_page_and_registration_agree_that_the_cohort_is_full(
    client, participant, offered_cohort
):
    client.force_login(participant)
    response = client.get(reverse("registration:register", args=[offered_cohort.pk]))
    assert response.context["is_full"]
    assert client.get(offered_cohort.url).context["places_left"] == 0


def test_places_left_counts_confirmed_pending_and_offered_but_not_waiting_or_cancelled(
    training_page,
):
    cohort = CohortPageFactory(parent=training_page, capacity=10)
    for status in Registration.Status:
        RegistrationFactory(cohort=cohort, status=status)
    annotated = CohortPage.objects.with_places_left().get(pk=cohort.pk)
    # Confirmed, awaiting confirmation, offered and awaiting a coordinator's decision hold a
    # place; the waiting list and cancelled do not.
    assert set(Registration.PLACE_HOLDING_STATUSES) == set(Registration.Status) - {
        Registration.Status.WAITING_LIST,
        Registration.Status.CANCELLED,
    }
    assert annotated.places_left == 10 - len(Registration.PLACE_HOLDING_STATUSES) == 6
    assert CohortPage.objects.get(pk=cohort.pk).places_left == 6


def test_places_left_is_never_below_zero(training_page):
    cohort = CohortPageFactory(parent=training_page, capacity=1)
    RegistrationFactory.create_batch(2, cohort=cohort)
    assert CohortPage.objects.with_places_left().get(pk=cohort.pk).places_left == 0


# --- Closed (in-company) cohorts appear nowhere public -----------------------------------


def test_a_closed_cohort_is_not_on_the_training_page(client, closed_cohort):
    html = client.get(closed_cohort.get_parent().url).content.decode()
    assert "Klaverblad" not in html
    assert "€\u00a00,00" not in html


def test_a_closed_cohort_page_is_not_found_without_the_invitation_code(client, closed_cohort):
    assert client.get(closed_cohort.url).status_code == 404
    assert client.get(closed_cohort.url, {"code": "GUESS"}).status_code == 404


def test_a_closed_cohort_page_with_the_code_shows_dates_but_no_price_or_places(
    client, closed_cohort
):
    response = client.get(closed_cohort.url, {"code": "KLAVER2027"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Klaverblad" in html
    assert "€" not in html
    assert _("Places left") not in html
    assert reverse("registration:register", args=[closed_cohort.pk]) + "?code=KLAVER2027" in html


def test_a_closed_cohort_page_is_shown_to_its_participants_and_trainers(
    client, closed_cohort, trainer
):
    participant = RegistrationFactory(cohort=closed_cohort).participant
    closed_cohort.trainers.add(trainer)
    closed_cohort.save()
    for person in (participant, trainer):
        client.force_login(person)
        assert client.get(closed_cohort.url).status_code == 200


def test_a_closed_cohort_page_is_not_found_for_another_participant(client, closed_cohort):
    client.force_login(ParticipantFactory())
    assert client.get(closed_cohort.url).status_code == 404


def test_a_closed_cohort_is_not_in_the_sitemap(client, closed_cohort, offered_cohort):
    xml = client.get("/sitemap.xml").content.decode()
    assert offered_cohort.full_url in xml
    assert closed_cohort.full_url not in xml


def test_a_closed_cohort_is_not_in_the_search_results(client, closed_cohort):
    html = client.get("/zoeken/", {"q": "Klaverblad"}).content.decode()
    assert "Klaverblad" not in html.split("<h1", 1)[1].split("</form>", 1)[1]


def test_a_closed_cohort_is_not_offered_on_another_participants_dashboard(
    client, closed_cohort, offered_cohort
):
    client.force_login(ParticipantFactory())
    html = client.get(reverse("course:dashboard")).content.decode()
    assert "Groep Deventer" in html
    assert "Klaverblad" not in html


def test_a_closed_cohort_is_not_in_the_registration_cohort_list(
    client, closed_cohort, offered_cohort
):
    html = client.get(reverse("registration:cohorts")).content.decode()
    assert "Groep Deventer" in html
    assert "Klaverblad" not in html


def test_open_for_registration_leaves_out_closed_unpublished_and_past_cohorts(
    training_page, closed_cohort, offered_cohort
):
    today = timezone.localdate()
    CohortPageFactory(parent=training_page, slug="draft", live=False)
    CohortPageFactory(
        parent=training_page,
        slug="past",
        registration_opens=today - datetime.timedelta(days=60),
        registration_closes=today - datetime.timedelta(days=1),
    )
    soon = CohortPageFactory(
        parent=training_page,
        slug="soon",
        registration_opens=today + datetime.timedelta(days=5),
        registration_closes=today + datetime.timedelta(days=40),
    )
    assert list(CohortPage.objects.open_for_registration()) == [offered_cohort, soon]


def test_a_closed_cohorts_calendar_feed_needs_the_invitation_code(client, closed_cohort):
    url = reverse("feeds:cohort", args=[closed_cohort.pk])
    assert client.get(url).status_code == 404
    assert client.get(url, {"code": "KLAVER2027"}).status_code == 200
    page = client.get(closed_cohort.url, {"code": "KLAVER2027"}).content.decode()
    assert f"{url}?code=KLAVER2027" in page
