import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from course.models import (
    CohortPage,
    CourseDayPage,
    LibraryPage,
    Registration,
    TrainingPage,
)
from tests.factories import (
    CohortPageFactory,
    CourseDayPageFactory,
    LibraryItemFactory,
    RegistrationFactory,
    TestimonialFactory,
    TrainerFactory,
    TrainingPageFactory,
    site_home_page,
)
from website.models import HomePage, InformationPage


class TestPageTreeRules(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = site_home_page()
        cls.training = TrainingPageFactory(parent=cls.home)

    def test_home_page_only_allows_the_training_page_below_it(self):
        # ... and information pages such as the terms (website.InformationPage).
        self.assertAllowedSubpageTypes(HomePage, {TrainingPage, InformationPage})

    def test_training_page_holds_days_cohorts_and_the_library(self):
        self.assertAllowedSubpageTypes(TrainingPage, {CourseDayPage, CohortPage, LibraryPage})

    def test_days_cohorts_and_library_have_no_children(self):
        for model in (CourseDayPage, CohortPage, LibraryPage):
            self.assertAllowedSubpageTypes(model, set())

    def test_days_and_cohorts_live_only_under_the_training_page(self):
        for model in (CourseDayPage, CohortPage, LibraryPage):
            self.assertCanCreateAt(TrainingPage, model)
            self.assertCanNotCreateAt(HomePage, model)

    def test_training_page_lives_only_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, TrainingPage)
        self.assertCanNotCreateAt(Page, TrainingPage)

    def test_a_course_day_with_goals_programme_and_body_can_be_created(self):
        self.login()
        self.assertCanCreate(
            self.training,
            CourseDayPage,
            nested_form_data(
                {
                    "title": "Dag 3",
                    "slug": "dag-3",
                    "number": 3,
                    "theme": "De rol van de leraar",
                    "intro": "Hulpvragen op groepsniveau.",
                    "learning_goals": streamfield([("goal", "U voert een coachend gesprek.")]),
                    "programme": streamfield(
                        [("item", {"time": "09:30", "activity": "Ontvangst"})]
                    ),
                    "preparation": rich_text("<p>Kies een groep.</p>"),
                    "materials": streamfield([]),
                    "body": streamfield(
                        [
                            ("heading", "Waarom?"),
                            ("paragraph", rich_text("<p>Omdat het werkt.</p>")),
                            (
                                "faq",
                                {"question": "Kost het tijd?", "answer": rich_text("<p>Ja.</p>")},
                            ),
                        ]
                    ),
                    "comments": inline_formset([]),
                }
            ),
        )


