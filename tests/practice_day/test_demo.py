"""Demo host visits: attached to every live cohort, idempotent, nothing without cohorts;
near each cohort and within its own day-5 programme (issue 15)."""

import datetime

import pytest

from course.demo.content import COHORTS, COURSE_DAYS
from course.models.pages import PRACTICE_DAY_NUMBER
from practice_day.demo import VISIT_PROFILES, create_demo_visits
from practice_day.models import HostVisit, PracticeDay, VisitSlot
from tests.factories import CohortPageFactory

# Towns within easy reach of each demo cohort's place (an invented host stays invented,
# but the town is real, so a visitor could get there before the visit starts).
NEARBY = {
    "Zwolle": {"Zwolle", "Kampen", "Dalfsen", "Hattem", "Heino"},
    "Breda": {"Breda", "Oosterhout", "Etten-Leur", "Prinsenbeek", "Teteringen"},
}


def test_demo_visits_create_nothing_without_cohorts(db):
    assert create_demo_visits() == 0
    assert not HostVisit.objects.exists()


def test_demo_visits_go_to_every_live_cohort_once(db):
    first, second = CohortPageFactory(practice_day_in=30), CohortPageFactory(practice_day_in=30)
    draft = CohortPageFactory(practice_day_in=30, live=False)
    create_demo_visits()
    create_demo_visits()
    for cohort in (first, second):
        assert cohort.host_visits.count() == len(VISIT_PROFILES)
        assert PracticeDay.objects.filter(cohort=cohort).exists()
    assert not draft.host_visits.exists()
    slots_per_cohort = sum(len(profile[-1]) for profile in VISIT_PROFILES)
    assert VisitSlot.objects.count() == 2 * slots_per_cohort


@pytest.mark.parametrize("spec", COHORTS, ids=[spec["place"] for spec in COHORTS])
def test_each_demo_cohort_visits_hosts_near_its_own_place(db, spec):
    cohort = CohortPageFactory(practice_day_in=30, place=spec["place"], region=spec["region"])
    create_demo_visits()
    towns = {visit.address.rsplit(", ", 1)[-1] for visit in cohort.host_visits.all()}
    assert towns and towns <= NEARBY[spec["place"]], towns


def _visit_window():
    """From the demo's day-5 programme: when the visits may start and when lunch begins."""
    (day,) = [spec for spec in COURSE_DAYS if spec["number"] == PRACTICE_DAY_NUMBER]
    items = [(datetime.time.fromisoformat(time), activity) for time, activity in day["programme"]]
    index = next(i for i, (_t, activity) in enumerate(items) if "Bezoek" in activity)
    return items[index][0], items[index + 1][0]


def test_visit_times_fit_between_the_welcome_and_lunch_of_the_practice_day(db):
    starts, lunch = _visit_window()
    cohort = CohortPageFactory(practice_day_in=30, place="Zwolle")
    create_demo_visits()
    slots = VisitSlot.objects.filter(host_visit__cohort=cohort)
    assert slots.exists()
    for slot in slots:
        assert starts < slot.starts_at < slot.ends_at < lunch, (slot.starts_at, slot.ends_at)


def test_every_demo_host_visit_has_a_drawn_picture_with_a_description(db):
    cohort = CohortPageFactory(practice_day_in=30, place="Breda")
    create_demo_visits()
    for visit in cohort.host_visits.all():
        assert visit.image is not None
        assert visit.organisation in visit.image_alt
