"""The presentation day (issue 14): the schedule and its manual changes, the participant's
slot on "Mijn opleiding" and in the calendar, guests with their private link and feedback,
and the guests in the participant's own data."""

import datetime
import re

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import (
    GuestAccess,
    GuestFeedback,
    Plan,
    PresentationGuest,
    PresentationSlot,
    Review,
)
from assignments.services import presentation as service
from assignments.wagtail_hooks import presentation_events
from course.models import CohortDay
from tests.factories import (
    CoordinatorFactory,
    ParticipantFactory,
)
from website.errors import ActionRefused
from website.personal_data import erase_personal_data, export_personal_data

from .conftest import PresentationCohort


@pytest.fixture
def pday(db):
    return PresentationCohort()


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory()


def invite(pday, person=None, n=1, **fields):
    person = person or pday.people[0]
    values = {"name": f"Dirk Directeur {n}", "email": f"dirk{n}@example.nl", "role": "director"}
    return service.invite_guest(person, pday.cohort, **(values | fields))


# --- The schedule ------------------------------------------------------------------------


def test_generating_gives_every_participant_one_slot_over_the_rooms_without_overlap(
    pday, coordinator
):
    service.generate_schedule(pday.cohort, by=coordinator)
    slots = list(PresentationSlot.objects.filter(day=pday.day).order_by("starts_at", "room"))
    assert sorted(s.participant_id for s in slots) == sorted(p.pk for p in pday.people)
    # Two rooms side by side: 10:00 and 10:20 (15 minutes plus 5 changeover), twice.
    assert [timezone.localtime(s.starts_at).time() for s in slots] == [
        datetime.time(10, 0),
        datetime.time(10, 0),
        datetime.time(10, 20),
        datetime.time(10, 20),
    ]
    assert {s.trainer_id for s in slots} == {t.pk for t in pday.trainers}
    assert (
        service.scheduling.find_conflicts(
            [service.as_slot(s) for s in slots],
            day_starts=pday.at(10),
            day_ends=pday.at(16),
            changeover=datetime.timedelta(minutes=5),
        )
        == []
    )


def test_generating_refuses_when_the_day_is_too_short(pday, coordinator):
    pday.day.ends_at = datetime.time(10, 30)
    pday.day.save()
    with pytest.raises(ActionRefused) as refused:
        service.generate_schedule(pday.cohort, by=coordinator)
    assert refused.value.code == "does_not_fit"
    assert not PresentationSlot.objects.exists()


def test_generating_without_rooms_says_to_add_one(pday, coordinator):
    pday.day.rooms.all().delete()
    with pytest.raises(ActionRefused) as refused:
        service.generate_schedule(pday.cohort, by=coordinator)
    assert refused.value.code == "no_rooms"


def test_a_coordinator_generates_and_moves_a_slot_on_the_schedule_page(client, pday, coordinator):
    client.force_login(coordinator)
    client.post(reverse("assignments:generate_schedule", args=[pday.cohort.pk]))
    slot = PresentationSlot.objects.get(participant=pday.people[0])
    response = client.post(
        reverse("assignments:change_slot", args=[pday.cohort.pk, slot.pk]),
        {
            f"slot{slot.pk}-room": pday.rooms[0].pk,
            f"slot{slot.pk}-start": "11:00",
            f"slot{slot.pk}-trainer": pday.trainers[0].pk,
        },
        follow=True,
    )
    slot.refresh_from_db()
    assert timezone.localtime(slot.starts_at).time() == datetime.time(11, 0)
    assert timezone.localtime(slot.ends_at).time() == datetime.time(11, 15)
    assert (
        _("The presentation of %(name)s is moved.") % {"name": pday.people[0].full_name}
        in response.content.decode()
    )


def settings_post(pday, delete=()):
    """The settings form as the schedule page sends it, deleting the rooms in ``delete``."""
    data = {
        "day-starts_at": "10:00",
        "day-ends_at": "16:00",
        "day-slot_minutes": "15",
        "day-changeover_minutes": "5",
        "rooms-TOTAL_FORMS": str(len(pday.rooms)),
        "rooms-INITIAL_FORMS": str(len(pday.rooms)),
        "rooms-MIN_NUM_FORMS": "0",
        "rooms-MAX_NUM_FORMS": "1000",
    }
    for n, room in enumerate(pday.rooms):
        data |= {
            f"rooms-{n}-id": room.pk,
            f"rooms-{n}-day": pday.day.pk,
            f"rooms-{n}-name": room.name,
            f"rooms-{n}-trainer": room.trainer_id or "",
        }
        if room in delete:
            data[f"rooms-{n}-DELETE"] = "on"
    return data


