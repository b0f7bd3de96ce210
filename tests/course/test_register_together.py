"""Register together (issue 15): a director and their own ib'er. One registers both; the
colleague confirms their own place and details through an emailed, signed link."""

import datetime
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from course.models import DuoInvitation, LbboMember, Registration
from course.services.registration import (
    accept_duo_invitation,
    decline_duo_invitation,
    duo_invitation_token,
    expire_offers,
    register,
    register_together,
)
from tests.factories import CohortPageFactory, ParticipantFactory
from website.errors import ActionRefused

from .registration_fixtures import FEE, details, form_data, member_details


def together(person, cohort, colleague_email="ib@example.nl", **kw):
    return register_together(
        person,
        cohort,
        kw.pop("with_details", None) or details(function="director"),
        colleague_name="Ilse Ib",
        colleague_email=colleague_email,
        **kw,
    )


@pytest.fixture
def director(db):
    return ParticipantFactory(full_name="Dirk Directeur", email="dirk@example.nl")


@pytest.fixture
def colleague(db):
    return ParticipantFactory(full_name="Ilse Ib", email="ib@example.nl")


def test_registering_together_confirms_one_place_and_holds_a_second(cohort, director):
    places = cohort.places_left
    registration, invitation = together(director, cohort)
    assert registration.status == Registration.Status.CONFIRMED
    assert invitation.status == DuoInvitation.Status.PENDING
    assert cohort.places_left == places - 2


