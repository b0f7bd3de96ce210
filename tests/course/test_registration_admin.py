import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _

from course.models import CohortPage, InCompanyRequest, LbboMember, Registration
from course.services.registration import (
    parse_member_list,
    register,
    replace_member_list,
    schedule_closed_cohort,
)
from tests.factories import CohortPageFactory, ParticipantFactory
from website.errors import ActionRefused

from .registration_fixtures import details, member_details

pytestmark = pytest.mark.django_db
MembershipStatus = Registration.MembershipStatus


def csv_file(text, name="leden.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_member_list_reads_the_first_column_and_skips_the_header():
    numbers = parse_member_list(csv_file("lidnummer;naam\n12345;A\n 6789 ;B\n\n"))
    assert numbers == {"12345", "6789"}


def test_an_empty_member_list_is_refused_with_a_clear_message():
    with pytest.raises(ActionRefused) as error:
        parse_member_list(csv_file("naam\nJansen\n"))
    assert error.value.code == "member_list"


def test_member_list_verifies_numbers_on_it_and_flags_the_rest(cohort):
    on_list = register(ParticipantFactory(), cohort, member_details("12345"))
    not_on_list = register(ParticipantFactory(), cohort, member_details("99999"))
    assert replace_member_list({"12345"}) == (1, 1)
    on_list.refresh_from_db()
    not_on_list.refresh_from_db()
    assert on_list.membership_status == MembershipStatus.VERIFIED
    assert not_on_list.membership_status == MembershipStatus.FLAGGED
    assert LbboMember.objects.count() == 1


def test_coordinator_uploads_the_member_list_in_the_admin(client, coordinator, cohort):
    register(ParticipantFactory(), cohort, member_details("12345"))
    client.force_login(coordinator)
    url = reverse("registration_admin:member_list")
    response = client.post(url, {"member_list": csv_file("12345\n")}, follow=True)
    assert response.status_code == 200
    assert Registration.objects.get().membership_status == MembershipStatus.VERIFIED


def test_the_member_list_message_counts_in_the_singular_for_one(client, coordinator, cohort):
    register(ParticipantFactory(), cohort, member_details("12345"))
    client.force_login(coordinator)
    url = reverse("registration_admin:member_list")
    response = client.post(url, {"member_list": csv_file("12345\n")}, follow=True)
    html = response.content.decode()
    assert "1 aanmelding gecontroleerd" in html
    assert "1 nummer opgeslagen" in html
    assert "1 aanmeldingen" not in html and "1 nummers" not in html


def test_coordinator_rejects_a_flagged_membership_in_the_admin(
    client, coordinator, cohort, django_capture_on_commit_callbacks
):
    registration = register(ParticipantFactory(), cohort, member_details("99999"))
    replace_member_list({"12345"})
    client.force_login(coordinator)
    url = reverse("registration_admin:manage", args=[registration.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "reject_membership", "reason": "geen lid"})
    registration.refresh_from_db()
    assert registration.membership_status == MembershipStatus.REJECTED
    assert str(registration.total) == "2495.00"
    assert mail.outbox[-1].to == [registration.participant.email]


def test_coordinator_accepts_a_flagged_membership_in_the_admin(client, coordinator, cohort):
    registration = register(ParticipantFactory(), cohort, member_details("99999"))
    replace_member_list({"12345"})
    client.force_login(coordinator)
    client.post(
        reverse("registration_admin:manage", args=[registration.pk]),
        {"action": "accept_membership"},
    )
    registration.refresh_from_db()
    assert registration.membership_status == MembershipStatus.VERIFIED
    assert str(registration.discount) == "124.75"


def test_participant_and_trainer_cannot_reach_the_registration_tools(
    client, participant, trainer, cohort
):
    registration = register(ParticipantFactory(), cohort, details())
    for user in [participant, trainer]:
        client.force_login(user)
        for url in [
            reverse("registration_admin:manage", args=[registration.pk]),
            reverse("registration_admin:waiting_lists"),
            reverse("registration_admin:member_list"),
            reverse("registrations:index"),
        ]:
            response = client.get(url)
            assert response.status_code in (302, 403), url
            assert registration.participant.email not in response.content.decode()


def test_registration_listing_filters_by_status(client, coordinator, training_page):
    small = CohortPageFactory(capacity=1)
    confirmed = register(ParticipantFactory(), small, details())
    waiting = register(ParticipantFactory(), small, details())
    client.force_login(coordinator)
    response = client.get(reverse("registrations:index"), {"status": "waiting_list"})
    html = response.content.decode()
    assert response.status_code == 200
    assert waiting.participant.full_name in html
    assert confirmed.participant.full_name not in html


def listing_rows(response):
    """The listing's rows as lists of cell texts (tags stripped)."""
    import re

    html = response.content.decode()
    start = html.index("<tbody>")
    body = html[start : html.index("</tbody>", start)]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_registration_listing_shows_a_cohorts_registrations_with_price_and_links(
    client, coordinator, cohort
):
    registration = register(ParticipantFactory(), cohort, member_details("12345"))
    other = register(ParticipantFactory(), CohortPageFactory(), details())
    client.force_login(coordinator)
    response = client.get(reverse("registrations:index"), {"cohort": cohort.pk})
    html = response.content.decode()
    [row] = listing_rows(response)
    assert row[0] == registration.participant.full_name
    assert row[1:6] == [
        cohort.title,
        str(registration.get_status_display()),
        "12345",
        str(MembershipStatus.UNCHECKED.label),
        "€\u00a02.370,25",
    ]
    assert row[7] == _("Decide")
    assert reverse("registrations:edit", args=[registration.pk]) in html
    assert reverse("registration_admin:manage", args=[registration.pk]) in html
    assert other.participant.full_name not in html


def test_registration_listing_shows_a_whole_cohort_on_one_page(client, coordinator, cohort):
    people = [register(ParticipantFactory(), cohort, details()) for _n in range(35)]
    client.force_login(coordinator)
    response = client.get(reverse("registrations:index"), {"cohort": cohort.pk})
    shown = {row[0] for row in listing_rows(response)}
    assert shown == {registration.participant.full_name for registration in people}


def test_registration_listing_searches_by_name_within_the_chosen_cohort(
    client, coordinator, cohort
):
    wanted = register(ParticipantFactory(full_name="Ilse Verbeek"), cohort, details())
    register(ParticipantFactory(full_name="Ilse Jansen"), CohortPageFactory(), details())
    register(ParticipantFactory(full_name="Karel Appel"), cohort, details())
    client.force_login(coordinator)
    response = client.get(reverse("registrations:index"), {"cohort": cohort.pk, "q": "Ilse"})
    assert [row[0] for row in listing_rows(response)] == [wanted.participant.full_name]


def test_registration_listing_shows_a_hostile_name_as_text(client, coordinator, cohort):
    name = '<img src=x onerror="alert(1)"> & Zn'
    register(ParticipantFactory(full_name=name), cohort, details())
    client.force_login(coordinator)
    response = client.get(reverse("registrations:index"), {"cohort": cohort.pk})
    html = response.content.decode()
    assert "<img src=x" not in html
    assert [row[0] for row in listing_rows(response)] == [
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Zn"
    ]


def test_registration_listing_names_a_participant_as_everywhere_else(client, coordinator, cohort):
    """A name, else the email address; an erased person as "erased person N"."""
    from django.utils import timezone

    nameless = register(ParticipantFactory(full_name=""), cohort, details())
    erased = register(ParticipantFactory(), cohort, details())
    type(erased.participant).objects.filter(pk=erased.participant.pk).update(
        erased_at=timezone.now()
    )
    erased.participant.refresh_from_db()
    client.force_login(coordinator)
    response = client.get(reverse("registrations:index"), {"cohort": cohort.pk})
    names = {row[0] for row in listing_rows(response)}
    assert names == {nameless.participant.email, str(erased.participant)}


def test_invoice_export_has_every_price_field_and_the_membership(client, coordinator, cohort):
    register(ParticipantFactory(), cohort, member_details("12345"))
    client.force_login(coordinator)
    response = client.get(reverse("registrations:index"), {"export": "csv"})
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else (response.content.decode())
    )
    # Dutch Excel: a byte order mark, ";" between columns, decimal commas.
    assert content.startswith("\ufeff")
    header, row = content.lstrip("\ufeff").splitlines()[:2]
    assert header.startswith(str(_("registration number")) + ";")
    for heading in [
        "course fee",
        "LBBO discount",
        "total",
        "LBBO membership number",
        "membership verification",
    ]:
        assert _(heading) in header
    cells = row.split(";")
    assert {"2495,00", "124,75", "2370,25", "12345"} <= set(cells)
    assert str(MembershipStatus.UNCHECKED.label) in row


