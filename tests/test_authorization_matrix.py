"""Every URL the project defines × every role: the answer each role gets, and no other
person's data on the pages it may see.

How the table works
-------------------
- ``project_url_keys()`` walks Django's URL resolver. A pattern belongs to the project when
  its view lives in one of ``PROJECT_APPS`` or is a Wagtail generic view for one of their
  models (our viewsets and snippets under /admin/); ``THIRD_PARTY_ENTRY_POINTS`` adds the
  library views that guard a door of ours (allauth login and sign-up, Wagtail's document
  view and front-end login, the sitemap, page serving). Each pattern is keyed by its URL
  name (``namespace:name``), never by the Python module of its view, so moving views
  between modules changes nothing here. A pattern without a name is keyed by its route.
- ``MATRIX`` maps each key to one or more ``Case``s: how to build the URL from the shared
  ``World`` (objects of *this* cohort and *this* participant, so other roles request
  somebody else's ids) and the outcome expected per role.
- A URL the resolver knows without a row makes ``test_every_project_url_has_a_row`` fail.

Roles and how to add one
------------------------
``ROLES`` is the registry. A role names the ``World`` attribute of the person it signs in as
(``None``: an anonymous browser), whose data it may see, and ``behaves_like``: rows that
do not mention the role expect what they expect for that role. The next features add their
roles here (see ``FUTURE_ROLES``): build the person in ``build_world``, register the role,
and give the feature's own URLs explicit expectations for it.
"""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from course.services.registration import duo_invitation_token
from tests.factories import (
    CertificateFactory,
    CohortPageFactory,
    CoordinatorFactory,
    DocumentFactory,
    HostVisitFactory,
    LibraryItemFactory,
    LibraryPageFactory,
    ParticipantFactory,
    PracticeDayFactory,
    RegistrationFactory,
    TestimonialFactory,
    TrainerFactory,
    VisitBookingFactory,
    VisitSlotFactory,
    training_page,
)

PROJECT_APPS = ("website", "course", "practice_day", "intervision", "assignments")

# Library views that are a door into the project: who gets in matters as much as for ours.
THIRD_PARTY_ENTRY_POINTS = {
    "account_login",
    "account_signup",
    "wagtaildocs_serve",
    "wagtailcore_login",
    "wagtail_serve",
    "sitemap.xml",
}


def model(name):
    """A project model by class name, wherever the app split has put it."""
    for label in PROJECT_APPS:
        try:
            return apps.get_model(label, name)
        except LookupError:
            continue
    raise LookupError(name)


# --- Walking the resolver ------------------------------------------------------------------


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            yield prefix + str(pattern.pattern), namespace, pattern


def _is_project_view(pattern):
    callback = pattern.callback
    view = getattr(callback, "view_class", None) or callback
    if view.__module__.split(".")[0] in PROJECT_APPS:
        return True
    # Wagtail's generic views serve our viewsets and snippets; the model says whose they are.
    model_class = (getattr(callback, "view_initkwargs", None) or {}).get("model")
    meta = getattr(model_class, "_meta", None)
    return meta is not None and meta.app_label in PROJECT_APPS


def project_url_keys():
    """``namespace:name`` (or the route, for unnamed patterns) of every project URL."""
    keys = set()
    for route, namespace, pattern in _walk(get_resolver().url_patterns):
        if pattern.name:
            key = f"{namespace}:{pattern.name}" if namespace else pattern.name
        else:
            key = route
        if key in THIRD_PARTY_ENTRY_POINTS or _is_project_view(pattern):
            keys.add(key)
    return keys


# --- Roles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    name: str
    person: str | None  # the World attribute this role signs in as; None = not signed in
    behaves_like: str | None = None  # fallback for rows that do not name this role
    sees: tuple = ()  # World people whose name and email this role may meet on any page
    links_only: bool = False  # no account: differs from anonymous only on secret-link URLs


ROLES = {
    role.name: role
    for role in [
        Role("anonymous", None),
        Role("participant", "participant", sees=("participant",)),
        Role("other_participant", "other_participant", sees=("other_participant",)),
        Role("trainer", "trainer", sees=("participant", "peer")),
        Role("other_trainer", "other_trainer", sees=("other_participant",)),
        Role(
            "coordinator",
            "coordinator",
            sees=("participant", "peer", "other_participant"),
        ),
        # A host holds a secret link (World.host_visit.access_token) and no account.
        Role("host", None, behaves_like="anonymous", links_only=True),
    ]
}

# Roles the next features add. Each gets a person in build_world and a Role entry above
# with ``behaves_like="participant"``, then explicit expectations on its feature's rows:
FUTURE_ROLES = {
    "group_member": "participant in this cohort's intervision group (intervision)",
    "peer_reviewer": "participant assigned to review this participant's plan (assignments)",
    "guest_link": "presentation-day guest holding one plan's private link (assignments)",
}

# The participants whose data the leak check looks for.
PEOPLE = ("participant", "peer", "other_participant")


# --- Outcomes ------------------------------------------------------------------------------

OK = "200"
LOGIN = "login"  # sent to a login page
DENIED = "denied"  # 403, or Wagtail's "no permission" redirect to the admin home
NOT_FOUND = "404"
NOT_ALLOWED = "405"
REDIRECT = "redirect"  # done, sent on (after a POST)
ADMIN_HOME = "admin home"  # sent to the admin's dashboard; on a page of the admin, a refusal


def outcome(response, signed_in):
    status = response.status_code
    if status in (301, 302):
        location = response["Location"].split("?")[0]
        if location.startswith(reverse("account_login")):
            return LOGIN
        if location.startswith(reverse("wagtailadmin_login")):
            # The admin's login view refuses signed-in people without admin access (403).
            return DENIED if signed_in else LOGIN
        if location == reverse("wagtailadmin_home") and signed_in:
            return ADMIN_HOME
        return REDIRECT
    if status == 403:
        return DENIED
    return str(status)


def roles(default=None, **per_role):
    """Expectations: ``default`` for each role not named, then the named ones."""
    expected = {name: default for name in ROLES if default is not None}
    expected.update(per_role)
    return expected


PUBLIC = roles(OK)
SIGNED_IN = roles(OK, anonymous=LOGIN, host=LOGIN)
STAFF = roles(
    OK,
    anonymous=LOGIN,
    host=LOGIN,
    participant=DENIED,
    other_participant=DENIED,
)
COORDINATOR_ONLY = roles(DENIED, anonymous=LOGIN, host=LOGIN, coordinator=OK)
NOBODY = roles(DENIED, anonymous=LOGIN, host=LOGIN)  # in the admin, nobody has the right
OWN_COHORT = roles(
    OK,
    anonymous=LOGIN,
    host=LOGIN,
    other_participant=NOT_FOUND,
    other_trainer=NOT_FOUND,
)
OWN_COHORT_PARTICIPANT = roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, participant=REDIRECT)
OWN_REGISTRATION = roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, participant=OK)
OWN_REVIEW = roles(
    NOT_FOUND, anonymous=LOGIN, host=LOGIN, participant=OK, trainer=OK, coordinator=OK
)
COHORT_STAFF = roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, trainer=OK, coordinator=OK)
COHORT_STAFF_POST = roles(
    NOT_FOUND, anonymous=LOGIN, host=LOGIN, trainer=REDIRECT, coordinator=REDIRECT
)


@dataclass
class Case:
    label: str
    url: object  # callable(world) -> path
    expect: dict
    method: str = "get"
    data: object = None  # callable(world) -> POST data
    reveals: tuple = ()  # World people this URL shows to whoever may open it
    secret_link: bool = False  # the URL carries a secret token (host link, calendar feed)


