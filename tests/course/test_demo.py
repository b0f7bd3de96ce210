import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

import course.models as course_models
from course.models import (
    CohortDay,
    CohortPage,
    CourseDayPage,
    LibraryItem,
    TrainingPage,
)

pytestmark = pytest.mark.django_db


def course_state():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "live")),
        "days": sorted(
            CohortDay.objects.values_list("pk", "cohort__slug", "number", "date", "venue_name")
        ),
        "trainers": sorted(CohortPage.objects.values_list("slug", "trainers__email")),
        "testimonials": sorted(
            course_models.Testimonial.objects.values_list("name", "photo_id", "photo_alt")
        ),
        "library": sorted(
            LibraryItem.objects.values_list(
                "title", "document_id", "participants_only", "course_day_id"
            )
        ),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "certificates": sorted(
            course_models.Certificate.objects.values_list("participant__email", "code")
        ),
    }


def test_seed_demo_builds_the_course_and_a_second_run_changes_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = course_state()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert course_state() == first
    assert TrainingPage.objects.live().count() == 1
    assert sorted(CourseDayPage.objects.values_list("number", flat=True)) == list(range(1, 8))
    # Zwolle and Breda are open; two Deventer cohorts are finished: one with the demo
    # certificate, one whose plans are being graded (assignments/demo_grading.py).
    assert CohortPage.objects.live().count() == 4
    assert {c.place for c in CohortPage.objects.all()} == {"Zwolle", "Breda", "Deventer"}
    assert all(c.days.count() == 7 for c in CohortPage.objects.all())
    assert all(
        c.trainers.filter(email="trainer@example.nl").exists() for c in CohortPage.objects.all()
    )
    assert (
        course_models.Testimonial.objects.filter(photo__isnull=False).exclude(photo_alt="").count()
        == 3
    )
    assert LibraryItem.objects.filter(participants_only=True).exists()
    assert LibraryItem.objects.filter(participants_only=False).exists()
    (certificate,) = course_models.Certificate.objects.valid()
    assert certificate.participant.email == "oud-deelnemer@example.nl"
    assert certificate.cohort.place == "Deventer"


def test_seeded_training_page_shows_days_cohorts_and_testimonials(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    training = TrainingPage.objects.get()

    html = client.get(training.url).content.decode()

    assert "Groep Zwolle 2027" in html
    assert "Groep Breda 2027" in html
    assert "Praktijkdag" in html
    assert "Getekend portret van" in html