def test_registration_listing_query_count_stays_flat(
    client, coordinator, cohort, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("registrations:index")
    for _n in range(3):
        register(ParticipantFactory(), cohort, details())
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    small_count = len(small.captured_queries)
    for _n in range(15):
        register(ParticipantFactory(), cohort, details())
    # Warm again: the registrations changed the content version, whose per-version memory
    # (permissions, cohort choices) the next request builds once.
    client.get(url)
    with django_assert_max_num_queries(small_count):
        client.get(url)


def test_waiting_lists_show_people_in_order(client, coordinator, training_page):
    small = CohortPageFactory(capacity=1)
    register(ParticipantFactory(), small, details())
    first = register(ParticipantFactory(), small, details())
    second = register(ParticipantFactory(), small, details())
    client.force_login(coordinator)
    html = client.get(reverse("registration_admin:waiting_lists")).content.decode()
    assert html.index(first.participant.full_name) < html.index(second.participant.full_name)


# --- in-company ---------------------------------------------------------------------------


@pytest.fixture
def accepted_request(db):
    return InCompanyRequest.objects.create(
        organisation="Stichting De Brug",
        contact_name="Karin de Wit",
        email="karin@debrug.example.nl",
        phone="038 123 45 67",
        participant_count=12,
        region="Zwolle",
        period="najaar 2027",
        status=InCompanyRequest.Status.ACCEPTED,
    )


def test_accepted_request_becomes_a_closed_draft_cohort(accepted_request, training_page):
    cohort = schedule_closed_cohort(accepted_request)
    cohort = CohortPage.objects.get(pk=cohort.pk)
    assert cohort.is_closed
    assert cohort.invitation_code
    assert not cohort.live
    assert cohort.capacity == 12
    accepted_request.refresh_from_db()
    assert accepted_request.status == InCompanyRequest.Status.SCHEDULED
    assert accepted_request.cohort_id == cohort.pk


def test_a_new_request_cannot_become_a_cohort_yet(accepted_request, training_page):
    accepted_request.status = InCompanyRequest.Status.NEW
    accepted_request.save()
    with pytest.raises(ActionRefused) as error:
        schedule_closed_cohort(accepted_request)
    assert error.value.code == "not_accepted"
    assert not CohortPage.objects.exists()


def test_coordinator_creates_the_closed_cohort_from_the_admin(
    client, coordinator, accepted_request, training_page
):
    client.force_login(coordinator)
    url = reverse("registration_admin:schedule_cohort", args=[accepted_request.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    cohort = CohortPage.objects.get()
    assert response.url == reverse("wagtailadmin_pages:edit", args=[cohort.pk])


def test_in_company_requests_are_listed_for_the_coordinator(client, coordinator, accepted_request):
    client.force_login(coordinator)
    response = client.get(reverse("incompany_requests:index"))
    assert response.status_code == 200
    assert "Stichting De Brug" in response.content.decode()


def test_waiting_lists_query_count_stays_flat(
    client, coordinator, training_page, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("registration_admin:waiting_lists")

    def full_cohort_with_queue(waiting):
        small = CohortPageFactory(capacity=1)
        for _n in range(waiting + 1):
            register(ParticipantFactory(), small, details())

    full_cohort_with_queue(1)
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    small_count = len(small.captured_queries)
    full_cohort_with_queue(5)
    full_cohort_with_queue(3)
    client.get(url)  # warm again after the content version changed (see above)
    with django_assert_max_num_queries(small_count):
        client.get(url)


def test_coordinator_edits_the_registration_settings(client, coordinator, home_page):
    client.force_login(coordinator)
    response = client.get("/admin/settings/course/registrationsettings/", follow=True)
    assert response.status_code == 200
    assert 'name="membership_number_min_length"' in response.content.decode()


def test_registration_settings_are_one_for_the_whole_site_and_saved_from_the_admin(
    client, coordinator, home_page
):
    from wagtail.models import Site

    from course.models import RegistrationSettings

    Site.objects.create(hostname="andere.example.nl", root_page=home_page, site_name="Ander")
    client.force_login(coordinator)
    url = reverse(
        "wagtailsettings:edit",
        args=["course", "registrationsettings", RegistrationSettings.load().pk],
    )
    response = client.post(
        url,
        {
            "membership_number_characters": "alnum",
            "membership_number_min_length": 3,
            "membership_number_max_length": 9,
            "lbbo_discount_percent": "4.5",
            "offer_valid_days": 7,
        },
    )
    assert response.status_code == 302
    assert RegistrationSettings.objects.count() == 1
    assert RegistrationSettings.load().offer_valid_days == 7
    assert not hasattr(RegistrationSettings, "current")
