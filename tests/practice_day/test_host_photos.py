"""Host-visit photos are responsive renditions (issue 15), in a flat number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    CohortPageFactory,
    HostVisitFactory,
    ImageFactory,
    VisitSlotFactory,
    enrol,
)

pytestmark = pytest.mark.django_db


def add_visit_with_photo(cohort):
    visit = HostVisitFactory(cohort=cohort, image=ImageFactory(), image_alt="Het schoolgebouw")
    VisitSlotFactory(host_visit=visit)
    return visit


def test_a_host_visit_photo_comes_with_a_srcset(client):
    cohort = CohortPageFactory(practice_day_in=30)
    add_visit_with_photo(cohort)
    client.force_login(enrol(cohort))
    html = client.get(reverse("visits:practice_day", args=[cohort.pk])).content.decode()
    assert 'class="host-visit__photo"' in html
    assert "srcset=" in html and "sizes=" in html
    assert 'alt="Het schoolgebouw"' in html


def test_more_host_visit_photos_cost_no_more_queries(client):
    cohort = CohortPageFactory(practice_day_in=30)
    add_visit_with_photo(cohort)
    client.force_login(enrol(cohort))
    url = reverse("visits:practice_day", args=[cohort.pk])
    client.get(url)  # renders the renditions once
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    first_count = len(one)
    for _index in range(4):
        add_visit_with_photo(cohort)
    client.get(url)
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    assert len(five) <= first_count


def test_a_photo_rendered_once_is_never_rendered_again(client, monkeypatch):
    """The visits are kept per person (issue 16); their photos' renditions are not, or a
    kept list without the renditions made since would make them again on every request."""
    from wagtail.images.models import AbstractImage

    cohort = CohortPageFactory(practice_day_in=30)
    add_visit_with_photo(cohort)
    client.force_login(enrol(cohort))
    url = reverse("visits:practice_day", args=[cohort.pk])
    client.get(url)  # makes the renditions (and keeps the visits)
    made = []
    original = AbstractImage.create_renditions

    def spy(image, *filters):
        made.append(filters)
        return original(image, *filters)

    monkeypatch.setattr(AbstractImage, "create_renditions", spy)
    client.get(url)
    client.get(url)
    assert not [filters for filters in made if filters]  # nothing to make