def url(name, *args_from_world, **kwargs_from_world):
    """A URL builder: ``url("course:attendance", day_id="cohort_day5.pk")``."""

    def resolve(world, path):
        value = world
        for part in path.split("."):
            value = getattr(value, part)
        return value

    def build(world):
        return reverse(
            name,
            args=[resolve(world, a) for a in args_from_world],
            kwargs={k: resolve(world, v) for k, v in kwargs_from_world.items()},
        )

    return build


def literal(path):
    return lambda world: path


def admin(namespace, pk, **expect_by_view):
    """Rows for one Wagtail viewset of ours: ``view=expectations``; ``pk`` builds object URLs."""

    def builder(name):
        def build(world):
            try:
                return reverse(name)
            except Exception:
                return url(name, pk)(world)

        return build

    return {
        f"{namespace}:{view}": [
            Case("this cohort's" if view else "", builder(f"{namespace}:{view}"), expect)
        ]
        for view, expect in expect_by_view.items()
    }


# --- The shared world ------------------------------------------------------------------------


def build_world():
    """This cohort with its people and records, and another cohort with its own."""
    w = SimpleNamespace()
    w.training = training_page()
    w.library_page = LibraryPageFactory(parent=w.training)
    today = timezone.localdate()
    w.participant = ParticipantFactory(full_name="Paula Eigenaar", email="paula@example.nl")
    w.peer = ParticipantFactory(full_name="Greta Groepsgenoot", email="greta@example.nl")
    w.other_participant = ParticipantFactory(full_name="Olga Anderegroep", email="olga@example.nl")
    w.trainer = TrainerFactory(full_name="Tom Trainer", email="tom@example.nl")
    w.other_trainer = TrainerFactory(full_name="Theo Elders", email="theo@example.nl")
    w.coordinator = CoordinatorFactory(full_name="Carla Coordinator", email="carla@example.nl")

    first = today + datetime.timedelta(days=30)
    w.cohort = CohortPageFactory(
        days__first_date=first, days__every=7, trainers=[w.trainer], slug="deze-groep"
    )
    w.other_cohort = CohortPageFactory(
        days__first_date=first, days__every=7, trainers=[w.other_trainer], slug="andere-groep"
    )
    w.cohort_day = w.cohort.days.get(number=1)
    w.other_cohort_day = w.other_cohort.days.get(number=1)
    w.registration = RegistrationFactory(cohort=w.cohort, participant=w.participant)
    w.peer_registration = RegistrationFactory(cohort=w.cohort, participant=w.peer)
    w.other_registration = RegistrationFactory(
        cohort=w.other_cohort, participant=w.other_participant
    )
    invitations = model("DuoInvitation").objects
    expires = timezone.now() + datetime.timedelta(days=5)
    w.duo_invitation = invitations.create(
        cohort=w.cohort,
        invited_with=w.peer_registration,
        full_name=w.participant.full_name,
        email=w.participant.email,
        expires_at=expires,
    )
    w.other_duo_invitation = invitations.create(
        cohort=w.other_cohort,
        invited_with=w.other_registration,
        full_name=w.other_participant.full_name,
        email=w.other_participant.email,
        expires_at=expires,
    )
    w.duo_token = duo_invitation_token(w.duo_invitation)
    w.other_duo_token = duo_invitation_token(w.other_duo_invitation)
    w.log = model("RegistrationLog").objects.create(
        registration=w.registration, kind="status", new_status="confirmed", reason="matrix"
    )
    w.incompany = model("InCompanyRequest").objects.create(
        organisation="Stichting Matrix",
        contact_name="Ines Incompany",
        email="ines@example.nl",
        phone="0301234567",
        participant_count=12,
        region="Midden",
        period="najaar",
    )

    w.practice_day = PracticeDayFactory(cohort=w.cohort)
    w.other_practice_day = PracticeDayFactory(cohort=w.other_cohort)
    w.host_visit = HostVisitFactory(cohort=w.cohort, organisation="Kindcentrum Eigen")
    w.other_host_visit = HostVisitFactory(cohort=w.other_cohort, organisation="IKC Ander")
    w.slot = VisitSlotFactory(host_visit=w.host_visit)
    w.second_slot = VisitSlotFactory(host_visit=w.host_visit, starts_at=datetime.time(13, 0))
    w.other_slot = VisitSlotFactory(host_visit=w.other_host_visit)
    w.booking = VisitBookingFactory(slot=w.slot, participant=w.participant)
    w.other_booking = VisitBookingFactory(slot=w.other_slot, participant=w.other_participant)
    w.waiting = model("WaitingListEntry").objects.create(
        slot=w.second_slot, participant=w.participant
    )
    w.proposal = model("ProposedAssignment").objects.create(
        practice_day=w.practice_day, participant=w.participant, slot=w.slot
    )

    # Intervision: the participant and the peer form this cohort's published group with a
    # coming session (roles by the rota); the other participant has a group in the other cohort.
    from intervision.services.sessions import fill_roles

    w.group = model("IntervisionGroup").objects.create(
        cohort=w.cohort, number=1, published_at=timezone.now()
    )
    w.other_group = model("IntervisionGroup").objects.create(
        cohort=w.other_cohort, number=1, published_at=timezone.now()
    )
    for group, person in [
        (w.group, w.participant),
        (w.group, w.peer),
        (w.other_group, w.other_participant),
    ]:
        model("GroupMembership").objects.create(group=group, participant=person)
    starts = timezone.now() + datetime.timedelta(days=10)
    w.session = model("IntervisionSession").objects.create(
        group=w.group,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        method=model("Method").objects.get(slug="incidentmethode"),
        location="Lokaal 1",
    )
    fill_roles(w.group)
    w.method = w.session.method
    # The peer asks the participant to take over their role.
    w.swap = model("RoleSwap").objects.create(
        session=w.session,
        role=w.session.roles.get(participant=w.peer).role,
        requested_by=w.peer,
        other=w.participant,
    )

    # The final assignment: this cohort's is open for writing; the participant has a plan
    # with an attachment.
    from django.core.files.base import ContentFile

    w.assignment = w.cohort.assignment
    w.assignment.dates_follow_course_days = False
    w.assignment.writing_opens = timezone.now() - datetime.timedelta(days=5)
    w.assignment.save()
    w.plan = model("Plan").objects.create(
        assignment=w.assignment, author=w.participant, body="## Doel\n\nSamen sterker."
    )
    w.plan.attachment.save("bijlage.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=True)

    w.feed_token = model("CalendarFeedToken").for_user(w.participant)
    w.peer_certificate = CertificateFactory(cohort=w.cohort, participant=w.peer)
    w.document = DocumentFactory(title="Checklist privacy")
    w.library_item = LibraryItemFactory(document=w.document, participants_only=True)
    w.testimonial = TestimonialFactory()
    build_peer_review_world(w)
    build_intervision_records_world(w)
    build_presentation_world(w)
    return w


def build_presentation_world(w):
    """Presentation day (assignments, issue 14): this cohort's schedule with a room and the
    participant's slot; the participant and the other participant each invited a guest."""
    from assignments.services import presentation

    day = presentation.presentation_day_for(w.cohort)
    model("PresentationRoom").objects.create(day=day, name="Lokaal 1", trainer=w.trainer)
    presentation.generate_schedule(w.cohort, by=w.coordinator)
    presentation.publish_schedule(w.cohort, by=w.coordinator, notify=False)
    w.presentation_slot = model("PresentationSlot").objects.get(participant=w.participant)
    w.guest, w.guest_token = presentation.invite_guest(
        w.participant, w.cohort, name="Dirk Directeur", email="dirk@example.nl", role="director"
    )
    w.other_guest, w.other_guest_token = presentation.invite_guest(
        w.other_participant,
        w.other_cohort,
        name="Sanne Swv",
        email="sanne@example.nl",
        role="partnership",
    )


def build_intervision_records_world(w):
    """Intervision cases, notes and reflections (iv-cases), with explicit roles.

    - ``shared_session`` (this group, past): the peer presented a case and shared it; the
      participant is the scribe and wrote the note.
    - ``draft_session`` (this group, past): the participant's case is still a draft; the
      peer is the scribe and wrote the note.
    - ``peer_draft_session`` (this group, past): the peer's draft, which no groupmate sees.
    - ``second_session``: a shared case and note in this cohort's second group, whose only
      member is nobody of the roles (a groupmate of another group in the same cohort).
    - ``other_session``: the other cohort's group, the other participant's shared case and note.
    - Reflections: the participant's private and shared ones, the peer's shared one, the
      other participant's shared one.
    """
    session_model, role_model = model("IntervisionSession"), model("SessionRole")
    case_model, note_model = model("Case"), model("SessionNote")
    reflection_model = model("Reflection")
    presenter, scribe = role_model.Role.CASE_PRESENTER, role_model.Role.SCRIBE
    w.second_member = ParticipantFactory(full_name="Sam Tweedegroep", email="sam@example.nl")
    RegistrationFactory(cohort=w.cohort, participant=w.second_member)
    w.second_group = model("IntervisionGroup").objects.create(
        cohort=w.cohort, number=2, published_at=timezone.now()
    )
    model("GroupMembership").objects.create(group=w.second_group, participant=w.second_member)

    def past_session(group, days_ago, roles):
        starts = timezone.now() - datetime.timedelta(days=days_ago)
        session = session_model.objects.create(
            group=group,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            method=w.method,
        )
        for role, person in roles.items():
            role_model.objects.create(session=session, role=role, participant=person)
        return session

    def case(session, author, *, shared):
        return case_model.objects.create(
            session=session,
            author=author,
            title="Een leerling die thuisblijft",
            body="## Vraag\n\nHoe krijg ik de ouders aan tafel?",
            shared_at=timezone.now() if shared else None,
        )

    w.shared_session = past_session(w.group, 20, {presenter: w.peer, scribe: w.participant})
    w.shared_case = case(w.shared_session, w.peer, shared=True)
    w.own_note = note_model.objects.create(
        session=w.shared_session, author=w.participant, body="Adviezen"
    )
    w.draft_session = past_session(w.group, 13, {presenter: w.participant, scribe: w.peer})
    # A finding for the guard (an email address), so its buttons have something to act on.
    w.draft_case = case_model.objects.create(
        session=w.draft_session,
        author=w.participant,
        title="Concept",
        body="Moeder mailt via ouder@example.nl.",
    )
    w.peer_note = note_model.objects.create(session=w.draft_session, author=w.peer, body="Adviezen")
    w.peer_draft_session = past_session(w.group, 6, {presenter: w.peer})
    w.peer_draft = case(w.peer_draft_session, w.peer, shared=False)
    w.second_session = past_session(
        w.second_group, 20, {presenter: w.second_member, scribe: w.second_member}
    )
    case(w.second_session, w.second_member, shared=True)
    note_model.objects.create(session=w.second_session, author=w.second_member, body="Adviezen")
    w.other_session = past_session(
        w.other_group, 20, {presenter: w.other_participant, scribe: w.other_participant}
    )
    w.other_case = case(w.other_session, w.other_participant, shared=True)
    note_model.objects.create(session=w.other_session, author=w.other_participant, body="Adviezen")

    def reflection(author, group, *, shared):
        return reflection_model.objects.create(
            author=author, group=group, body="Wat ik leerde", shared_with_trainer=shared
        )

    w.reflection = reflection(w.participant, w.group, shared=False)
    w.shared_reflection = reflection(w.participant, w.group, shared=True)
    w.peer_reflection = reflection(w.peer, w.group, shared=True)
    w.other_reflection = reflection(w.other_participant, w.other_group, shared=True)


def build_peer_review_world(w):
    """Peer review (assignments, plan-b): the review phase of this cohort has closed; the
    participant and the peer reviewed each other's plan; the peer's plan has an attachment."""
    from django.core.files.base import ContentFile

    now = timezone.now()
    day = datetime.timedelta(days=1)
    dates = {
        "writing_opens": now - 40 * day,
        "submission_deadline": now - 20 * day,
        "review_deadline": now - day,
        "revision_deadline": now + 7 * day,
        "grading_deadline": now + 14 * day,
        "closes_at": now + 30 * day,
    }
    w.assignment = model("Assignment").objects.get(cohort=w.cohort)
    model("Assignment").objects.filter(pk=w.assignment.pk).update(**dates)
    plan_model, review_model = model("Plan"), model("Review")
    plans = {}
    for key, author in (("own_plan", w.participant), ("peer_plan", w.peer)):
        plan, _created = plan_model.objects.get_or_create(assignment=w.assignment, author=author)
        plan_model.objects.filter(pk=plan.pk).update(submitted_at=now - 21 * day, body="Plan")
        plans[key] = plan
    w.own_plan, w.peer_plan = plans["own_plan"], plans["peer_plan"]
    w.peer_plan.attachment.save("plan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    plan_model.objects.filter(pk=w.peer_plan.pk).update(attachment=w.peer_plan.attachment.name)
    w.review_of_own = review_model.objects.create(
        plan=w.own_plan, reviewer=w.peer, status="submitted", submitted_at=now - 2 * day
    )
    w.own_review = review_model.objects.create(
        plan=w.peer_plan, reviewer=w.participant, status="submitted", submitted_at=now - 2 * day
    )
    # Grading (issue 14): the participant's plan has a released grade.
    w.grade = model("Grade").objects.create(
        plan=w.own_plan,
        status="released",
        first_marker=w.trainer,
        score=5,
        max_score=6,
        passed=True,
        released_at=now,
        released_by=w.trainer,
    )
    w.other_assignment = model("Assignment").objects.get(cohort=w.other_cohort)
    w.other_plan, _created = plan_model.objects.get_or_create(
        assignment=w.other_assignment, author=w.other_participant
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction that is rolled back at its end; each
    test runs in a savepoint inside it (pytest-django's ``db``), so POSTs undo themselves."""
    media = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        STORAGES={
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        },
    )
    with media, django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- The table -----------------------------------------------------------------------------

PAGE_URL = {
    "home": lambda w: "/",
    "cohort": lambda w: w.cohort.url,
    "library": lambda w: w.library_page.url,
}

MATRIX = {
    # Accounts and the doors into them.
    # Signed in already: sent on.
    "account_login": [Case("form", url("account_login"), roles(REDIRECT, anonymous=OK, host=OK))],
    "account_signup": [Case("form", url("account_signup"), roles(REDIRECT, anonymous=OK, host=OK))],
    "profile": [Case("own profile", url("profile"), SIGNED_IN)],
    # Anyone may switch the language; a signed-in person's choice is stored on their own account.
    "set_language": [
        Case(
            "switch to English",
            url("set_language"),
            roles(REDIRECT),
            "post",
            data=lambda w: {"language": "en", "next": "/"},
        )
    ],
    # A person's own data (AVG): no id in the URL, so nobody reaches anyone else's.
    "personal_data": [Case("own data", url("personal_data"), SIGNED_IN)],
    "personal_data_download": [Case("own data as JSON", url("personal_data_download"), SIGNED_IN)],
    "wagtailadmin_login": [
        Case(
            "admin login",
            url("wagtailadmin_login"),
            roles(
                ADMIN_HOME,
                anonymous=LOGIN,
                host=LOGIN,
                participant=DENIED,
                other_participant=DENIED,
            ),
        )
    ],
    # Every login goes through allauth (rate limits, verification).
    "wagtailcore_login": [
        Case(
            "front-end login",
            url("wagtailcore_login"),
            roles(LOGIN),
        )
    ],
    # Wagtail's built-in error-page trigger is not reachable by anyone.
    "admin/failwhale/": [Case("failwhale", literal("/admin/failwhale/"), roles(NOT_FOUND))],
    # Public pages.
    "wagtail_serve": [Case(label, builder, PUBLIC) for label, builder in PAGE_URL.items()],
    "sitemap.xml": [Case("sitemap", literal("/sitemap.xml"), PUBLIC)],
    # The load balancer's probe: "ok" for anybody, nothing else (website/health.py).
    "healthz": [Case("health probe", url("healthz"), PUBLIC)],
    "search": [Case("search", literal("/zoeken/?q=checklist"), PUBLIC)],
    "feeds:cohort": [Case("this cohort", url("feeds:cohort", cohort_id="cohort.pk"), PUBLIC)],
    "feeds:personal": [
        # The secret link is the credential: whoever holds it gets the participant's feed.
        Case(
            "participant's link",
            url("feeds:personal", token="feed_token.token"),
            PUBLIC,
            secret_link=True,
        ),
        Case(
            "unknown link", literal("/agenda/persoonlijk/geen-geldige-link.ics"), roles(NOT_FOUND)
        ),
    ],
    "wagtaildocs_serve": [
        Case(
            "participants-only document",
            lambda w: w.document.url,
            roles(
                DENIED,
                anonymous=LOGIN,
                host=LOGIN,
                participant=OK,
                other_participant=OK,  # a confirmed place in any cohort opens the library
                trainer=OK,
                other_trainer=OK,
                coordinator=OK,
            ),
        )
    ],
    # Mijn opleiding.
    "course:dashboard": [Case("own", url("course:dashboard"), SIGNED_IN)],
    "course:regenerate_feed": [
        Case(
            "own",
            url("course:regenerate_feed"),
            roles(REDIRECT, anonymous=LOGIN, host=LOGIN),
            "post",
        )
    ],
    "course:cohort_overview": [Case("own cohorts", url("course:cohort_overview"), STAFF)],
    "course:attendance": [
        Case(
            "this cohort's day",
            url("course:attendance", day_id="cohort_day.pk"),
            roles(DENIED, anonymous=LOGIN, host=LOGIN, trainer=OK, coordinator=OK),
            reveals=("participant", "peer"),
        ),
        Case(
            "unknown day",
            literal("/mijn-opleiding/groepen/dag/999999/aanwezigheid/"),
            roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN),
        ),
    ],
    "course:attendance_export": [
        Case(
            "this cohort",
            url("course:attendance_export", cohort_id="cohort.pk"),
            COORDINATOR_ONLY,
            reveals=("participant", "peer"),
        )
    ],
    # The certificate. The participant has not completed this cohort (its days are to
    # come): refused with a message on Mijn opleiding; nobody else has a place in it.
    "course:certificate_download": [
        Case(
            "this cohort, not completed",
            url("course:certificate_download", cohort_id="cohort.pk"),
            OWN_COHORT_PARTICIPANT,
        ),
        Case(
            "the other cohort",
            url("course:certificate_download", cohort_id="other_cohort.pk"),
            roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, other_participant=REDIRECT),
        ),
    ],
    "course:certificates": [
        Case(
            "this cohort",
            url("course:certificates", cohort_id="cohort.pk"),
            COORDINATOR_ONLY,
            reveals=("participant", "peer"),
        )
    ],
    "course:revoke_certificate": [
        Case(
            "the peer's certificate",
            url("course:revoke_certificate", pk="peer_certificate.pk"),
            roles(DENIED, anonymous=LOGIN, host=LOGIN, coordinator=REDIRECT),
            "post",
            data=lambda w: {"reason": "matrix"},
        )
    ],
    # Public: anyone checks a code; a valid one shows the holder's name (and nothing else).
    "certificates:verify": [Case("form", url("certificates:verify"), PUBLIC)],
    "certificates:verify_code": [
        Case(
            "the peer's certificate",
            lambda w: w.peer_certificate.get_verification_path(),
            PUBLIC,
            reveals=("peer",),
        ),
        Case("unknown code", literal("/certificaat/0000-0000-0000-0000/"), roles(NOT_FOUND)),
    ],
    # Registration.
    "registration:cohorts": [Case("open cohorts", url("registration:cohorts"), PUBLIC)],
    "registration:register": [
        Case(
            "this cohort",
            url("registration:register", cohort_id="cohort.pk"),
            # Already registered: sent to the registration.
            roles(OK, anonymous=LOGIN, host=LOGIN, participant=REDIRECT),
        )
    ],
    "registration:mine": [Case("own", url("registration:mine"), SIGNED_IN)],
    "registration:detail": [
        Case("participant's", url("registration:detail", pk="registration.pk"), OWN_REGISTRATION)
    ],
    "registration:cancel": [
        Case("participant's", url("registration:cancel", pk="registration.pk"), OWN_REGISTRATION)
    ],
    "registration:accept_offer": [
        Case(
            "participant's",
            url("registration:accept_offer", pk="registration.pk"),
            roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, participant=REDIRECT),
            "post",
        )
    ],
    # Register together: the colleague's emailed link answers only the invited account.
    "registration:duo": [
        Case(
            "the participant's invitation",
            url("registration:duo", "duo_token"),
            roles(DENIED, anonymous=LOGIN, host=LOGIN, participant=OK),
            reveals=("participant", "peer"),
            secret_link=True,
        ),
        Case(
            "another person's invitation",
            url("registration:duo", "other_duo_token"),
            roles(DENIED, anonymous=LOGIN, host=LOGIN, other_participant=OK),
            reveals=("other_participant",),
            secret_link=True,
        ),
        Case(
            "the participant's invitation, declined",
            url("registration:duo", "duo_token"),
            roles(DENIED, anonymous=LOGIN, host=LOGIN, participant=REDIRECT),
            "post",
            data=lambda world: {"action": "decline"},
            secret_link=True,
        ),
    ],
    "registration:incompany": [Case("form", url("registration:incompany"), PUBLIC)],
    "registration:incompany_thanks": [Case("thanks", url("registration:incompany_thanks"), PUBLIC)],
    # Practice day.
    "visits:practice_day": [
        Case("this cohort", url("visits:practice_day", cohort_id="cohort.pk"), OWN_COHORT)
    ],
    "visits:book": [
        Case(
            "this cohort's visit",
            url("visits:book", cohort_id="cohort.pk", slot_id="second_slot.pk"),
            OWN_COHORT_PARTICIPANT,
            "post",
        ),
        Case(
            "another cohort's visit under this cohort",
            url("visits:book", cohort_id="cohort.pk", slot_id="other_slot.pk"),
            roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN),
            "post",
        ),
    ],
    "visits:cancel": [
        Case(
            "participant's booking",
            url("visits:cancel", cohort_id="cohort.pk", booking_id="booking.pk"),
            OWN_COHORT_PARTICIPANT,
            "post",
        ),
        Case(
            "another cohort's booking under this cohort",
            url("visits:cancel", cohort_id="cohort.pk", booking_id="other_booking.pk"),
            roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN),
            "post",
        ),
    ],
    "visits:join_waiting_list": [
        Case(
            "this cohort's visit",
            url("visits:join_waiting_list", cohort_id="cohort.pk", slot_id="slot.pk"),
            OWN_COHORT_PARTICIPANT,
            "post",
        )
    ],
    "visits:leave_waiting_list": [
        Case(
            "participant's waiting place",
            url("visits:leave_waiting_list", cohort_id="cohort.pk", slot_id="second_slot.pk"),
            OWN_COHORT_PARTICIPANT,
            "post",
        )
    ],
    "visits:preferences": [
        Case(
            "this cohort",
            url("visits:preferences", cohort_id="cohort.pk"),
            OWN_COHORT_PARTICIPANT,
            "post",
        )
    ],
    "visits:host_visitors": [
        # The secret link is the credential; it shows this host's visitors and no others.
        Case(
            "this host's link",
            url("visits:host_visitors", token="host_visit.access_token"),
            PUBLIC,
            reveals=("participant",),
            secret_link=True,
        ),
        Case("unknown link", literal("/praktijkdag/gastheer/geen-link/"), roles(NOT_FOUND)),
    ],
    "visits:host_visitors_csv": [
        Case(
            "this host's link",
            url("visits:host_visitors_csv", token="host_visit.access_token"),
            PUBLIC,
            reveals=("participant",),
            secret_link=True,
        ),
        Case("unknown link", literal("/praktijkdag/gastheer/geen-link/csv/"), roles(NOT_FOUND)),
    ],
    # Peer review (assignments, plan-b).
    "assignments:my_reviews": [Case("own", url("assignments:my_reviews"), SIGNED_IN)],
    "assignments:review": [
        Case(
            "participant's review of the peer's plan",
            url("assignments:review", review_id="own_review.pk"),
            OWN_REVIEW,
        ),
        # The review phase has closed: the author reads it (the reviewer under a pseudonym).
        Case(
            "the peer's review of the participant's plan",
            url("assignments:review", review_id="review_of_own.pk"),
            OWN_REVIEW,
        ),
    ],
    "assignments:review_attachment": [
        Case(
            "the plan the participant reviews",
            url("assignments:review_attachment", review_id="own_review.pk"),
            OWN_REVIEW,
        )
    ],
    "assignments:rate": [
        Case(
            "a review of the participant's plan",
            url("assignments:rate", review_id="review_of_own.pk"),
            roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, participant=REDIRECT),
            "post",
            data=lambda w: {f"r{w.review_of_own.pk}-helpfulness": "4"},
        )
    ],
    "assignments:received": [
        Case(
            "participant's plan",
            url("assignments:received", plan_id="own_plan.pk"),
            OWN_REGISTRATION,
        )
    ],
    "assignments:revision": [
        Case(
            "participant's plan",
            url("assignments:revision", plan_id="own_plan.pk"),
            OWN_REGISTRATION,
        )
    ],
    "assignments:progress": [
        Case(
            "this cohort",
            url("assignments:progress", cohort_id="cohort.pk"),
            COHORT_STAFF,
            reveals=("participant", "peer"),
        )
    ],
    "assignments:allocate": [
        Case(
            "this cohort",
            url("assignments:allocate", cohort_id="cohort.pk"),
            COHORT_STAFF_POST,
            "post",
        )
    ],
    "assignments:plan_reviews": [
        Case(
            "participant's plan",
            url("assignments:plan_reviews", cohort_id="cohort.pk", plan_id="own_plan.pk"),
            COHORT_STAFF,
            reveals=("participant", "peer"),
        ),
        Case(
            "another cohort's plan under this cohort",
            url("assignments:plan_reviews", cohort_id="cohort.pk", plan_id="other_plan.pk"),
            roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN),
        ),
    ],
    "assignments:add_review": [
        Case(
            "participant's plan",
            url("assignments:add_review", cohort_id="cohort.pk", plan_id="own_plan.pk"),
            COHORT_STAFF_POST,
            "post",
        )
    ],
    "assignments:remove_review": [
        Case(
            "a review of the participant's plan",
            url("assignments:remove_review", cohort_id="cohort.pk", review_id="review_of_own.pk"),
            COHORT_STAFF_POST,
            "post",
        )
    ],
    "assignments:move_review": [
        Case(
            "a review of the participant's plan",
            url("assignments:move_review", cohort_id="cohort.pk", review_id="review_of_own.pk"),
            COHORT_STAFF_POST,
            "post",
        )
    ],
    # Grading (issue 14): the cohort's staff grade, release and export; the author reads a
    # released grade; everybody else gets a 404.
    "assignments:grading": [
        Case(
            "this cohort",
            url("assignments:grading", cohort_id="cohort.pk"),
            COHORT_STAFF,
            reveals=("participant", "peer"),
        )
    ],
    "assignments:grade_plan": [
        Case(
            "participant's plan",
            url("assignments:grade_plan", cohort_id="cohort.pk", plan_id="own_plan.pk"),
            COHORT_STAFF,
            reveals=("participant", "peer"),
        ),
        Case(
            "another cohort's plan under this cohort",
            url("assignments:grade_plan", cohort_id="cohort.pk", plan_id="other_plan.pk"),
            roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN),
        ),
    ],
    "assignments:settle_grade": [
        Case(
            "participant's plan",
            url("assignments:settle_grade", cohort_id="cohort.pk", plan_id="own_plan.pk"),
            COHORT_STAFF_POST,
            "post",
        )
    ],
    "assignments:reopen_grade": [
        Case(
            "participant's plan",
            url("assignments:reopen_grade", cohort_id="cohort.pk", plan_id="own_plan.pk"),
            COHORT_STAFF_POST,
            "post",
        )
    ],
    "assignments:release_grades": [
        Case(
            "this cohort",
            url("assignments:release_grades", cohort_id="cohort.pk"),
            COHORT_STAFF_POST,
            "post",
        )
    ],
    "assignments:grades_export": [
        Case(
            "this cohort",
            url("assignments:grades_export", cohort_id="cohort.pk"),
            COHORT_STAFF,
            reveals=("participant", "peer"),
        )
    ],
    "assignments:my_grade": [
        Case(
            "participant's released grade",
            url("assignments:my_grade", plan_id="own_plan.pk"),
            OWN_REGISTRATION,
        ),
        Case(
            "another cohort's plan",
            url("assignments:my_grade", plan_id="other_plan.pk"),
            roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN),
        ),
    ],
    # The trainer's workspace: trainers and coordinators, each their own cohorts.
    "course:workspace": [Case("own cohorts", url("course:workspace"), STAFF)],
    # Coordinator tools in the admin.
    "registration_admin:manage": [
        Case(
            "participant's",
            url("registration_admin:manage", pk="registration.pk"),
            COORDINATOR_ONLY,
            reveals=("participant",),
        )
    ],
    "registration_admin:waiting_lists": [
        Case("all", url("registration_admin:waiting_lists"), COORDINATOR_ONLY)
    ],
    "registration_admin:member_list": [
        Case("upload form", url("registration_admin:member_list"), COORDINATOR_ONLY)
    ],
    "registration_admin:schedule_cohort": [
        Case(
            "this request",
            url("registration_admin:schedule_cohort", pk="incompany.pk"),
            COORDINATOR_ONLY,
        )
    ],
    "practice_day_admin:index": [Case("all", url("practice_day_admin:index"), COORDINATOR_ONLY)],
    "practice_day_admin:overview": [
        Case(
            "this cohort",
            url("practice_day_admin:overview", cohort_id="cohort.pk"),
            COORDINATOR_ONLY,
            reveals=("participant",),
        )
    ],
    "practice_day_admin:run": [
        Case(
            "this cohort",
            url("practice_day_admin:run", cohort_id="cohort.pk"),
            roles(DENIED, anonymous=LOGIN, host=LOGIN, coordinator=REDIRECT),
            "post",
        )
    ],
    "practice_day_admin:publish": [
        Case(
            "this cohort",
            url("practice_day_admin:publish", cohort_id="cohort.pk"),
            roles(DENIED, anonymous=LOGIN, host=LOGIN, coordinator=REDIRECT),
            "post",
        )
    ],
    "practice_day_admin:adjust": [
        Case(
            "this cohort's proposal",
            url("practice_day_admin:adjust", cohort_id="cohort.pk", proposal_id="proposal.pk"),
            roles(DENIED, anonymous=LOGIN, host=LOGIN, coordinator=REDIRECT),
            "post",
        ),
        Case(
            "this cohort's proposal under another cohort",
            url(
                "practice_day_admin:adjust",
                cohort_id="other_cohort.pk",
                proposal_id="proposal.pk",
            ),
            roles(DENIED, anonymous=LOGIN, host=LOGIN, coordinator=NOT_FOUND),
            "post",
        ),
    ],
    "practice_day_admin:bookings": [
        Case(
            "this cohort",
            url("practice_day_admin:bookings", cohort_id="cohort.pk"),
            COORDINATOR_ONLY,
            reveals=("participant",),
        )
    ],
    "practice_day_admin:cancel_booking": [
        Case(
            "this cohort's booking (the confirmation)",
            url(
                "practice_day_admin:cancel_booking", cohort_id="cohort.pk", booking_id="booking.pk"
            ),
            COORDINATOR_ONLY,
            reveals=("participant",),
        ),
        Case(
            "another cohort's booking under this cohort",
            url(
                "practice_day_admin:cancel_booking",
                cohort_id="cohort.pk",
                booking_id="other_booking.pk",
            ),
            roles(DENIED, anonymous=LOGIN, host=LOGIN, coordinator=NOT_FOUND),
            "post",
        ),
    ],
    "practice_day_admin:regenerate_link": [
        Case(
            "this cohort's host",
            url(
                "practice_day_admin:regenerate_link",
                cohort_id="cohort.pk",
                host_visit_id="host_visit.pk",
            ),
            roles(DENIED, anonymous=LOGIN, host=LOGIN, coordinator=REDIRECT),
            "post",
        ),
        Case(
            "another cohort's host under this cohort",
            url(
                "practice_day_admin:regenerate_link",
                cohort_id="cohort.pk",
                host_visit_id="other_host_visit.pk",
            ),
            roles(DENIED, anonymous=LOGIN, host=LOGIN, coordinator=NOT_FOUND),
            "post",
        ),
    ],
    # Our viewsets and snippets, served by Wagtail's generic views.
    **admin(
        "registrations",
        "registration.pk",
        index=COORDINATOR_ONLY,
        index_results=COORDINATOR_ONLY,
        add=NOBODY,
        edit=COORDINATOR_ONLY,
        delete=NOBODY,
        history=COORDINATOR_ONLY,
        history_results=COORDINATOR_ONLY,
        usage=COORDINATOR_ONLY,
    ),
    **admin(
        "incompany_requests",
        "incompany.pk",
        index=COORDINATOR_ONLY,
        index_results=COORDINATOR_ONLY,
        add=NOBODY,
        edit=COORDINATOR_ONLY,
        delete=COORDINATOR_ONLY,
        history=COORDINATOR_ONLY,
        history_results=COORDINATOR_ONLY,
        usage=COORDINATOR_ONLY,
        inspect=COORDINATOR_ONLY,
    ),
    **admin(
        "registrationlog",
        "log.pk",
        index=COORDINATOR_ONLY,
        index_results=COORDINATOR_ONLY,
        add=NOBODY,
        edit=NOBODY,
        delete=NOBODY,
        # A log entry has no history or usage of its own.
        history=NOBODY,
        history_results=NOBODY,
        usage=NOBODY,
        inspect=COORDINATOR_ONLY,
    ),
    **admin(
        "duo_invitations",
        "duo_invitation.pk",
        # Read-only: they change through the registration services alone.
        index=COORDINATOR_ONLY,
        index_results=COORDINATOR_ONLY,
        add=NOBODY,
        edit=NOBODY,
        delete=NOBODY,
        history=NOBODY,
        history_results=NOBODY,
        usage=NOBODY,
        inspect=COORDINATOR_ONLY,
    ),
    **admin(
        "wagtailusers_users",
        "participant.pk",
        # Coordinators list accounts to carry out deletion requests; they edit none.
        index=COORDINATOR_ONLY,
        index_results=COORDINATOR_ONLY,
        add=NOBODY,
        edit=NOBODY,
        delete=NOBODY,
        history=NOBODY,
        history_results=NOBODY,
        usage=NOBODY,
        copy=NOBODY,
        # Carrying out a deletion request (AVG) is the coordinator's task.
        erase=COORDINATOR_ONLY,
    ),
}


