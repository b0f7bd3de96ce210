import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from course.models import InCompanyRequest, Registration
from course.services.registration import register
from tests.factories import CohortPageFactory, ParticipantFactory

from .registration_fixtures import details, form_data

pytestmark = pytest.mark.django_db


def register_url(cohort):
    return reverse("registration:register", args=[cohort.pk])


def test_anonymous_visitor_is_sent_to_login_and_back(client, cohort):
    response = client.get(register_url(cohort))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=" in response.url


def test_form_takes_the_school_from_the_account(client, participant, cohort):
    client.force_login(participant)
    response = client.get(register_url(cohort))
    assert response.status_code == 200
    html = response.content.decode()
    assert participant.school.name in html
    assert participant.full_name in html


def test_preview_shows_the_price_breakdown_and_stores_nothing(client, participant, cohort):
    client.force_login(participant)
    response = client.post(
        register_url(cohort), form_data(is_lbbo_member="on", membership_number=" 1234 5 ")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert _("Check your registration") in html
    assert "€\u00a02.495,00" in html
    assert "€\u00a0124,75" in html
    assert "€\u00a02.370,25" in html
    assert not Registration.objects.exists()


def test_confirming_stores_the_registration_with_the_discount(client, participant, cohort):
    client.force_login(participant)
    response = client.post(
        register_url(cohort),
        form_data(is_lbbo_member="on", membership_number="12345", step="confirm"),
    )
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("registration:detail", args=[registration.pk])
    assert registration.total == registration.course_fee - registration.discount
    assert str(registration.total) == "2370.25"


def test_change_my_answers_returns_to_the_filled_in_form(client, participant, cohort):
    client.force_login(participant)
    response = client.post(register_url(cohort), form_data(step="edit"))
    assert response.status_code == 200
    assert _("Check my registration") in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.parametrize("step", ["preview", "confirm"])
@pytest.mark.parametrize(
    "overrides, message",
    [
        (
            {"is_lbbo_member": "on", "membership_number": "١٢٣٤٥"},
            "A membership number consists of the digits 0 to 9 only.",
        ),
        (
            {"is_lbbo_member": "on", "membership_number": "12AB5"},
            "A membership number consists of the digits 0 to 9 only.",
        ),
        (
            {"is_lbbo_member": "on", "membership_number": "+12345"},
            "A membership number consists of the digits 0 to 9 only.",
        ),
        (
            {"is_lbbo_member": "on", "membership_number": "123456789"},
            ("A membership number has at most %(count)d characters.", {"count": 8}),
        ),
        (
            {"is_lbbo_member": "on", "membership_number": "123"},
            ("A membership number has at least %(count)d characters.", {"count": 4}),
        ),
        (
            {"is_lbbo_member": "on", "membership_number": ""},
            "Enter your LBBO membership number, or untick that you are a member.",
        ),
        ({"terms": None}, "You can only register if you agree to the terms and conditions."),
        (
            {"payer": "school", "invoice_address": ""},
            "Enter the invoice address when your school or board pays.",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_stored(
    client, participant, cohort, overrides, message, step
):
    client.force_login(participant)
    response = client.post(register_url(cohort), form_data(step=step, **overrides))
    assert response.status_code == 400
    if isinstance(message, tuple):
        message = _(message[0]) % message[1]
    else:
        message = _(message)
    assert message in response.content.decode()
    assert not Registration.objects.exists()


def test_overlong_pasted_input_gets_a_clear_message(client, participant, cohort):
    client.force_login(participant)
    response = client.post(
        register_url(cohort),
        form_data(is_lbbo_member="on", membership_number="1" * 500, step="confirm"),
    )
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_registration_outside_the_open_window_is_refused(client, participant, training_page):
    later = timezone.localdate() + datetime.timedelta(days=30)
    not_yet = CohortPageFactory(
        registration_opens=later, registration_closes=later + datetime.timedelta(days=10)
    )
    client.force_login(participant)
    response = client.post(register_url(not_yet), form_data(step="confirm"))
    assert response.status_code == 400
    assert _("Registration for this cohort is not open.") in response.content.decode()
    assert not Registration.objects.exists()


def test_a_full_cohort_offers_the_waiting_list(client, participant, training_page):
    full = CohortPageFactory(capacity=1)
    register(ParticipantFactory(), full, details())
    client.force_login(participant)
    preview = client.post(register_url(full), form_data())
    assert _("This cohort is full. If you register, you are placed on the waiting list.") in (
        preview.content.decode()
    )
    response = client.post(register_url(full), form_data(step="confirm"), follow=True)
    assert Registration.objects.get(participant=participant).status == "waiting_list"
    assert _("You are on the waiting list") in response.content.decode()


def test_registering_twice_sends_you_to_your_registration(client, participant, cohort):
    registration = register(participant, cohort, details())
    client.force_login(participant)
    response = client.get(register_url(cohort))
    assert response.url == reverse("registration:detail", args=[registration.pk])


def test_a_closed_cohort_shows_no_price_and_no_lbbo_question(client, participant, training_page):
    closed = CohortPageFactory(is_closed=True, invitation_code="TEAM2027")
    client.force_login(participant)
    html = client.get(register_url(closed)).content.decode()
    assert "membership_number" not in html
    assert "€" not in html
    assert 'name="invitation_code"' in html


def test_a_closed_cohort_refuses_a_wrong_invitation_code(client, participant, training_page):
    closed = CohortPageFactory(is_closed=True, invitation_code="TEAM2027")
    client.force_login(participant)
    response = client.post(register_url(closed), form_data(invitation_code="WRONG", step="confirm"))
    assert response.status_code == 400
    assert _("This cohort is only open to people with a valid invitation code.") in (
        response.content.decode()
    )
    assert not Registration.objects.exists()


def test_an_unpublished_cohort_is_not_found(client, participant, cohort):
    cohort.unpublish()
    client.force_login(participant)
    assert client.get(register_url(cohort)).status_code == 404


# --- one's own registration ---------------------------------------------------------------


@pytest.fixture
def registration(participant, cohort):
    return register(participant, cohort, details())


def test_participant_sees_their_own_registration(client, participant, registration):
    client.force_login(participant)
    response = client.get(reverse("registration:detail", args=[registration.pk]))
    assert response.status_code == 200
    assert "€\u00a02.495,00" in response.content.decode()


def test_another_participant_cannot_see_your_registration(client, registration):
    client.force_login(ParticipantFactory())
    response = client.get(reverse("registration:detail", args=[registration.pk]))
    assert response.status_code == 404


def test_another_participant_cannot_cancel_your_registration(client, registration):
    client.force_login(ParticipantFactory())
    response = client.post(reverse("registration:cancel", args=[registration.pk]))
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_anonymous_visitor_cannot_see_a_registration(client, registration):
    response = client.get(reverse("registration:detail", args=[registration.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_my_registrations_lists_only_my_own(client, participant, registration, cohort):
    other = register(ParticipantFactory(), cohort, details())
    client.force_login(participant)
    response = client.get(reverse("registration:mine"))
    assert list(response.context["registrations"]) == [registration]
    assert other not in response.context["registrations"]


def test_participant_cancels_their_own_registration(client, participant, registration):
    client.force_login(participant)
    response = client.post(reverse("registration:cancel", args=[registration.pk]), follow=True)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert _("Your registration has been cancelled.") in response.content.decode()


def test_cancelling_after_the_free_period_shows_why_not(client, participant, registration, cohort):
    cohort.free_cancellation_until = timezone.localdate() - datetime.timedelta(days=1)
    cohort.save()
    client.force_login(participant)
    response = client.post(reverse("registration:cancel", args=[registration.pk]), follow=True)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert (
        _("The free cancellation period has ended. Please contact the training coordinator.")
        in response.content.decode()
    )


def test_participant_accepts_an_offered_place(client, training_page):
    full = CohortPageFactory(capacity=1)
    holder = register(ParticipantFactory(), full, details())
    waiting = register(ParticipantFactory(), full, details())
    from course.services.registration import cancel_registration

    cancel_registration(holder, holder.participant)
    client.force_login(waiting.participant)
    detail = client.get(reverse("registration:detail", args=[waiting.pk]))
    assert _("Accept the place") in detail.content.decode()
    client.post(reverse("registration:accept_offer", args=[waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


# --- in-company ---------------------------------------------------------------------------

INCOMPANY = {
    "organisation": "Stichting De Brug",
    "contact_name": "Karin de Wit",
    "email": "karin@debrug.example.nl",
    "phone": "038 123 45 67",
    "participant_count": "12",
    "region": "Zwolle",
    "period": "najaar 2027",
    "questions": "",
}


def test_a_board_requests_an_in_company_trajectory_without_an_account(client, home_page):
    response = client.post(reverse("registration:incompany"), INCOMPANY)
    assert response.url == reverse("registration:incompany_thanks")
    request = InCompanyRequest.objects.get()
    assert request.status == InCompanyRequest.Status.NEW


def test_the_in_company_form_never_offers_the_lbbo_discount(client, home_page):
    html = client.get(reverse("registration:incompany")).content.decode()
    assert "membership_number" not in html
    assert "is_lbbo_member" not in html


def test_an_in_company_request_needs_the_number_of_participants(client, home_page):
    response = client.post(
        reverse("registration:incompany"), {**INCOMPANY, "participant_count": "0"}
    )
    assert response.status_code == 200
    assert not InCompanyRequest.objects.exists()


def test_login_page_offers_signup_that_returns_to_the_registration(client, cohort):
    url = register_url(cohort)
    login = client.get(client.get(url).url).content.decode()
    assert f"{reverse('account_signup')}?next={url.replace('/', '%2F')}" in login


def test_coordinator_admin_home_shows_the_registrations_menu(client, coordinator, home_page):
    client.force_login(coordinator)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert reverse("registrations:index") in response.content.decode()
    assert reverse("registration_admin:member_list") in response.content.decode()


def test_my_registrations_query_count_stays_flat(
    client, participant, training_page, django_assert_max_num_queries
):
    client.force_login(participant)
    url = reverse("registration:mine")
    register(participant, CohortPageFactory(), details())
    client.get(url)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for _n in range(6):
        register(participant, CohortPageFactory(), details())
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_invitation_link_fills_in_the_code(client, participant, training_page):
    closed = CohortPageFactory(is_closed=True, invitation_code="TEAM2027")
    client.force_login(participant)
    html = client.get(register_url(closed) + "?code=TEAM2027").content.decode()
    assert 'value="TEAM2027"' in html


def test_in_company_requests_are_limited_per_address(client, home_page):
    url = reverse("registration:incompany")
    for _n in range(5):
        assert client.post(url, INCOMPANY).status_code == 302
    response = client.post(url, INCOMPANY)
    assert response.status_code == 429
    assert _("Too many requests from your address. Please try again in an hour.") in (
        response.content.decode()
    )
    assert InCompanyRequest.objects.count() == 5


def _submit_in_company_request(client, django_capture_on_commit_callbacks, **overrides):
    from wagtail.models import Site

    from website.models import SiteConfig

    config = SiteConfig.for_site(Site.objects.get(is_default_site=True))
    config.contact_email = "opleiding@example.nl"
    config.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registration:incompany"), {**INCOMPANY, **overrides})


def test_the_requester_gets_a_confirmation_of_the_in_company_request(
    client, home_page, mailoutbox, django_capture_on_commit_callbacks
):
    _submit_in_company_request(client, django_capture_on_commit_callbacks)
    to_requester = [m for m in mailoutbox if m.to == ["karin@debrug.example.nl"]]
    assert len(to_requester) == 1
    assert "Stichting De Brug" in to_requester[0].body
    assert "opleiding@example.nl" in to_requester[0].body
    assert "Karin de Wit" in to_requester[0].body


def test_in_company_mails_are_plain_text_without_html_escaping(
    client, home_page, mailoutbox, django_capture_on_commit_callbacks
):
    _submit_in_company_request(
        client,
        django_capture_on_commit_callbacks,
        organisation="Stichting O'Neill & Zn",
        questions="Kunnen onze ib'ers <samen> starten?",
    )
    assert len(mailoutbox) == 2
    for message in mailoutbox:
        assert "Stichting O'Neill & Zn" in message.body
        assert "&#x27;" not in message.body and "&amp;" not in message.body
    notification = next(m for m in mailoutbox if m.to == ["opleiding@example.nl"])
    assert "Kunnen onze ib'ers <samen> starten?" in notification.body


# --- what the preview tells before anything is stored -------------------------------------

MEMBERSHIP_USED = (
    "This membership number has already been used for a discount in this cohort. Each "
    "membership number gives the discount once per cohort."
)


@pytest.mark.parametrize("step", ["preview", "confirm"])
def test_a_membership_number_used_in_this_cohort_is_a_form_error_at_the_number(
    client, participant, cohort, step
):
    register(ParticipantFactory(), cohort, details(is_lbbo_member=True, membership_number="12345"))
    client.force_login(participant)
    response = client.post(
        register_url(cohort),
        form_data(is_lbbo_member="on", membership_number="012345", step=step),
    )
    assert response.status_code < 500
    form = response.context["form"]
    assert form.errors["membership_number"] == [_(MEMBERSHIP_USED)]
    assert _("Check my registration") in response.content.decode()  # the form, filled in
    assert Registration.objects.filter(participant=participant).count() == 0


def test_a_membership_number_without_the_tick_is_asked_about(client, participant, cohort):
    client.force_login(participant)
    response = client.post(register_url(cohort), form_data(membership_number="12345"))
    form = response.context["form"]
    assert "is_lbbo_member" in form.errors
    assert form["membership_number"].value() == "12345"  # kept, not dropped
    assert not Registration.objects.exists()


def test_the_preview_warns_about_a_place_in_another_cohort_of_the_training(
    client, participant, cohort
):
    register(participant, CohortPageFactory(title="Zwolle voorjaar"), details())
    second = CohortPageFactory()
    client.force_login(participant)
    response = client.post(register_url(second), form_data())
    html = response.content.decode()
    assert 'id="second-place-warning"' in html and "Zwolle voorjaar" in html
    response = client.post(register_url(second), form_data(step="confirm"))
    registration = Registration.objects.get(cohort=second)
    assert registration.status == Registration.Status.NEEDS_DECISION


def test_the_coordinator_sees_why_and_decides(client, participant, cohort, coordinator):
    register(participant, CohortPageFactory(title="Zwolle voorjaar"), details())
    registration = register(participant, CohortPageFactory(), details())
    client.force_login(coordinator)
    url = reverse("registration_admin:manage", args=[registration.pk])
    html = client.get(url).content.decode()
    assert "Zwolle voorjaar" in html and "approve_second_place" in html
    client.post(url, {"action": "approve_second_place", "reason": ""})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


# --- what the registration page and the mails say -------------------------------------------


def test_a_cancelled_registration_shows_no_price(client, participant, cohort, mailoutbox):
    from course.services.registration import cancel_registration

    registration = register(participant, cohort, details())
    cancel_registration(registration, participant)
    client.force_login(participant)
    html = client.get(reverse("registration:detail", args=[registration.pk])).content.decode()
    assert _("What you pay") not in html
    assert _("Total") not in html


def test_the_cancellation_mail_shows_no_price(
    participant, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    from course.services.registration import cancel_registration

    registration = register(
        participant, cohort, details(is_lbbo_member=True, membership_number="12345")
    )
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration, participant)
    assert _("Total") not in mailoutbox[-1].body


@pytest.mark.parametrize("on_member_list", [True, False])
def test_the_page_and_the_mail_agree_on_whether_the_number_was_checked(
    client, participant, cohort, mailoutbox, django_capture_on_commit_callbacks, on_member_list
):
    from course.models import LbboMember

    if on_member_list:
        LbboMember.objects.create(number="12345")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(
            participant, cohort, details(is_lbbo_member=True, membership_number="12345")
        )
    sentence = str(registration.membership_check_text())
    assert sentence
    client.force_login(participant)
    html = client.get(reverse("registration:detail", args=[registration.pk])).content.decode()
    assert sentence in html
    assert sentence in mailoutbox[-1].body
    other = (
        _("Not checked yet against the LBBO member list.")
        if on_member_list
        else _("Checked: this number is on the LBBO member list.")
    )
    assert other not in html and other not in mailoutbox[-1].body