def test_a_room_with_presentations_is_not_deleted_and_the_coordinator_is_told_why(
    client, pday, coordinator
):
    service.generate_schedule(pday.cohort, by=coordinator)
    booked = PresentationSlot.objects.filter(room=pday.rooms[0]).count()
    assert booked > 0
    client.force_login(coordinator)
    url = reverse("assignments:schedule_settings", args=[pday.cohort.pk])
    response = client.post(url, settings_post(pday, delete=[pday.rooms[0]]))
    assert response.status_code == 400
    assert (
        _(
            "%(room)s still has presentations. Move them to another room first, "
            "or generate the schedule again without this room."
        )
        % {"room": "Lokaal 1"}
        in response.content.decode()
    )
    assert PresentationSlot.objects.filter(room=pday.rooms[0]).count() == booked
    # Once its presentations are elsewhere, the room can go.
    PresentationSlot.objects.filter(room=pday.rooms[0]).delete()
    response = client.post(url, settings_post(pday, delete=[pday.rooms[0]]))
    assert response.status_code == 302
    assert list(pday.day.rooms.values_list("name", flat=True)) == ["Lokaal 2"]


def test_a_room_that_got_presentations_after_the_check_is_still_kept(
    client, pday, coordinator, monkeypatch
):
    """A schedule generated between the form's check and the save: the database refuses
    the delete (RESTRICT), nothing is saved and the coordinator is told."""
    from assignments.forms.presentation import BaseRoomFormSet

    monkeypatch.setattr(BaseRoomFormSet, "clean", lambda self: None)
    service.generate_schedule(pday.cohort, by=coordinator)
    client.force_login(coordinator)
    data = settings_post(pday, delete=[pday.rooms[0]]) | {"day-slot_minutes": "20"}
    response = client.post(
        reverse("assignments:schedule_settings", args=[pday.cohort.pk]), data, follow=True
    )
    assert (
        _("A room you deleted has presentations now. Nothing is saved; please try again.")
        in response.content.decode()
    )
    pday.day.refresh_from_db()
    assert pday.day.slot_minutes == 15 and pday.day.rooms.count() == 2
    assert PresentationSlot.objects.filter(day=pday.day).count() == len(pday.people)