def _snippet(model_name, pk, *, view, add, change, delete, choose, copy=False, app="course"):
    namespace = f"wagtailsnippets_{app}_{model_name}"
    chooser = f"wagtailsnippetchoosers_{app}_{model_name}"
    rows = admin(
        namespace,
        pk,
        list=view,
        list_results=view,
        add=add,
        edit=change,
        delete=delete,
        history=view,
        history_results=view,
        usage=view,
        **({"copy": add} if copy else {}),
    )
    rows.update(
        admin(
            chooser,
            pk,
            choose=choose,
            choose_results=choose,
            chosen=choose,
            chosen_multiple=choose,
            create=add,
        )
    )
    return rows


# Intervision: members see their own published group, trainers their cohort's groups,
# coordinators all (to manage them); everybody else gets 404, anonymous visitors the login.
GROUP_MEMBERS = roles(
    NOT_FOUND, anonymous=LOGIN, host=LOGIN, participant=OK, trainer=OK, coordinator=OK
)
GROUP_MANAGERS = roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, trainer=OK, coordinator=OK)
GROUP_MANAGERS_POST = roles(
    NOT_FOUND, anonymous=LOGIN, host=LOGIN, trainer=REDIRECT, coordinator=REDIRECT
)
MEMBERS_AND_PEER = ("participant", "peer")
MATRIX.update(
    {
        # One own group: members go straight to it; staff get the list of cohorts.
        "intervision:index": [
            Case(
                "entry",
                url("intervision:index"),
                roles(
                    OK,
                    anonymous=LOGIN,
                    host=LOGIN,
                    participant=REDIRECT,
                    other_participant=REDIRECT,
                ),
            )
        ],
        "intervision:group": [
            Case(
                "this group",
                url("intervision:group", group_id="group.pk"),
                GROUP_MEMBERS,
                reveals=MEMBERS_AND_PEER,
            )
        ],
        "intervision:session": [
            Case(
                "this group's session",
                url("intervision:session", session_id="session.pk"),
                GROUP_MEMBERS,
                reveals=MEMBERS_AND_PEER,
            )
        ],
        "intervision:session_guide": [
            Case(
                "this group's session",
                url("intervision:session_guide", session_id="session.pk"),
                GROUP_MEMBERS,
                reveals=MEMBERS_AND_PEER,
            )
        ],
        "intervision:session_create": [
            Case(
                "this group",
                url("intervision:session_create", group_id="group.pk"),
                GROUP_MANAGERS,
                reveals=MEMBERS_AND_PEER,
            )
        ],
        "intervision:session_update": [
            Case(
                "this group's session",
                url("intervision:session_update", session_id="session.pk"),
                GROUP_MANAGERS,
                reveals=MEMBERS_AND_PEER,
            )
        ],
        "intervision:cohort_groups": [
            Case(
                "this cohort",
                url("intervision:cohort_groups", cohort_id="cohort.pk"),
                GROUP_MANAGERS,
                reveals=MEMBERS_AND_PEER,
            )
        ],
        **{
            f"intervision:{action}": [
                Case(
                    "this cohort",
                    url(f"intervision:{action}", cohort_id="cohort.pk"),
                    GROUP_MANAGERS_POST,
                    "post",
                )
            ]
            for action in ("suggest", "move", "publish")
        },
        # Asking needs a visible session; the service refuses people without the role.
        "intervision:swap_request": [
            Case(
                "this group's session",
                url("intervision:swap_request", session_id="session.pk"),
                roles(
                    NOT_FOUND,
                    anonymous=LOGIN,
                    host=LOGIN,
                    participant=REDIRECT,
                    trainer=REDIRECT,
                    coordinator=REDIRECT,
                ),
                "post",
            )
        ],
        # Only the asked member (the participant) may answer; anyone else gets 404.
        "intervision:swap_answer": [
            Case(
                "a request to another member",
                url("intervision:swap_answer", swap_id="swap.pk"),
                roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, participant=REDIRECT),
                "post",
                data=lambda w: {"answer": "decline"},
            )
        ],
    }
)

