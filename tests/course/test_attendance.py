import csv
import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from course.models import Attendance
from course.services.attendance import record_attendance
from course.spreadsheet import csv_safe
from tests.factories import (
    CohortPageFactory,
    ParticipantFactory,
    RegistrationFactory,
    TrainerFactory,
)
from website.errors import ActionRefused

pytestmark = pytest.mark.django_db


def past(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def cohort(trainer):
    """A cohort that started 30 days ago, trained by ``trainer``, with three participants."""
    cohort = CohortPageFactory(days__first_date=past(30), days__every=7, trainers=[trainer])
    for _i in range(3):
        RegistrationFactory(cohort=cohort)
    return cohort


@pytest.fixture
def day(cohort):
    return cohort.days.get(number=1)


def attendance_url(day):
    return reverse("course:attendance", kwargs={"day_id": day.pk})


def export_url(cohort):
    return reverse("course:attendance_export", kwargs={"cohort_id": cohort.pk})


def present_map(day):
    return dict(Attendance.objects.filter(cohort_day=day).values_list("participant_id", "present"))


def test_trainer_of_the_cohort_sees_every_participant_as_a_checkbox(client, trainer, cohort, day):
    client.force_login(trainer)
    response = client.get(attendance_url(day))
    assert response.status_code == 200
    html = response.content.decode()
    for person in cohort.participants():
        assert person.full_name in html
    assert html.count('type="checkbox"') == 3


def test_one_post_records_everyone_present_or_absent(client, trainer, cohort, day):
    first, second, third = cohort.participants().order_by("pk")
    client.force_login(trainer)
    response = client.post(attendance_url(day), {"present": [first.pk, third.pk]})
    assert response.status_code == 302
    assert present_map(day) == {first.pk: True, second.pk: False, third.pk: True}
    assert Attendance.objects.filter(cohort_day=day, recorded_by=trainer).count() == 3


def test_saving_again_updates_the_records_instead_of_adding(client, trainer, cohort, day):
    first, second, _third = cohort.participants().order_by("pk")
    client.force_login(trainer)
    client.post(attendance_url(day), {"present": [first.pk]})
    client.post(attendance_url(day), {"present": [second.pk]})
    assert Attendance.objects.filter(cohort_day=day).count() == 3
    assert present_map(day)[first.pk] is False
    assert present_map(day)[second.pk] is True


def test_screen_shows_saved_attendance_as_ticked(client, trainer, cohort, day):
    first = cohort.participants().order_by("pk").first()
    record_attendance(day, [first], by=trainer)
    client.force_login(trainer)
    html = client.get(attendance_url(day)).content.decode()
    assert html.count("checked") == 1


def test_coordinator_may_record_attendance_of_any_cohort(client, coordinator, cohort, day):
    client.force_login(coordinator)
    assert client.get(attendance_url(day)).status_code == 200
    assert client.post(attendance_url(day), {"present": []}).status_code == 302
    assert set(present_map(day).values()) == {False}


def test_trainer_of_another_cohort_is_refused(client, cohort, day):
    other_trainer = TrainerFactory()
    CohortPageFactory(days__first_date=past(30), trainers=[other_trainer])
    client.force_login(other_trainer)
    assert client.get(attendance_url(day)).status_code == 403
    assert client.post(attendance_url(day), {"present": []}).status_code == 403
    assert not Attendance.objects.exists()


def test_participant_of_the_cohort_is_refused(client, cohort, day):
    client.force_login(cohort.participants().first())
    assert client.get(attendance_url(day)).status_code == 403
    assert client.post(attendance_url(day), {"present": []}).status_code == 403
    assert not Attendance.objects.exists()


def test_participant_of_another_cohort_is_refused(client, day):
    other = RegistrationFactory(cohort=CohortPageFactory(days__first_date=past(30))).participant
    client.force_login(other)
    assert client.get(attendance_url(day)).status_code == 403
    assert client.post(attendance_url(day), {"present": []}).status_code == 403
    assert not Attendance.objects.exists()


def test_posting_for_a_future_day_saves_nothing_and_explains(client, trainer, cohort):
    day = cohort.days.get(number=7)
    day.date = timezone.localdate() + datetime.timedelta(days=7)
    day.save()
    client.force_login(trainer)
    response = client.post(attendance_url(day), {"present": []})
    assert response.status_code == 302
    assert not Attendance.objects.exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        _("Attendance can be recorded from the course day itself, not before.")
    ]


def test_anonymous_visitor_is_sent_to_login(client, day):
    for response in (client.get(attendance_url(day)), client.post(attendance_url(day), {})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert not Attendance.objects.exists()


def test_unknown_course_day_gives_404(client, trainer):
    client.force_login(trainer)
    assert client.get(reverse("course:attendance", kwargs={"day_id": 999999})).status_code == 404


def test_marking_an_outsider_present_saves_nothing(client, trainer, cohort, day):
    outsider = ParticipantFactory()
    first = cohort.participants().first()
    client.force_login(trainer)
    response = client.post(attendance_url(day), {"present": [first.pk, outsider.pk]})
    assert response.status_code == 302
    assert not Attendance.objects.exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        _("The list of participants has changed. Check the names and save again.")
    ]


