"""Demo host visits: attached to every live cohort, idempotent, nothing without cohorts."""

from practice_day.demo import DEMO_HOSTS, create_demo_visits
from practice_day.models import HostVisit, PracticeDay, VisitSlot
from tests.factories import CohortPageFactory


def test_demo_visits_create_nothing_without_cohorts(db):
    assert create_demo_visits() == 0
    assert not HostVisit.objects.exists()


def test_demo_visits_go_to_every_live_cohort_once(db):
    first, second = CohortPageFactory(practice_day_in=30), CohortPageFactory(practice_day_in=30)
    draft = CohortPageFactory(practice_day_in=30, live=False)
    create_demo_visits()
    create_demo_visits()
    for cohort in (first, second):
        assert cohort.host_visits.count() == len(DEMO_HOSTS)
        assert PracticeDay.objects.filter(cohort=cohort).exists()
    assert not draft.host_visits.exists()
    slots_per_cohort = sum(len(host[-1]) for host in DEMO_HOSTS)
    assert VisitSlot.objects.count() == 2 * slots_per_cohort
