"""The preference round: ranking, running the allocation, adjusting and publishing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_day.models import PracticeDay, ProposedAssignment, VisitBooking, VisitPreference
from practice_day.services import (
    adjust_assignment,
    book_slot,
    publish_allocation,
    run_allocation,
    save_preferences,
)
from tests.factories import (
    CohortPageFactory,
    HostVisitFactory,
    ParticipantFactory,
    SchoolFactory,
    VisitSlotFactory,
    enrol,
)
from website.errors import ActionRefused


@pytest.fixture
def cohort(db):
    return CohortPageFactory(practice_day_in=30)


@pytest.fixture
def practice_day(cohort):
    return PracticeDay.objects.create(
        cohort=cohort,
        mode=PracticeDay.Mode.PREFERENCES,
        preference_deadline=timezone.now() + datetime.timedelta(days=3),
    )


@pytest.fixture
def slots(cohort):
    return [
        VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort), capacity=1) for _ in range(3)
    ]


def error_code(func, *args, **kwargs):
    with pytest.raises(ActionRefused) as exc:
        func(*args, **kwargs)
    return exc.value.code


def test_ranking_is_closed_after_the_deadline(practice_day, slots):
    person = enrol(practice_day.cohort)
    later = timezone.now() + datetime.timedelta(days=4)
    assert error_code(save_preferences, person, practice_day, [slots[0].pk], at=later) == "closed"


def test_ranking_refuses_a_visit_to_ones_own_school(cohort, practice_day):
    school = SchoolFactory()
    own = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort, school=school))
    person = enrol(cohort, ParticipantFactory(school=school))
    assert error_code(save_preferences, person, practice_day, [own.pk]) == "own_school"
    assert not VisitPreference.objects.exists()


def test_ranking_refuses_a_visit_of_another_cohort(practice_day):
    other = VisitSlotFactory()
    person = enrol(practice_day.cohort)
    assert error_code(save_preferences, person, practice_day, [other.pk]) == "invalid"


def test_only_participants_of_the_cohort_may_rank(practice_day, slots):
    outsider = enrol(CohortPageFactory(practice_day_in=30))
    assert error_code(save_preferences, outsider, practice_day, [slots[0].pk]) == "not_participant"


def test_the_allocation_gives_everyone_a_first_choice_where_possible(practice_day, slots):
    cohort = practice_day.cohort
    a, b = enrol(cohort), enrol(cohort)
    save_preferences(a, practice_day, [slots[0].pk, slots[1].pk])
    save_preferences(b, practice_day, [slots[0].pk])
    result = run_allocation(practice_day)
    assert result.assignments == {a.pk: slots[1].pk, b.pk: slots[0].pk}
    assert ProposedAssignment.objects.get(participant=b).rank == 1


def test_participants_without_choices_are_proposed_without_a_visit(practice_day, slots):
    idle = enrol(practice_day.cohort)
    run_allocation(practice_day)
    assert ProposedAssignment.objects.get(participant=idle).slot is None


def test_the_coordinator_cannot_overfill_a_slot_when_adjusting(practice_day, slots):
    cohort = practice_day.cohort
    a, b = enrol(cohort), enrol(cohort)
    save_preferences(a, practice_day, [slots[0].pk])
    save_preferences(b, practice_day, [slots[1].pk])
    run_allocation(practice_day)
    proposal = ProposedAssignment.objects.get(participant=b)
    assert error_code(adjust_assignment, proposal, slots[0]) == "full"
    adjust_assignment(proposal, slots[2])
    proposal.refresh_from_db()
    assert proposal.slot == slots[2]
    assert proposal.adjusted and proposal.rank is None


def test_the_coordinator_cannot_place_someone_at_their_own_school(cohort, practice_day):
    school = SchoolFactory()
    own = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort, school=school))
    person = enrol(cohort, ParticipantFactory(school=school))
    run_allocation(practice_day)
    proposal = ProposedAssignment.objects.get(participant=person)
    assert error_code(adjust_assignment, proposal, own) == "own_school"


def test_publishing_books_the_visits_and_emails_everyone_once(
    practice_day, slots, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = practice_day.cohort
    a, b, c = enrol(cohort), enrol(cohort), enrol(cohort)
    save_preferences(a, practice_day, [slots[0].pk])
    save_preferences(b, practice_day, [slots[0].pk])
    save_preferences(c, practice_day, [slots[2].pk])
    run_allocation(practice_day)
    with django_capture_on_commit_callbacks(execute=True):
        publish_allocation(practice_day)
    assert VisitBooking.objects.active().count() == 2
    assert VisitBooking.objects.filter(source=VisitBooking.Source.ALLOCATION).count() == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([a.email, b.email, c.email])
    practice_day.refresh_from_db()
    assert practice_day.results_published
    assert error_code(publish_allocation, practice_day) == "published"
    assert error_code(run_allocation, practice_day) == "published"


def test_after_publishing_participants_book_remaining_places(practice_day, slots):
    cohort = practice_day.cohort
    run_allocation(practice_day)
    publish_allocation(practice_day)
    book_slot(enrol(cohort), slots[1])


def test_places_booked_before_the_allocation_count_against_capacity(practice_day, slots):
    cohort = practice_day.cohort
    practice_day.mode = PracticeDay.Mode.FIRST_COME
    practice_day.save()
    book_slot(enrol(cohort), slots[0])
    practice_day.mode = PracticeDay.Mode.PREFERENCES
    practice_day.save()
    late = enrol(cohort)
    save_preferences(late, practice_day, [slots[0].pk])
    assert run_allocation(practice_day).unassigned == [late.pk]
    assert ProposedAssignment.objects.get(participant=late).slot is None


# --- Admin ------------------------------------------------------------------------------


def test_a_coordinator_runs_adjusts_and_publishes_in_the_admin(
    client, coordinator, practice_day, slots
):
    cohort = practice_day.cohort
    a = enrol(cohort)
    save_preferences(a, practice_day, [slots[0].pk])
    client.force_login(coordinator)
    base = "practice_day_admin:"
    assert client.get(reverse(base + "index")).status_code == 200
    # The deadline is still open: the coordinator confirms running it early (issue 15).
    client.post(reverse(base + "run", args=[cohort.pk]), {"before_deadline": "yes"})
    proposal = ProposedAssignment.objects.get(participant=a)
    assert proposal.slot == slots[0]
    response = client.get(reverse(base + "overview", args=[cohort.pk]))
    assert response.status_code == 200
    client.post(reverse(base + "adjust", args=[cohort.pk, proposal.pk]), {"slot": slots[1].pk})
    proposal.refresh_from_db()
    assert proposal.slot == slots[1]
    client.post(reverse(base + "adjust", args=[cohort.pk, proposal.pk]), {"slot": "x"})
    client.post(reverse(base + "publish", args=[cohort.pk]))
    assert VisitBooking.objects.active().get().slot == slots[1]


def test_a_coordinator_renews_a_host_link_in_the_admin(client, coordinator, slots):
    host_visit = slots[0].host_visit
    old = host_visit.access_token
    client.force_login(coordinator)
    url = reverse("practice_day_admin:regenerate_link", args=[host_visit.cohort_id, host_visit.pk])
    client.post(url)
    host_visit.refresh_from_db()
    assert host_visit.access_token != old
    assert client.get(reverse("visits:host_visitors", args=[old])).status_code == 404


def test_a_coordinator_can_add_host_visits_in_the_admin(client, coordinator, cohort):
    client.force_login(coordinator)
    assert client.get(reverse("wagtailsnippets_practice_day_hostvisit:add")).status_code == 200
    assert client.get(reverse("wagtailsnippets_practice_day_practiceday:list")).status_code == 200


def test_a_trainer_cannot_run_the_allocation(client, trainer, practice_day):
    client.force_login(trainer)
    response = client.post(reverse("practice_day_admin:run", args=[practice_day.cohort_id]))
    assert response.status_code in (302, 403)
    assert not ProposedAssignment.objects.exists()
    response = client.get(reverse("practice_day_admin:overview", args=[practice_day.cohort_id]))
    assert response.status_code in (302, 403)


def test_a_coordinator_creates_a_host_visit_with_slots_in_the_admin(client, coordinator, cohort):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    client.force_login(coordinator)
    data = nested_form_data(
        {
            "cohort": cohort.pk,
            "organisation": "Kindcentrum Het Anker",
            "host_type": "school",
            "address": "Kerkplein 2, Zeist",
            "theme": "Samen met ouders",
            "description": "",
            "contact_name": "Iris Kok",
            "contact_email": "",
            "contact_phone": "",
            "image_alt": "",
            "slots": inline_formset(
                [
                    {"starts_at": "09:30", "ends_at": "11:00", "capacity": 4},
                    {"starts_at": "11:30", "ends_at": "13:00", "capacity": 2},
                ]
            ),
        }
    )
    response = client.post(reverse("wagtailsnippets_practice_day_hostvisit:add"), data)
    assert response.status_code == 302
    host_visit = cohort.host_visits.get()
    assert sorted(host_visit.slots.values_list("capacity", flat=True)) == [2, 4]
    assert len(host_visit.access_token) >= 40


def test_the_allocation_overview_keeps_a_flat_query_count(
    client, coordinator, practice_day, django_assert_max_num_queries
):
    cohort = practice_day.cohort
    client.force_login(coordinator)
    url = reverse("practice_day_admin:overview", args=[cohort.pk])

    def add_people(n):
        for _i in range(n):
            slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort), capacity=2)
            save_preferences(enrol(cohort), practice_day, [slot.pk])
        run_allocation(practice_day)

    add_people(2)
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    small_count = len(small.captured_queries)  # the next request empties the query log
    add_people(8)
    client.get(url)  # the new data bumped the content version: kept permissions rebuilt once
    with django_assert_max_num_queries(small_count):
        client.get(url)


def test_form_model_service_and_allocation_agree_on_the_number_of_ranked_visits(
    practice_day, cohort
):
    from practice_day.allocation import MAX_PREFERENCES, Participant, Slot, allocate
    from practice_day.forms import RANK_LABELS, PreferenceForm

    many = [VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort)) for _ in range(4)]
    form = PreferenceForm(slots=many)
    assert len(form.fields) == len(RANK_LABELS) == MAX_PREFERENCES
    rank_field = VisitPreference._meta.get_field("rank")
    assert max(v.limit_value for v in rank_field.validators) == MAX_PREFERENCES
    with pytest.raises(ActionRefused):
        save_preferences(enrol(cohort), practice_day, [s.pk for s in many])
    # A choice beyond the last rank is ignored by the allocation.
    result = allocate([Participant(1, (1, 2, 3, 4))], [Slot(4, 1)])
    assert result.unassigned == [1]