def test_the_colleague_is_mailed_a_working_link_after_commit(
    cohort, director, colleague, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        together(director, cohort)
    invitation_mail = next(m for m in mailoutbox if m.to == [colleague.email])
    assert "Dirk Directeur" in invitation_mail.subject
    link = re.search(r"https?://\S+/samen-aanmelden/\S+/", invitation_mail.body).group(0)
    client.force_login(colleague)
    response = client.get(urlsplit(link).path)
    assert response.status_code == 200
    assert "Dirk Directeur" in response.content.decode()


def test_accepting_gives_the_colleague_their_own_place_price_and_discount(
    cohort, director, colleague
):
    LbboMember.objects.create(number="55555")
    registration, invitation = together(director, cohort)
    places = cohort.places_left
    own = accept_duo_invitation(invitation, colleague, member_details("55555"))
    assert own.participant == colleague
    assert own.status == Registration.Status.CONFIRMED
    assert own.discount > 0 and own.total < FEE
    assert registration.total == FEE  # the director's own price is untouched
    assert cohort.places_left == places  # the held place became the registration
    invitation.refresh_from_db()
    assert invitation.status == DuoInvitation.Status.ACCEPTED
    assert invitation.registration == own


def test_each_keeps_their_own_membership_number_once_per_cohort(cohort, director, colleague):
    _registration, invitation = together(director, cohort, with_details=member_details("11111"))
    with pytest.raises(ActionRefused) as exc:
        accept_duo_invitation(invitation, colleague, member_details("11111"))
    assert exc.value.code == "membership_number_used"
    invitation.refresh_from_db()
    assert invitation.status == DuoInvitation.Status.PENDING  # nothing half-saved


def test_with_one_place_left_neither_is_registered(training_page, director):
    cohort = CohortPageFactory(parent=training_page, capacity=2)
    register(ParticipantFactory(), cohort, details())
    with pytest.raises(ActionRefused) as exc:
        together(director, cohort)
    assert exc.value.code == "duo_no_places"
    assert not Registration.objects.filter(participant=director).exists()
    assert not DuoInvitation.objects.exists()
    assert cohort.places_left == 1


def test_a_held_place_is_not_given_to_someone_else(training_page, director):
    cohort = CohortPageFactory(parent=training_page, capacity=2)
    together(director, cohort)
    late = register(ParticipantFactory(), cohort, details())
    assert late.status == Registration.Status.WAITING_LIST


def test_declining_frees_the_place_for_the_first_person_waiting(training_page, director, colleague):
    cohort = CohortPageFactory(parent=training_page, capacity=2)
    _registration, invitation = together(director, cohort)
    waiting = register(ParticipantFactory(), cohort, details())
    decline_duo_invitation(invitation, colleague)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.OFFERED


def test_an_expired_invitation_frees_its_place_and_cannot_be_accepted(
    training_page, director, colleague
):
    cohort = CohortPageFactory(parent=training_page, capacity=2)
    _registration, invitation = together(director, cohort)
    waiting = register(ParticipantFactory(), cohort, details())
    later = timezone.now() + datetime.timedelta(days=30)
    with pytest.raises(ActionRefused) as exc:
        accept_duo_invitation(invitation, colleague, details(), now=later)
    assert exc.value.code == "expired"
    expire_offers(now=later)
    invitation.refresh_from_db()
    waiting.refresh_from_db()
    assert invitation.status == DuoInvitation.Status.EXPIRED
    assert waiting.status == Registration.Status.OFFERED


def test_only_the_invited_address_may_accept(cohort, director):
    _registration, invitation = together(director, cohort)
    with pytest.raises(ActionRefused) as exc:
        accept_duo_invitation(invitation, ParticipantFactory(), details())
    assert exc.value.code == "not_invited"


def test_one_cannot_invite_oneself_or_someone_already_registered(cohort, director, colleague):
    with pytest.raises(ActionRefused) as exc:
        together(director, cohort, colleague_email="DIRK@example.nl")
    assert exc.value.code == "duo_self"
    register(colleague, cohort, details())
    with pytest.raises(ActionRefused) as exc:
        together(director, cohort)
    assert exc.value.code == "duo_already_registered"
    assert not Registration.objects.filter(participant=director).exists()


# --- The views ------------------------------------------------------------------------------


def test_the_form_registers_both_in_one_go(client, cohort, director, mailoutbox):
    client.force_login(director)
    data = form_data(
        function="director",
        register_together="on",
        colleague_name="Ilse Ib",
        colleague_email="ib@example.nl",
        step="confirm",
    )
    response = client.post(reverse("registration:register", args=[cohort.pk]), data)
    assert response.status_code == 302
    invitation = DuoInvitation.objects.get()
    assert invitation.email == "ib@example.nl"
    assert invitation.invited_with.participant == director


def test_the_form_asks_for_the_colleagues_name_and_address(client, cohort, director):
    client.force_login(director)
    data = form_data(register_together="on", step="preview")
    response = client.post(reverse("registration:register", args=[cohort.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert escape(_("Enter your colleague's name.")) in page
    assert escape(_("Enter your colleague's email address.")) in page
    assert not Registration.objects.exists()


def test_the_colleague_confirms_through_the_link(client, cohort, director, colleague):
    _registration, invitation = together(director, cohort)
    client.force_login(colleague)
    link = reverse("registration:duo", args=[duo_invitation_token(invitation)])
    response = client.post(link, form_data(function="ib", action="accept"))
    own = Registration.objects.get(participant=colleague)
    assert response.status_code == 302
    assert response.url == reverse("registration:detail", args=[own.pk])
    # Opening the link again leads to the colleague's own registration.
    assert client.get(link).url == reverse("registration:detail", args=[own.pk])


def test_anonymous_visitors_are_sent_to_login_and_come_back(client, cohort, director):
    _registration, invitation = together(director, cohort)
    link = reverse("registration:duo", args=[duo_invitation_token(invitation)])
    response = client.get(link)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=" in response.url


def test_the_link_of_one_invitation_does_not_open_another(client, cohort, director, colleague):
    _registration, mine = together(director, cohort)
    _other_registration, theirs = together(
        ParticipantFactory(), cohort, colleague_email="ander@example.nl"
    )
    client.force_login(colleague)
    response = client.get(reverse("registration:duo", args=[duo_invitation_token(theirs)]))
    assert response.status_code == 403
    assert "ander@example.nl" not in response.content.decode()
    assert "Ilse" not in response.content.decode().replace(colleague.full_name, "")
    forged = signing.dumps(theirs.pk, salt="another-salt")
    assert client.get(reverse("registration:duo", args=[forged])).status_code == 404
    assert client.get(reverse("registration:duo", args=["rommel"])).status_code == 404
    assert mine.status == DuoInvitation.Status.PENDING


def test_a_bad_form_on_the_link_saves_nothing_and_explains(client, cohort, director, colleague):
    _registration, invitation = together(director, cohort)
    client.force_login(colleague)
    link = reverse("registration:duo", args=[duo_invitation_token(invitation)])
    response = client.post(link, form_data(terms=None, action="accept"))
    assert response.status_code == 400
    assert _("You can only register if you agree to the terms and conditions.") in (
        response.content.decode()
    )
    assert not Registration.objects.filter(participant=colleague).exists()


def test_declining_through_the_link(client, cohort, director, colleague):
    _registration, invitation = together(director, cohort)
    client.force_login(colleague)
    link = reverse("registration:duo", args=[duo_invitation_token(invitation)])
    client.post(link, {"action": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == DuoInvitation.Status.DECLINED
    assert Decimal(cohort.places_left) == cohort.capacity - 1


# --- Never in one intervision group or peer-review pair --------------------------------------


def test_a_duo_is_never_in_one_intervision_group_or_review_pair(cohort, director):
    """The same-school rule of intervision/grouping.py and assignments/allocation.py
    already keeps a duo apart, because the colleague's confirmation gives them the same
    school record as the one who registered them."""
    from assignments import allocation as reviews
    from intervision import grouping

    school = director.school
    colleague = ParticipantFactory(email="ib@example.nl", school=None)
    _registration, invitation = together(
        director,
        cohort,
        with_details=details(
            function="director", school_name=school.name, school_place=school.place
        ),
    )
    # The colleague confirms the details the link's form fills in from the invitation.
    accept_duo_invitation(
        invitation,
        colleague,
        details(school_name=school.name, school_place=school.place, board_name=""),
    )
    colleague.refresh_from_db()
    assert colleague.school_id == director.school_id

    others = [ParticipantFactory() for _ in range(10)]
    for person in others:
        register(person, cohort, details())
    people = [director, colleague, *others]

    def grouping_person(user):
        return grouping.Person(user.pk, school_id=user.school_id, board_id=user.school.board_id)

    suggestion = grouping.suggest_groups(
        [grouping_person(u) for u in people], min_size=4, max_size=6
    )
    for group in suggestion.groups:
        assert not {director.pk, colleague.pk} <= set(group)
    assert suggestion.conflicts == []

    def review_person(user):
        return reviews.Person(user.pk, school_id=user.school_id, board_id=user.school.board_id)

    plans = [reviews.PlanToReview(1000 + u.pk, review_person(u)) for u in people]
    result = reviews.allocate(plans, [review_person(u) for u in people], per_plan=2)
    assert result.feasible
    pairs = {(plan_id - 1000, reviewer) for plan_id, reviewer in result.pairs}
    assert (director.pk, colleague.pk) not in pairs
    assert (colleague.pk, director.pk) not in pairs


def test_registering_oneself_while_a_place_is_held_takes_that_place(training_page, director):
    cohort = CohortPageFactory(parent=training_page, capacity=2)
    _registration, invitation = together(director, cohort)
    colleague = ParticipantFactory(email="IB@example.nl")
    own = register(colleague, cohort, details())
    assert own.status == Registration.Status.CONFIRMED
    invitation.refresh_from_db()
    assert invitation.status == DuoInvitation.Status.ACCEPTED
    assert invitation.registration == own
    assert cohort.places_left == 0


def test_the_invited_persons_export_and_erasure_cover_the_invitation(
    cohort, director, colleague, coordinator
):
    from website.personal_data import erase_personal_data, export_personal_data

    _registration, invitation = together(director, cohort)
    places = cohort.places_left
    exported = str(export_personal_data(colleague))
    assert "ib@example.nl" in exported and "Ilse Ib" in exported
    assert "Dirk Directeur" not in exported  # the inviter's data is not the colleague's
    erase_personal_data(colleague, by=coordinator)
    invitation.refresh_from_db()
    assert invitation.status == DuoInvitation.Status.DECLINED
    assert (invitation.full_name, invitation.email) == ("", "")
    assert cohort.places_left == places + 1


def test_the_demo_shows_a_held_place_and_seeding_twice_changes_nothing(cohort):
    from course.demo.registrations import seed_demo_duo

    seed_demo_duo(cohort)
    seed_demo_duo(cohort)
    invitation = DuoInvitation.objects.get()
    assert invitation.status == DuoInvitation.Status.PENDING
    assert invitation.invited_with.participant.email == "joost.brouwer@example.nl"


def test_the_registration_form_shows_a_place_freed_by_an_expired_invitation_at_once(
    client, training_page, director
):
    """The form's "full" notice is kept per content version (issue 16); expiring a held
    place writes with update(), which must still show on the next request."""
    cohort = CohortPageFactory(parent=training_page, capacity=2)
    together(director, cohort)
    visitor = ParticipantFactory()
    client.force_login(visitor)
    url = reverse("registration:register", args=[cohort.pk])
    full = _("This cohort is full. If you register, you are placed on the waiting list.")
    client.get(url)  # the first visit creates the site's settings rows (a content change)
    assert full in client.get(url).content.decode()
    expire_offers(now=timezone.now() + datetime.timedelta(days=30))
    assert full not in client.get(url).content.decode()


def test_the_coordinator_sees_the_invitations_holding_places(client, cohort, director, coordinator):
    together(director, cohort)
    other = ParticipantFactory(full_name="Bart Bestuurder")
    registration, declined = together(other, cohort, colleague_email="later@example.nl")
    declined.status = DuoInvitation.Status.DECLINED
    declined.save()
    client.force_login(coordinator)
    url = reverse("duo_invitations:index")
    page = client.get(url).content.decode()
    assert "ib@example.nl" in page and "Dirk Directeur" in page
    assert cohort.title in page
    pending = client.get(url, {"status": "pending"}).content.decode()
    assert "ib@example.nl" in pending and "later@example.nl" not in pending
    # Read-only: no button to add one, no form to change one.
    assert reverse("duo_invitations:add") not in page
    invitation = DuoInvitation.objects.get(email="ib@example.nl")
    assert client.get(reverse("duo_invitations:edit", args=[invitation.pk])).status_code != 200
    assert client.get(reverse("duo_invitations:inspect", args=[invitation.pk])).status_code == 200


def test_the_invitation_listing_keeps_its_query_count(
    client, coordinator, django_assert_max_num_queries
):
    def invite(count):
        for _n in range(count):
            cohort = CohortPageFactory()
            together(ParticipantFactory(), cohort, colleague_email=f"c{_n}{count}@example.nl")

    client.force_login(coordinator)
    url = reverse("duo_invitations:index")
    invite(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    few = len(few)  # now: the next request empties the query log
    invite(20)
    client.get(url)  # new cohorts change the content version: the cohort filter's choices
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200