def test_moving_a_slot_onto_a_taken_room_is_refused_in_dutch_and_nothing_changes(
    client, pday, coordinator
):
    service.generate_schedule(pday.cohort, by=coordinator)
    first, second = PresentationSlot.objects.filter(room=pday.rooms[0]).order_by("starts_at")
    taken_at = timezone.localtime(first.starts_at)
    client.force_login(coordinator)
    response = client.post(
        reverse("assignments:change_slot", args=[pday.cohort.pk, second.pk]),
        {
            f"slot{second.pk}-room": pday.rooms[0].pk,
            f"slot{second.pk}-start": (taken_at + datetime.timedelta(minutes=10)).strftime("%H:%M"),
            f"slot{second.pk}-trainer": "",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Het lokaal is op dat moment al bezet" in page
    before = second.starts_at
    second.refresh_from_db()
    assert second.starts_at == before


def test_moving_a_slot_to_a_trainer_who_listens_elsewhere_then_is_refused(pday, coordinator):
    service.generate_schedule(pday.cohort, by=coordinator)
    in_room_two = PresentationSlot.objects.filter(room=pday.rooms[1]).order_by("starts_at")[0]
    with pytest.raises(ActionRefused) as refused:
        service.change_slot(
            in_room_two,
            room=pday.rooms[1],
            starts_at=in_room_two.starts_at,
            trainer=pday.trainers[0],  # listens in room 1 at the same time
            by=coordinator,
        )
    assert refused.value.code == "conflict"
    assert str(refused.value) == _(
        "The trainer already listens to the presentation of %(other)s at %(time)s."
    ) % {
        "other": PresentationSlot.objects.get(
            room=pday.rooms[0], starts_at=in_room_two.starts_at
        ).participant.full_name,
        "time": timezone.localtime(in_room_two.starts_at).strftime("%H:%M"),
    }


def test_moving_a_slot_outside_the_day_is_refused(pday, coordinator):
    service.generate_schedule(pday.cohort, by=coordinator)
    slot = PresentationSlot.objects.first()
    with pytest.raises(ActionRefused):
        service.change_slot(
            slot, room=slot.room, starts_at=pday.at(15, 50), trainer=None, by=coordinator
        )


def test_a_trainer_sees_the_schedule_but_may_not_generate_it(client, pday, coordinator):
    service.generate_schedule(pday.cohort, by=coordinator)
    client.force_login(pday.trainers[0])
    page = client.get(reverse("assignments:schedule", args=[pday.cohort.pk]))
    assert page.status_code == 200
    assert pday.people[0].full_name in page.content.decode()
    assert not hasattr(page.context["slots"][0], "form")  # no forms to move slots
    response = client.post(reverse("assignments:generate_schedule", args=[pday.cohort.pk]))
    assert response.status_code == 403


# --- The participant's slot ------------------------------------------------------------------


def generate_and_publish(cohort, by):
    service.generate_schedule(cohort, by=by)
    service.publish_schedule(cohort, by=by)


def test_the_dashboard_shows_the_participants_slot_and_venue(client, pday, coordinator):
    generate_and_publish(pday.cohort, coordinator)
    person = pday.people[0]
    slot = PresentationSlot.objects.get(participant=person)
    client.force_login(person)
    page = client.get(reverse("course:dashboard")).content.decode()
    assert timezone.localtime(slot.starts_at).strftime("%H:%M") in page
    assert slot.room.name in page
    assert pday.day7.venue_name in page


def test_the_dashboard_shows_the_slot_of_a_cohort_without_an_assignment(client, pday, coordinator):
    """The slot comes with the plan panel's query; a cohort whose assignment is gone still
    shows it (read apart)."""
    generate_and_publish(pday.cohort, coordinator)
    person = pday.people[0]
    slot = PresentationSlot.objects.get(participant=person)
    pday.assignment.delete()
    client.force_login(person)
    page = client.get(reverse("course:dashboard")).content.decode()
    assert timezone.localtime(slot.starts_at).strftime("%H:%M") in page
    assert slot.room.name in page


def test_the_dashboard_says_the_schedule_is_not_ready_before_it_is_generated(client, pday):
    client.force_login(pday.people[0])
    page = client.get(reverse("course:dashboard")).content.decode()
    assert _("The schedule of the presentations is not ready yet.") in page
    assert pday.day7.venue_name in page


def test_the_calendar_event_keeps_its_uid_when_the_schedule_is_generated_again(pday, coordinator):
    person = pday.people[0]
    generate_and_publish(pday.cohort, coordinator)
    [event] = presentation_events(person, None)
    uid = str(event["uid"])
    generate_and_publish(pday.cohort, coordinator)
    [again] = presentation_events(person, None)
    assert str(again["uid"]) == uid
    slot = PresentationSlot.objects.get(participant=person)
    assert again.decoded("dtstart") == slot.starts_at
    assert pday.day7.venue_name in str(again["location"])


def test_the_presentation_is_in_the_personal_calendar_feed(client, pday, coordinator):
    from course.models import CalendarFeedToken

    generate_and_publish(pday.cohort, coordinator)
    person = pday.people[1]
    token = CalendarFeedToken.for_user(person)
    response = client.get(reverse("feeds:personal", args=[token.token]))
    calendar = icalendar.Calendar.from_ical(response.content)
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert _("Presentation of your implementation plan") in summaries


# --- Guests --------------------------------------------------------------------------------


def test_a_participant_invites_three_guests_and_a_fourth_is_refused(
    client, pday, django_capture_on_commit_callbacks
):
    person = pday.people[0]
    client.force_login(person)
    url = reverse("assignments:presentation", args=[pday.cohort.pk])
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            client.post(
                url, {"name": f"Gast {n}", "email": f"gast{n}@example.nl", "role": "director"}
            )
    response = client.post(
        url, {"name": "Gast 4", "email": "gast4@example.nl", "role": "partnership"}, follow=True
    )
    assert PresentationGuest.objects.filter(participant=person).count() == 3
    assert (
        _("You can invite at most %(count)s guests. Revoke an invitation first.") % {"count": 3}
        in response.content.decode()
    )
    assert [m.to for m in mail.outbox] == [[f"gast{n}@example.nl"] for n in range(3)]


def test_revoking_a_guest_frees_a_place(pday):
    guests = [invite(pday, n=n)[0] for n in range(3)]
    service.revoke_guest(guests[0], by=pday.people[0])
    guest, _token = invite(pday, n=4)
    assert guest.pk


def test_the_invitation_mail_holds_a_link_whose_secret_is_not_stored(
    pday, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        guest, token = invite(pday)
    [message] = mail.outbox
    assert token in message.body
    assert token not in guest.token_hash
    assert guest.token_hash == service._hash(token.split(":")[0])


@pytest.fixture
def linked(pday):
    """The first participant revised their plan; their guest's link, and the slots."""
    plan = pday.plans[0]
    Plan.objects.filter(pk=plan.pk).update(
        revised_body="## Herzien plan\n\nDe definitieve versie.", revised_at=timezone.now()
    )
    Review.objects.create(
        plan=plan,
        reviewer=pday.people[1],
        overall_comment="Geheime peerfeedback",
        status="submitted",
    )
    generate_and_publish(pday.cohort, CoordinatorFactory())
    guest, token = invite(pday)
    return guest, token


def test_the_guest_sees_the_final_plan_slot_and_venue_and_nothing_else(client, pday, linked):
    guest, token = linked
    response = client.get(reverse("guest:plan", args=[token]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "De definitieve versie." in page
    assert "Eerste versie." not in page  # the first version, replaced by the revision
    assert pday.day7.venue_name in page
    slot = PresentationSlot.objects.get(participant=pday.people[0])
    assert timezone.localtime(slot.starts_at).strftime("%H:%M") in page
    for other in pday.people[1:]:
        assert other.full_name not in page
    assert "Geheime peerfeedback" not in page
    assert reverse("course:dashboard") not in page  # no way into the private parts
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]


def test_opening_the_link_is_logged_for_the_participant(client, pday, linked):
    guest, token = linked
    client.get(reverse("guest:plan", args=[token]))
    assert GuestAccess.objects.filter(guest=guest).count() == 1
    client.force_login(pday.people[0])
    page = client.get(reverse("assignments:presentation", args=[pday.cohort.pk])).content
    assert _("Opened the link on:") in page.decode()


def test_a_draft_plan_is_not_shown_to_the_guest(client, pday):
    Plan.objects.filter(pk=pday.plans[0].pk).update(submitted_at=None)
    _guest, token = invite(pday)
    page = client.get(reverse("guest:plan", args=[token])).content.decode()
    assert "Eerste versie." not in page
    assert _("The participant has not handed in the plan yet.") in page


def test_an_altered_link_is_refused(client, linked):
    _guest, token = linked
    secret, signature = token.split(":")
    for altered in (
        secret[:-1] + ("A" if secret[-1] != "A" else "B") + ":" + signature,
        secret + ":" + signature[:-1] + ("A" if signature[-1] != "A" else "B"),
        secret,
        "niets",
    ):
        assert client.get(reverse("guest:plan", args=[altered])).status_code == 404


def test_a_revoked_link_is_refused(client, pday, linked):
    guest, token = linked
    service.revoke_guest(guest, by=CoordinatorFactory())
    response = client.get(reverse("guest:plan", args=[token]))
    assert response.status_code == 404
    assert "De definitieve versie." not in response.content.decode()


def test_the_link_expires_after_the_presentation_day(client, pday, linked):
    _guest, token = linked
    CohortDay.objects.filter(pk=pday.day7.pk).update(
        date=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert client.get(reverse("guest:plan", args=[token])).status_code == 404


def test_the_link_still_works_on_the_evening_of_the_presentation_day(pday, linked):
    _guest, token = linked
    evening = pday.at(23, 30)
    guest, _day = service.guest_for_link(token, now=evening)
    with pytest.raises(service.LinkRefused):
        service.guest_for_link(token, now=evening + datetime.timedelta(hours=1))


def test_another_participants_revoke_url_is_a_404(client, pday, linked):
    guest, _token = linked
    client.force_login(pday.people[1])
    response = client.post(reverse("assignments:revoke_guest", args=[pday.cohort.pk, guest.pk]))
    assert response.status_code == 404
    guest.refresh_from_db()
    assert not guest.is_revoked


def test_many_wrong_links_from_one_address_are_rate_limited_without_an_error(client, linked):
    _guest, token = linked
    for n in range(20):
        assert client.get(reverse("guest:plan", args=[f"geen-{n}:x"])).status_code == 404
    assert client.get(reverse("guest:plan", args=["nog-een:x"])).status_code == 429
    # The valid link is held back too, until the window has passed.
    assert client.get(reverse("guest:plan", args=[token])).status_code == 429


def test_guest_feedback_reaches_the_participant_and_the_trainers(
    client, pday, linked, django_capture_on_commit_callbacks
):
    guest, token = linked
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("guest:plan", args=[token]), {"text": "Sterk plan, betrek het team eerder."}
        )
    assert response.status_code == 302
    assert GuestFeedback.objects.get(guest=guest).text == "Sterk plan, betrek het team eerder."
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([pday.people[0].email] + [t.email for t in pday.trainers])
    assert all("Sterk plan, betrek het team eerder." in m.body for m in mail.outbox)
    client.force_login(pday.people[0])
    mine = client.get(reverse("assignments:presentation", args=[pday.cohort.pk]))
    assert "Sterk plan, betrek het team eerder." in mine.content.decode()
    client.force_login(pday.trainers[0])
    schedule = client.get(reverse("assignments:schedule", args=[pday.cohort.pk]))
    assert "Sterk plan, betrek het team eerder." in schedule.content.decode()


def test_empty_feedback_is_refused_without_an_error(client, linked):
    guest, token = linked
    response = client.post(reverse("guest:plan", args=[token]), {"text": "   "})
    assert response.status_code == 400
    assert not GuestFeedback.objects.exists()


# --- A person's data ---------------------------------------------------------------------


def test_guests_and_their_feedback_are_in_the_participants_export_and_erased_with_them(
    client, pday, linked
):
    guest, token = linked
    client.post(reverse("guest:plan", args=[token]), {"text": "Mooi gepresenteerd."})
    person = pday.people[0]
    exported = str(export_personal_data(person))
    assert guest.email in exported
    assert "Mooi gepresenteerd." in exported
    erase_personal_data(person, by=CoordinatorFactory())
    assert not PresentationGuest.objects.filter(pk=guest.pk).exists()
    assert not GuestFeedback.objects.exists()
    assert not PresentationSlot.objects.filter(participant=person).exists()
    assert client.get(reverse("guest:plan", args=[token])).status_code == 404


def test_the_link_in_the_mail_opens_the_guest_page(
    client, pday, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(pday)
    [message] = mail.outbox
    link = re.search(r"https?://\S+/gast/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200


def test_only_a_participant_of_the_cohort_invites_guests(pday):
    with pytest.raises(ActionRefused) as refused:
        service.invite_guest(
            ParticipantFactory(), pday.cohort, name="X", email="x@example.nl", role="other"
        )
    assert refused.value.code == "not_participant"


def test_after_the_settings_change_the_page_warns_and_moves_repair_one_at_a_time(
    client, coordinator
):
    pday = PresentationCohort(size=6)
    service.generate_schedule(pday.cohort, by=coordinator)
    pday.day.changeover_minutes = 10  # slots were 5 minutes apart: every room now clashes
    pday.day.save()
    client.force_login(coordinator)
    page = client.get(reverse("assignments:schedule", args=[pday.cohort.pk])).content.decode()
    assert "Het lokaal is op dat moment al bezet" in page
    last = PresentationSlot.objects.filter(room=pday.rooms[0]).order_by("-starts_at")[0]
    moved = service.change_slot(
        last, room=last.room, starts_at=pday.at(15, 0), trainer=last.trainer, by=coordinator
    )
    assert timezone.localtime(moved.starts_at).time() == datetime.time(15, 0)


# --- Publishing the schedule ----------------------------------------------------------------


def _participant_sees_slot(client, pday, person):
    """Whether ``person`` sees a time on their presentation page, their dashboard and in
    their calendar."""
    client.force_login(person)
    mine = client.get(reverse("assignments:presentation", args=[pday.cohort.pk])).content
    dashboard = client.get(reverse("course:dashboard")).content.decode()
    seen = [
        _("The schedule is not ready yet.") not in mine.decode(),
        _("The schedule of the presentations is not ready yet.") not in dashboard,
        bool(presentation_events(person, None)),
    ]
    assert len(set(seen)) == 1, seen
    return seen[0]


def test_a_draft_schedule_is_shown_only_once_published_and_each_participant_is_mailed(
    client, pday, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    service.generate_schedule(pday.cohort, by=coordinator)
    for person in pday.people:
        assert not _participant_sees_slot(client, pday, person), person

    client.force_login(coordinator)
    schedule_url = reverse("assignments:schedule", args=[pday.cohort.pk])
    assert _("Not published yet: the participants and their guests do not see the schedule.") in (
        client.get(schedule_url).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("assignments:publish_schedule", args=[pday.cohort.pk]), follow=True
        )
    assert _("The schedule is published. Each participant gets an email with their time.") in (
        response.content.decode()
    )
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in pday.people)
    for person in pday.people:
        slot = PresentationSlot.objects.get(participant=person)
        [mail_] = [m for m in mailoutbox if m.to == [person.email]]
        assert timezone.localtime(slot.starts_at).strftime("%H:%M") in mail_.body
        assert slot.room.name in mail_.body and pday.day7.venue_name in mail_.body
        assert _participant_sees_slot(client, pday, person), person


def test_generating_again_withdraws_the_publication(client, pday, coordinator):
    service.generate_schedule(pday.cohort, by=coordinator)
    service.publish_schedule(pday.cohort, by=coordinator)
    assert _participant_sees_slot(client, pday, pday.people[0])
    service.generate_schedule(pday.cohort, by=coordinator)
    pday.day.refresh_from_db()
    assert pday.day.published_at is None
    assert not _participant_sees_slot(client, pday, pday.people[0])


def test_a_slot_moved_after_publishing_is_mailed_to_its_participant_alone(
    pday, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    service.generate_schedule(pday.cohort, by=coordinator)
    slot = PresentationSlot.objects.get(participant=pday.people[0])
    # Before publishing, moving tells nobody.
    with django_capture_on_commit_callbacks(execute=True):
        service.change_slot(
            slot, room=pday.rooms[0], starts_at=pday.at(15), trainer=None, by=coordinator
        )
    assert mailoutbox == []
    service.publish_schedule(pday.cohort, by=coordinator, notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        service.change_slot(
            slot, room=pday.rooms[1], starts_at=pday.at(15, 30), trainer=None, by=coordinator
        )
    [mail_] = mailoutbox
    assert mail_.to == [pday.people[0].email]
    assert "15:30" in mail_.body and pday.rooms[1].name in mail_.body
    assert pday.cohort.title in mail_.subject


def test_publishing_nothing_or_twice_is_refused_with_a_message(client, pday, coordinator):
    client.force_login(coordinator)
    url = reverse("assignments:publish_schedule", args=[pday.cohort.pk])
    response = client.post(url, follow=True)
    assert _("There is nothing to publish yet: generate the schedule first.") in (
        response.content.decode()
    )
    pday.day.refresh_from_db()
    assert pday.day.published_at is None
    service.generate_schedule(pday.cohort, by=coordinator)
    client.post(url)
    response = client.post(url, follow=True)
    assert _("The schedule is already published.") in response.content.decode()


def test_the_guest_sees_no_time_before_the_schedule_is_published(client, pday, coordinator):
    service.generate_schedule(pday.cohort, by=coordinator)
    _guest, token = invite(pday)
    slot = PresentationSlot.objects.get(participant=pday.people[0])
    room = f"<dd>{slot.room.name}</dd>"
    assert room not in client.get(reverse("guest:plan", args=[token])).content.decode()
    service.publish_schedule(pday.cohort, by=coordinator)
    assert room in client.get(reverse("guest:plan", args=[token])).content.decode()