def cohort_form_data(trainer, first_date):
    today = timezone.localdate()
    data = nested_form_data(
        {
            "title": "Groep Breda",
            "slug": "groep-breda",
            "region": "Brabant",
            "place": "Breda",
            "days": inline_formset(
                [
                    {
                        "number": number,
                        "date": (first_date + datetime.timedelta(weeks=number - 1)).isoformat(),
                        "starts_at": "09:30",
                        "ends_at": "16:00",
                        "venue_name": f"Zalencentrum De Singel {number}",
                        "venue_address": "Singel 1, Breda",
                        "ORDER": number,
                    }
                    for number in range(1, 8)
                ],
                min=7,
                max=7,
            ),
            "capacity": 18,
            "price": "2495.00",
            "registration_opens": (today - datetime.timedelta(days=1)).isoformat(),
            "registration_closes": (today + datetime.timedelta(days=30)).isoformat(),
            "free_cancellation_until": "",
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    data["trainers"] = [trainer.pk]  # nested_form_data would split a list into trainers-0
    return data


def test_coordinator_creates_a_cohort_with_seven_dates_that_shows_on_the_training_page(
    client, coordinator, training_page
):
    trainer = TrainerFactory(full_name="Joost Trainer")
    first_date = timezone.localdate() + datetime.timedelta(days=70)
    client.force_login(coordinator)
    url = reverse("wagtailadmin_pages:add", args=("course", "cohortpage", training_page.pk))

    response = client.post(url, cohort_form_data(trainer, first_date))

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    cohort = CohortPage.objects.get(slug="groep-breda")
    assert cohort.live
    assert cohort.days.count() == 7
    assert list(cohort.trainers.all()) == [trainer]
    html = client.get(training_page.url).content.decode()
    assert "Groep Breda" in html
    for number in range(7):
        date = first_date + datetime.timedelta(weeks=number)
        assert f'datetime="{date.isoformat()}"' in html


def test_a_cohort_with_six_dates_is_refused_by_the_admin(client, coordinator, training_page):
    trainer = TrainerFactory()
    client.force_login(coordinator)
    data = cohort_form_data(trainer, timezone.localdate() + datetime.timedelta(days=70))
    data["days-TOTAL_FORMS"] = "6"
    url = reverse("wagtailadmin_pages:add", args=("course", "cohortpage", training_page.pk))

    response = client.post(url, data)

    assert response.status_code == 200
    assert not CohortPage.objects.filter(slug="groep-breda").exists()


def test_training_page_lists_the_days_in_order_with_links(client, training_page):
    days = [CourseDayPageFactory(parent=training_page, number=n) for n in (3, 1, 2)]
    html = client.get(training_page.url).content.decode()
    positions = [html.index(f"Thema van dag {n}") for n in (1, 2, 3)]
    assert positions == sorted(positions)
    for day in days:
        assert f'href="{day.url}"' in html


def test_training_page_shows_open_cohorts_with_places_left_but_not_closed_ones(
    client, training_page
):
    zwolle = CohortPageFactory(parent=training_page, title="Groep Zwolle", capacity=5)
    RegistrationFactory(cohort=zwolle)
    RegistrationFactory(cohort=zwolle, status=Registration.Status.WAITING_LIST)
    CohortPageFactory(
        parent=training_page,
        title="Groep Vorig Jaar",
        registration_opens=timezone.localdate() - datetime.timedelta(days=100),
        registration_closes=timezone.localdate() - datetime.timedelta(days=1),
    )
    html = client.get(training_page.url).content.decode()
    assert "Groep Zwolle" in html
    assert "€\u00a02.495,00" in html
    assert ngettext("%(counter)s place left", "%(counter)s places left", 4) % {"counter": 4} in html
    assert "Groep Vorig Jaar" not in html


def test_training_page_shows_testimonials_with_their_alt_text_and_a_2x_rendition(
    client, training_page
):
    TestimonialFactory(name="Marloes de Wit", photo_alt="Marloes lacht in de klas")
    html = client.get(training_page.url).content.decode()
    assert _("Participants in their own words") in html
    assert "Marloes de Wit" in html
    assert 'alt="Marloes lacht in de klas"' in html
    assert "fill-160x160" in html
    assert "fill-320x320" in html


def test_cohort_page_shows_dates_times_venues_trainers_price_and_places_left(client, training_page):
    trainer = TrainerFactory(full_name="Joost Hermans")
    first_date = datetime.date(2027, 1, 14)
    cohort = CohortPageFactory(
        parent=training_page, capacity=3, price=Decimal("2495"), days__first_date=first_date
    )
    cohort.trainers.add(trainer)
    cohort.save()
    RegistrationFactory(cohort=cohort)
    RegistrationFactory(cohort=cohort, status=Registration.Status.AWAITING_CONFIRMATION)

    html = client.get(cohort.url).content.decode()

    assert "€\u00a02.495,00" in html
    assert "Joost Hermans" in html
    assert "do 14 jan. 2027" in html
    assert "09:30–16:00" in html
    assert "Vergadercentrum De Schakel" in html
    # The registration awaiting email confirmation holds a place too.
    assert ngettext("%(counter)s place left", "%(counter)s places left", 1) % {"counter": 1} in html
    assert _("Closed") not in html


def test_cohort_page_says_when_registration_has_closed(client, training_page):
    cohort = CohortPageFactory(
        parent=training_page,
        registration_opens=timezone.localdate() - datetime.timedelta(days=30),
        registration_closes=timezone.localdate() - datetime.timedelta(days=1),
    )
    html = client.get(cohort.url).content.decode()
    assert _("Closed") in html


def test_sitemap_lists_the_training_days_cohorts_and_library(client, library_page):
    training_page = library_page.get_parent().specific
    day = CourseDayPageFactory(parent=training_page, number=1)
    cohort = CohortPageFactory(parent=training_page)
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    for page in (training_page, day, cohort, library_page):
        assert page.full_url in xml


def make_training_content(training_page, count):
    for number in range(1, 8):
        CourseDayPageFactory(parent=training_page, number=number)
    for _index in range(count):
        cohort = CohortPageFactory(parent=training_page)
        RegistrationFactory(cohort=cohort)
        TestimonialFactory()


@pytest.mark.parametrize("count", [1, 8])
def test_training_page_needs_the_same_number_of_queries_for_few_or_many_cohorts(
    client, training_page, django_assert_max_num_queries, count
):
    make_training_content(training_page, count)
    client.get(training_page.url)  # generate the renditions once

    with django_assert_max_num_queries(14):
        response = client.get(training_page.url)
    assert response.status_code == 200


def test_course_day_page_shows_goals_programme_preparation_and_its_library_items(
    client, library_page, training_page
):
    day = CourseDayPageFactory(
        parent=training_page,
        number=5,
        theme="Praktijkdag",
        learning_goals=[("goal", "U brengt een eigen casus in.")],
        programme=[("item", {"time": "09:00", "activity": "Bezoek aan de gastschool"})],
        preparation="<p>Bereid een casus voor zonder namen.</p>",
    )
    LibraryItemFactory(title="Incidentmethode", course_day=day, participants_only=True)

    html = client.get(day.url).content.decode()

    assert _("Day %(number)s of 7") % {"number": 5} in html
    assert "U brengt een eigen casus in." in html
    assert "Bezoek aan de gastschool" in html
    assert "Bereid een casus voor zonder namen." in html
    assert "Incidentmethode" in html
    assert _("For participants") in html


def test_header_links_to_the_site_search(client, home_page):
    html = client.get("/").content.decode()
    assert 'href="/zoeken/"' in html