# Intervision cases, notes and reflections (iv-cases). A draft case is its author's; a shared
# case and the scribe's note are for the group's active members and the cohort's trainers;
# a reflection is its author's, and the cohort's trainers' once shared. Coordinators, other
# groups of the cohort and other cohorts get 404, exactly as for an unknown id. Each URL is
# also asked with the ids of another group of this cohort and of the other cohort.
ONLY_404 = roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN)
AUTHOR = roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, participant=OK)
AUTHOR_POST = roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, participant=REDIRECT)
GROUP_AND_TRAINER = roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, participant=OK, trainer=OK)
TRAINER = roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, trainer=OK)
OTHER_COHORT_AUTHOR = roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, other_participant=OK)
OTHER_COHORT_AUTHOR_POST = roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, other_participant=REDIRECT)
OTHER_COHORT_READERS = roles(
    NOT_FOUND, anonymous=LOGIN, host=LOGIN, other_participant=OK, other_trainer=OK
)


def _session_rows(name, method="get", **cases_by_session):
    """Rows for a URL by session id: ``session attribute=(label, expectations)``."""
    return [
        Case(
            label,
            url(f"intervision:{name}", session_id=f"{session}.pk"),
            expect,
            method,
            reveals=MEMBERS_AND_PEER if session in ("shared_session", "draft_session") else (),
        )
        for session, (label, expect) in cases_by_session.items()
    ]


