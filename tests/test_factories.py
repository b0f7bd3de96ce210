"""The shared factories build pages where the page tree allows them."""

import pytest
from wagtail.models import Site

from course.models import TrainingPage
from course.models.pages import PRACTICE_DAY_NUMBER
from tests.factories import CohortPageFactory, HostVisitFactory
from website.models import HomePage

pytestmark = pytest.mark.django_db


def test_a_cohort_sits_under_the_training_page_under_the_sites_home_page():
    cohort = CohortPageFactory()

    training = cohort.get_parent().specific
    home = training.get_parent().specific
    assert isinstance(training, TrainingPage)
    assert isinstance(home, HomePage)
    assert Site.objects.get().root_page_id == home.pk
    assert TrainingPage in HomePage.allowed_subpage_models()


def test_a_host_visit_belongs_to_a_cohort_with_a_practice_day():
    cohort = HostVisitFactory().cohort

    assert cohort.days.get().number == PRACTICE_DAY_NUMBER
