import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

import course.models as course_models
from course.models import LibraryItem
from tests.factories import ImageFactory, TestimonialFactory

pytestmark = pytest.mark.django_db


def test_a_testimonial_photo_without_alt_text_is_refused():
    testimonial = TestimonialFactory.build(photo=ImageFactory(), photo_alt="   ")
    with pytest.raises(ValidationError) as exc:
        testimonial.full_clean()
    assert "photo_alt" in exc.value.message_dict


def test_a_testimonial_without_photo_needs_no_alt_text():
    testimonial = TestimonialFactory.build(photo=None, photo_alt="")
    testimonial.full_clean()


def test_coordinator_gets_a_clear_message_when_the_alt_text_is_missing(client, coordinator):
    client.force_login(coordinator)
    photo = ImageFactory()
    response = client.post(
        reverse("wagtailsnippets_course_testimonial:add"),
        {
            "name": "Marloes de Wit",
            "function": "ib'er",
            "school": "Kindcentrum De Boomgaard",
            "photo": photo.pk,
            "photo_alt": "",
            "why_this_training": "Omdat mijn rol verandert.",
            "sort_order": 0,
        },
    )
    assert response.status_code == 200
    assert _("Give the photo an alternative text, so everyone knows what it shows.") in (
        response.content.decode()
    )
    assert not course_models.Testimonial.objects.exists()


def test_coordinator_may_add_a_testimonial_in_the_admin(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("wagtailsnippets_course_testimonial:add"),
        {
            "name": "Marloes de Wit",
            "photo_alt": "",
            "why_this_training": "Omdat mijn rol verandert.",
            "sort_order": 0,
        },
    )
    assert response.status_code == 302
    assert course_models.Testimonial.objects.filter(name="Marloes de Wit").exists()


def test_coordinator_role_may_maintain_testimonials_and_the_library(coordinator):
    for codename in ("add", "change", "delete"):
        assert coordinator.has_perm(f"course.{codename}_testimonial")
        assert coordinator.has_perm(f"course.{codename}_libraryitem")


def test_trainer_and_participant_may_not_edit_the_library(client, trainer, participant):
    for user in (trainer, participant):
        assert not user.has_perm("course.add_libraryitem")
        client.force_login(user)
        response = client.get(reverse("wagtailsnippets_course_libraryitem:add"))
        assert response.status_code in (302, 403)


def test_a_library_item_needs_a_document_link_or_text():
    item = LibraryItem(title="Leeg", summary="Niets")
    with pytest.raises(ValidationError):
        item.full_clean()