def _object_rows(name, kwarg, method="get", **cases_by_object):
    return [
        Case(
            label,
            url(f"intervision:{name}", **{kwarg: f"{attribute}.pk"}),
            expect,
            method,
            reveals=MEMBERS_AND_PEER if attribute in ("group", "shared_reflection") else (),
        )
        for attribute, (label, expect) in cases_by_object.items()
    ]


MATRIX.update(
    {
        "intervision:case": _session_rows(
            "case",
            shared_session=("the peer's shared case", GROUP_AND_TRAINER),
            draft_session=("the participant's draft", AUTHOR),
            peer_draft_session=("the peer's draft", ONLY_404),
            second_session=("a shared case of this cohort's other group", TRAINER),
            other_session=("another cohort's shared case", OTHER_COHORT_READERS),
        ),
        **{
            f"intervision:{name}": _session_rows(
                name,
                draft_session=("the participant's draft", AUTHOR),
                shared_session=("the peer's shared case", ONLY_404),
                other_session=("another cohort's case", OTHER_COHORT_AUTHOR),
            )
            for name in ("case_edit", "case_review")
        },
        **{
            f"intervision:{name}": _session_rows(
                name,
                "post",
                draft_session=("the participant's draft", AUTHOR_POST),
                shared_session=("the peer's shared case", ONLY_404),
                other_session=("another cohort's case", OTHER_COHORT_AUTHOR_POST),
            )
            for name in (
                "case_replace",
                "case_replace_all",
                "case_dismiss",
                "case_mark_names",
                "case_share",
                "case_unshare",
            )
        },
        "intervision:note": _session_rows(
            "note",
            shared_session=("the participant's note", GROUP_AND_TRAINER),
            draft_session=("the peer's note", GROUP_AND_TRAINER),
            second_session=("a note of this cohort's other group", TRAINER),
            other_session=("another cohort's note", OTHER_COHORT_READERS),
        ),
        # Only the session's scribe writes the note.
        "intervision:note_edit": _session_rows(
            "note_edit",
            shared_session=("the participant is the scribe", AUTHOR),
            draft_session=("the peer is the scribe", ONLY_404),
            other_session=("another cohort's session", OTHER_COHORT_AUTHOR),
        ),
        # Active members keep a reflection log in their own group; trainers have none.
        "intervision:reflections": _object_rows(
            "reflections",
            "group_id",
            group=("own group", AUTHOR),
            second_group=("this cohort's other group", ONLY_404),
            other_group=("another cohort's group", OTHER_COHORT_AUTHOR),
        ),
        "intervision:reflection_export": _object_rows(
            "reflection_export",
            "group_id",
            group=("own group", AUTHOR),
            second_group=("this cohort's other group", ONLY_404),
            other_group=("another cohort's group", OTHER_COHORT_AUTHOR),
        ),
        "intervision:reflections_shared": _object_rows(
            "reflections_shared",
            "group_id",
            group=("this group", TRAINER),
            other_group=(
                "another cohort's group",
                roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, other_trainer=OK),
            ),
        ),
        "intervision:reflection": _object_rows(
            "reflection",
            "pk",
            reflection=("the participant's private reflection", AUTHOR),
            shared_reflection=("the participant's shared reflection", GROUP_AND_TRAINER),
            peer_reflection=("the peer's shared reflection", TRAINER),
            other_reflection=("another cohort's shared reflection", OTHER_COHORT_READERS),
        ),
        # Sharing with the trainer lets them read, never change or delete.
        "intervision:reflection_edit": _object_rows(
            "reflection_edit",
            "pk",
            reflection=("the participant's reflection", AUTHOR),
            peer_reflection=("the peer's shared reflection", ONLY_404),
            other_reflection=("another cohort's reflection", OTHER_COHORT_AUTHOR),
        ),
        "intervision:reflection_delete": _object_rows(
            "reflection_delete",
            "pk",
            reflection=("the participant's reflection", AUTHOR),
            peer_reflection=("the peer's shared reflection", ONLY_404),
            other_reflection=("another cohort's reflection", OTHER_COHORT_AUTHOR),
        )
        + _object_rows(
            "reflection_delete",
            "pk",
            "post",
            reflection=("deleting the participant's reflection", AUTHOR_POST),
            peer_reflection=("deleting the peer's shared reflection", ONLY_404),
            other_reflection=("deleting another cohort's reflection", OTHER_COHORT_AUTHOR_POST),
        ),
    }
)