def test_garbage_input_gives_a_message_not_an_error(client, trainer, day):
    client.force_login(trainer)
    response = client.post(attendance_url(day), {"present": ["abc"]})
    assert response.status_code == 302
    assert not Attendance.objects.exists()


def test_todays_day_offers_a_checkbox_per_participant(client, trainer, cohort):
    day = cohort.days.get(number=7)
    day.date = timezone.localdate()
    day.save()
    client.force_login(trainer)
    html = client.get(attendance_url(day)).content.decode()
    assert html.count('type="checkbox"') == cohort.participants().count()


def test_service_refuses_a_day_that_has_not_come_yet(trainer, cohort):
    future_day = cohort.days.get(number=7)
    future_day.date = timezone.localdate() + datetime.timedelta(days=1)
    future_day.save()
    with pytest.raises(ActionRefused) as exc:
        record_attendance(future_day, [], by=trainer)
    assert exc.value.code == "future"


def test_service_refuses_someone_without_a_confirmed_place(trainer, cohort, day):
    waiting = RegistrationFactory(cohort=cohort, status="waiting_list").participant
    with pytest.raises(ActionRefused) as exc:
        record_attendance(day, [waiting], by=trainer)
    assert exc.value.code == "not_participant"
    assert not Attendance.objects.exists()


def test_future_day_shows_a_note_and_no_save_button(client, trainer, cohort):
    day = cohort.days.get(number=7)
    day.date = timezone.localdate() + datetime.timedelta(days=7)
    day.save()
    client.force_login(trainer)
    html = client.get(attendance_url(day)).content.decode()
    assert _("Save attendance") not in html
    # Issue 15: nothing to tick for a day that has not started; the names are still listed.
    assert 'type="checkbox"' not in html
    assert cohort.participants().first().full_name in html
    assert (
        _("This course day has not started yet. You can record attendance from the day itself.")
        in html
    )


@pytest.mark.parametrize("size", [6, 60])
def test_attendance_screen_query_count_stays_flat(
    client, trainer, size, django_assert_max_num_queries
):
    cohort = CohortPageFactory(days__first_date=past(30), trainers=[trainer])
    RegistrationFactory.create_batch(size, cohort=cohort)
    day = cohort.days.get(number=1)
    record_attendance(day, list(cohort.participants()[:3]), by=trainer)
    client.force_login(trainer)
    client.get(attendance_url(day))  # first visit creates per-site and per-user settings
    with django_assert_max_num_queries(17):
        response = client.get(attendance_url(day))
    assert response.content.decode().count('type="checkbox"') == size


@pytest.mark.parametrize("size", [6, 60])
def test_saving_attendance_query_count_stays_flat(
    client, trainer, size, django_assert_max_num_queries
):
    cohort = CohortPageFactory(days__first_date=past(30), trainers=[trainer])
    RegistrationFactory.create_batch(size, cohort=cohort)
    day = cohort.days.get(number=1)
    ids = list(cohort.participants().values_list("pk", flat=True))
    client.force_login(trainer)
    client.get(attendance_url(day))  # first visit creates per-site and per-user settings
    with django_assert_max_num_queries(17):
        client.post(attendance_url(day), {"present": ids[: size // 2]})
    assert Attendance.objects.filter(cohort_day=day, present=True).count() == size // 2


# --- CSV export ---------------------------------------------------------------------------


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_coordinator_exports_a_row_per_participant_and_a_column_per_day(
    client, coordinator, trainer, cohort, day
):
    first = cohort.participants().order_by("full_name").first()
    record_attendance(day, [first], by=trainer)
    client.force_login(coordinator)
    rows = read_csv(client.get(export_url(cohort)))
    header, *body = rows
    assert len(header) == 3 + 7
    assert len(body) == 3
    by_name = {row[0]: row for row in body}
    assert by_name[first.full_name][3] == _("present")
    assert sorted(row[3] for row in body) == sorted([_("present"), _("absent"), _("absent")])
    assert {row[4] for row in body} == {""}


def test_export_neutralises_formulas_in_names(client, coordinator, cohort):
    RegistrationFactory(cohort=cohort, participant=ParticipantFactory(full_name="=HYPERLINK(1)"))
    client.force_login(coordinator)
    names = [row[0] for row in read_csv(client.get(export_url(cohort)))[1:]]
    assert "'=HYPERLINK(1)" in names
    assert "=HYPERLINK(1)" not in names


@pytest.mark.parametrize("value", ["=1+1", "+31", "-2", "@SUM(A1)"])
def test_csv_safe_prefixes_formula_starts(value):
    assert csv_safe(value) == "'" + value


def test_csv_safe_leaves_ordinary_text_alone():
    assert csv_safe("Basisschool De Linde") == "Basisschool De Linde"


def test_trainers_and_participants_may_not_export(client, trainer, cohort):
    other_participant = RegistrationFactory(
        cohort=CohortPageFactory(days__first_date=past(30))
    ).participant
    for user in (trainer, TrainerFactory(), cohort.participants().first(), other_participant):
        client.force_login(user)
        assert client.get(export_url(cohort)).status_code == 403


def test_anonymous_visitor_may_not_export(client, cohort):
    response = client.get(export_url(cohort))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