# The final assignment: a participant's own plan in their own cohort (404 for everyone
# else); the cohort's staff see the plans and give extensions; a plan and its attachment by
# id for the author and the cohort's staff, 404 for everyone else (also anonymous).
OWN_PLAN = roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, participant=OK)
OWN_PLAN_POST = roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, participant=REDIRECT)
PLAN_READERS = roles(NOT_FOUND, participant=OK, trainer=OK, coordinator=OK)
PLAN_STAFF = roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, trainer=OK, coordinator=OK)
MATRIX.update(
    {
        "assignments:index": [
            Case(
                "entry",
                url("assignments:index"),
                roles(
                    OK,
                    anonymous=LOGIN,
                    host=LOGIN,
                    participant=REDIRECT,
                    other_participant=REDIRECT,
                ),
            )
        ],
        **{
            f"assignments:{name}": [
                Case("own cohort", url(f"assignments:{name}", cohort_id="cohort.pk"), OWN_PLAN)
            ]
            for name in ("plan", "versions", "privacy", "submit")
        },
        # The peer review world has the participant's plan submitted, so the author is let
        # in and told it is locked (409 with the reason); everyone else gets 404.
        "assignments:autosave": [
            Case(
                "own cohort",
                url("assignments:autosave", cohort_id="cohort.pk"),
                roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, participant="409"),
                "post",
                data=lambda w: {"body": "## Doel\n\nSamen sterker."},
            )
        ],
        **{
            f"assignments:{name}": [
                Case(
                    "own cohort",
                    url(f"assignments:{name}", cohort_id="cohort.pk"),
                    OWN_PLAN_POST,
                    "post",
                )
            ]
            for name in (
                "attachment",
                "privacy_replace",
                "privacy_replace_all",
                "privacy_dismiss",
                "privacy_names",
            )
        },
        "assignments:cohort_plans": [
            Case(
                "this cohort",
                url("assignments:cohort_plans", cohort_id="cohort.pk"),
                PLAN_STAFF,
                reveals=("participant", "peer"),
            )
        ],
        "assignments:extension": [
            Case(
                "this cohort's participant",
                url(
                    "assignments:extension", cohort_id="cohort.pk", participant_id="participant.pk"
                ),
                PLAN_STAFF,
                reveals=("participant",),
            )
        ],
        "assignments:plan_detail": [
            Case(
                "participant's plan",
                url("assignments:plan_detail", plan_id="plan.pk"),
                PLAN_READERS,
                reveals=("participant",),
            )
        ],
        "assignments:attachment_download": [
            Case(
                "participant's attachment",
                url("assignments:attachment_download", plan_id="plan.pk"),
                PLAN_READERS,
            )
        ],
    }
)
MATRIX.update(
    _snippet(
        "assignment",
        "assignment.pk",
        view=COORDINATOR_ONLY,
        add=NOBODY,  # created with the cohort
        change=COORDINATOR_ONLY,
        delete=NOBODY,
        choose=STAFF,
        app="assignments",
    )
)

# Presentation day (assignments, issue 14).
PRESENTATION_COORDINATOR_POST = roles(
    NOT_FOUND, anonymous=LOGIN, host=LOGIN, trainer=DENIED, coordinator=REDIRECT
)
MATRIX.update(
    {
        "assignments:presentation": [
            Case(
                "this cohort",
                url("assignments:presentation", cohort_id="cohort.pk"),
                roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN, participant=OK),
                reveals=("participant",),
            )
        ],
        "assignments:revoke_guest": [
            Case(
                "the participant's guest",
                url("assignments:revoke_guest", cohort_id="cohort.pk", guest_id="guest.pk"),
                roles(
                    NOT_FOUND,
                    anonymous=LOGIN,
                    host=LOGIN,
                    participant=REDIRECT,
                    coordinator=REDIRECT,
                ),
                "post",
            ),
            Case(
                "another cohort's guest under this cohort",
                url("assignments:revoke_guest", cohort_id="cohort.pk", guest_id="other_guest.pk"),
                roles(NOT_FOUND, anonymous=LOGIN, host=LOGIN),
                "post",
            ),
        ],
        "assignments:schedule": [
            Case(
                "this cohort",
                url("assignments:schedule", cohort_id="cohort.pk"),
                COHORT_STAFF,
                reveals=("participant", "peer"),
            )
        ],
        "assignments:schedule_settings": [
            Case(
                "this cohort",
                url("assignments:schedule_settings", cohort_id="cohort.pk"),
                PRESENTATION_COORDINATOR_POST,
                "post",
                data=lambda w: {
                    "day-starts_at": "10:00",
                    "day-ends_at": "16:00",
                    "day-slot_minutes": "15",
                    "day-changeover_minutes": "5",
                    "rooms-TOTAL_FORMS": "0",
                    "rooms-INITIAL_FORMS": "0",
                },
            )
        ],
        "assignments:generate_schedule": [
            Case(
                "this cohort",
                url("assignments:generate_schedule", cohort_id="cohort.pk"),
                PRESENTATION_COORDINATOR_POST,
                "post",
            )
        ],
        "assignments:publish_schedule": [
            Case(
                "this cohort",
                url("assignments:publish_schedule", cohort_id="cohort.pk"),
                PRESENTATION_COORDINATOR_POST,
                "post",
            )
        ],
        "assignments:change_slot": [
            Case(
                "the participant's slot",
                url(
                    "assignments:change_slot",
                    cohort_id="cohort.pk",
                    slot_id="presentation_slot.pk",
                ),
                PRESENTATION_COORDINATOR_POST,
                "post",
            )
        ],
        # The guest's private link is the credential: the participant's guest sees the
        # participant's plan and nobody else; an altered link shows nothing.
        "guest:plan": [
            Case(
                "the participant's guest link",
                url("guest:plan", token="guest_token"),
                PUBLIC,
                reveals=("participant",),
                secret_link=True,
            ),
            Case(
                "the other participant's guest link",
                url("guest:plan", token="other_guest_token"),
                PUBLIC,
                reveals=("other_participant",),
                secret_link=True,
            ),
            Case(
                "an altered link",
                lambda w: reverse("guest:plan", args=[w.guest_token[:-2] + "xx"]),
                roles(NOT_FOUND),
                secret_link=True,
            ),
        ],
    }
)

# Wagtail's snippet choosers are open to everyone with admin access (they list titles only,
# for choosing in an editor); creating through them needs the add permission.
ADMIN_USERS = STAFF
for app, snippet, pk, delete in [
    ("practice_day", "hostvisit", "host_visit.pk", COORDINATOR_ONLY),
    ("practice_day", "practiceday", "practice_day.pk", NOBODY),
    ("course", "testimonial", "testimonial.pk", COORDINATOR_ONLY),
    ("course", "libraryitem", "library_item.pk", COORDINATOR_ONLY),
    ("intervision", "method", "method.pk", COORDINATOR_ONLY),
]:
    MATRIX.update(
        _snippet(
            snippet,
            pk,
            view=COORDINATOR_ONLY,
            add=COORDINATOR_ONLY,
            change=COORDINATOR_ONLY,
            delete=delete,
            choose=ADMIN_USERS,
            copy=snippet in ("testimonial", "libraryitem"),
            app=app,
        )
    )


# --- The tests -----------------------------------------------------------------------------


def _expected(case, role):
    if role.name in case.expect:
        return case.expect[role.name]
    if role.behaves_like and role.behaves_like in case.expect:
        return case.expect[role.behaves_like]
    pytest.fail(f"no expectation for role {role.name!r}: add it to the row or give behaves_like")


def _params():
    for key in sorted(MATRIX):
        for case in MATRIX[key]:
            for role in ROLES.values():
                if role.links_only and not case.secret_link:
                    continue  # without an account it would repeat the anonymous request
                yield pytest.param(key, case, role, id=f"{key}[{case.label}]-{role.name}")


def _forbidden_text(world, case, role):
    """Names and email addresses of people this role may not see on this page."""
    allowed = set(role.sees) | set(case.reveals)
    texts = []
    for attribute in PEOPLE:
        if attribute not in allowed:
            person = getattr(world, attribute)
            texts += [person.full_name, person.email]
    return texts


def test_every_project_url_has_a_row():
    missing = project_url_keys() - set(MATRIX)
    assert not missing, f"URLs without a row in MATRIX: {sorted(missing)}"


def test_every_row_is_a_project_url():
    stale = set(MATRIX) - project_url_keys()
    assert not stale, f"rows for URLs that no longer exist: {sorted(stale)}"


@pytest.mark.parametrize("key,case,role", list(_params()))
def test_role_gets_expected_answer_and_no_other_persons_data(world, db, key, case, role):
    client = Client()
    person = getattr(world, role.person) if role.person else None
    if person is not None:
        client.force_login(person)
    path = case.url(world)
    data = case.data(world) if case.data else {}
    response = getattr(client, case.method)(path, data)
    expected = _expected(case, role)
    got = outcome(response, signed_in=person is not None)
    if got == ADMIN_HOME and path != reverse("wagtailadmin_login"):
        got = DENIED  # Wagtail's permission_denied: a message and the admin home
    assert got == expected, f"{case.method.upper()} {path} as {role.name}: {got}"
    if response.status_code == 200 and not getattr(response, "streaming", False):
        body = response.content.decode("utf-8", errors="replace")
        for text in _forbidden_text(world, case, role):
            assert text not in body, f"{path} shows {text!r} to {role.name}"
