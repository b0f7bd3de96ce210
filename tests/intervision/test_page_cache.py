"""The group page, the session page and the session guide keep their own part per person
(``course/personal_cache.py``): every change those pages show is on each member's very next
request, another group's member never sees the part, and its forms carry each request's own
CSRF token.

Each test loads the pages for every member (which stores their parts), changes something
through the service or view people use, and loads the pages again.
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from course import personal_cache
from intervision.models import GroupMembership, IntervisionSession, RoleSwap, SessionRole
from intervision.services import cases as case_services
from intervision.services import groups as group_services
from intervision.services import sessions as session_services
from tests.factories import (
    GroupMembershipFactory,
    IntervisionGroupFactory,
    MethodFactory,
    group_with_members,
)

pytestmark = pytest.mark.django_db


def _at(days, hours=0):
    return timezone.now() + datetime.timedelta(days=days, hours=hours)


@pytest.fixture
def setup(cohort, cohort_trainer):
    """A published group of four with a coming and a past session (roles handed out), and
    a second group of the same cohort."""
    group = group_with_members(4, cohort, published_at=timezone.now())
    method = MethodFactory()
    past = session_services.create_session(
        group, starts_at=_at(-7), ends_at=_at(-7, 2), method=method, location="Zaal Verleden"
    )
    # The past session's roles: the rota hands out only coming ones.
    members = [m.participant for m in group.memberships.order_by("pk")]
    for person, role in zip(members, SessionRole.Role.values, strict=False):
        SessionRole.objects.create(session=past, participant=person, role=role)
    coming = session_services.create_session(
        group, starts_at=_at(7), ends_at=_at(7, 2), method=method, location="Zaal Straks"
    )
    other = group_with_members(3, cohort, published_at=timezone.now())
    return {
        "cohort": cohort,
        "trainer": cohort_trainer,
        "group": group,
        "members": members,
        "past": past,
        "coming": coming,
        "other": other,
        "outsider": other.memberships.first().participant,
    }


def _client(person, *, csrf=False):
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(person)
    return client


def _urls(setup):
    group, coming, past = setup["group"], setup["coming"], setup["past"]
    return [
        reverse("intervision:group", args=[group.pk]),
        reverse("intervision:session", args=[coming.pk]),
        reverse("intervision:session", args=[past.pk]),
        reverse("intervision:session_guide", args=[coming.pk]),
    ]


def _pages(client, urls):
    """The pages' HTML in one string (each must open)."""
    html = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html.append(response.content.decode())
    return "\n".join(html)


def _everyone(setup):
    return [*setup["members"], setup["trainer"]]


def _warm(setup):
    """A client per member and the trainer, each with their parts stored."""
    clients = {person.pk: _client(person) for person in _everyone(setup)}
    for client in clients.values():
        _pages(client, _urls(setup))
    return clients


def test_the_second_request_renders_nothing_of_the_own_part(setup, monkeypatch):
    client = _client(setup["members"][0])
    _pages(client, _urls(setup))

    def must_not_render(*args, **kwargs):
        raise AssertionError("the part was not cached")

    monkeypatch.setattr("intervision.views.groups.render_to_string", must_not_render)
    monkeypatch.setattr("intervision.views.sessions.render_to_string", must_not_render)
    assert "Zaal Straks" in _pages(client, _urls(setup))


def test_a_renamed_member_shows_to_the_whole_group(setup):
    clients = _warm(setup)
    renamed = setup["members"][1]
    response = clients[renamed.pk].post(
        reverse("profile"),
        {
            "full_name": "Hernoemde Deelnemer",
            "function": renamed.function,
            "school": renamed.school_id,
            "language": "nl",
        },
    )
    assert response.status_code == 302

    for person in _everyone(setup):
        html = _pages(clients[person.pk], _urls(setup))
        assert "Hernoemde Deelnemer" in html, person


def test_an_erased_member_is_gone_from_everyones_next_page(setup):
    """AVG: after a coordinator erases a member's personal data, no stored part shows their
    name to the group or the trainer."""
    from tests.factories import CoordinatorFactory
    from website.personal_data import erase_personal_data

    clients = _warm(setup)
    erased = setup["members"][1]
    erased.full_name = "Te Wissen Persoon"
    erased.save()
    for person in _everyone(setup):
        assert "Te Wissen Persoon" in _pages(clients[person.pk], _urls(setup)[:3])

    erase_personal_data(erased, by=CoordinatorFactory())

    for person in _everyone(setup):
        if person.pk == erased.pk:
            continue
        html = _pages(clients[person.pk], _urls(setup)[:1] + _urls(setup)[2:3])
        assert "Te Wissen Persoon" not in html, person


def test_a_renamed_member_who_left_shows_in_the_past_sessions(setup):
    clients = _warm(setup)
    leaver = setup["members"][0]
    group_services.leave_cohort(leaver, setup["cohort"])
    stayer = setup["members"][1]
    _pages(clients[stayer.pk], _urls(setup))
    leaver.full_name = "Vertrokken Maar Hernoemd"
    leaver.save()

    html = _pages(clients[stayer.pk], _urls(setup)[:3])
    assert "Vertrokken Maar Hernoemd" in html


def test_a_new_school_name_shows_in_the_member_list(setup):
    clients = _warm(setup)
    school = setup["members"][2].school
    school.name = "Nieuwe Schoolnaam"
    school.save()

    for person in _everyone(setup):
        assert "Nieuwe Schoolnaam" in _pages(clients[person.pk], _urls(setup)[:1])


def test_a_last_login_alone_keeps_the_group_pages_cached(setup):
    from django.contrib.auth.models import update_last_login

    member = setup["members"][0]
    _pages(_client(member), _urls(setup))
    scope = personal_cache._version_key(personal_cache.cohort_scope(setup["cohort"].pk))
    from django.core.cache import cache

    before = cache.get(scope)
    update_last_login(None, setup["members"][1])
    assert cache.get(scope) == before


def test_a_member_moved_to_another_group_shows_in_both(setup):
    clients = _warm(setup)
    outsider = setup["outsider"]
    other_client = _client(outsider)
    other_url = reverse("intervision:group", args=[setup["other"].pk])
    _pages(other_client, [other_url])
    moved = setup["members"][3]
    group_services.move_member(setup["cohort"], moved, setup["other"])

    for person in setup["members"][:3]:
        assert moved.full_name not in _pages(clients[person.pk], _urls(setup)[:2])
    assert moved.full_name in _pages(other_client, [other_url])
    assert clients[moved.pk].get(_urls(setup)[0]).status_code == 404


def test_a_new_member_shows_and_sees_the_group(setup):
    clients = _warm(setup)
    newcomer = GroupMembershipFactory(group=setup["group"]).participant

    for person in _everyone(setup):
        assert newcomer.full_name in _pages(clients[person.pk], _urls(setup)[:1])
    assert "Zaal Straks" in _pages(_client(newcomer), _urls(setup))


def test_a_planned_session_shows_at_once(setup):
    clients = _warm(setup)
    session_services.create_session(
        setup["group"],
        starts_at=_at(14),
        ends_at=_at(14, 2),
        method=setup["coming"].method,
        location="Zaal Nieuw",
    )
    for person in _everyone(setup):
        assert "Zaal Nieuw" in _pages(clients[person.pk], _urls(setup)[:1])


def test_a_moved_session_shows_at_once(setup):
    clients = _warm(setup)
    coming = setup["coming"]
    trainer = clients[setup["trainer"].pk]
    starts = timezone.localtime(_at(9))
    response = trainer.post(
        reverse("intervision:session_update", args=[coming.pk]),
        {
            "date": starts.date().isoformat(),
            "starts_at": "10:00",
            "ends_at": "12:00",
            "method": coming.method_id,
            "location": "Zaal Verplaatst",
            "video_url": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    for person in _everyone(setup):
        assert "Zaal Verplaatst" in _pages(clients[person.pk], _urls(setup))


def test_a_cancelled_session_disappears_at_once(setup):
    clients = _warm(setup)
    IntervisionSession.objects.filter(pk=setup["coming"].pk).get().delete()
    for person in _everyone(setup):
        html = _pages(clients[person.pk], _urls(setup)[:1])
        assert "Zaal Straks" not in html


def test_a_session_that_ended_moves_to_the_past_ones(setup):
    """The part lives only until the next coming session ends."""
    soon = session_services.create_session(
        setup["group"],
        starts_at=_at(-1),
        ends_at=timezone.now() + datetime.timedelta(seconds=30),
        method=setup["coming"].method,
        location="Zaal Bijna Klaar",
    )
    client = _client(setup["members"][0])
    url = _urls(setup)[0]
    html = _pages(client, [url])
    assert html.index("Zaal Bijna Klaar") < html.index('id="past-sessions"')
    assert 0 < personal_cache.seconds_until(soon.ends_at) <= 30

    # The stored part expires when the session ends; after that it is rendered again.
    from django.core.cache import cache

    cache.clear()
    IntervisionSession.objects.filter(pk=soon.pk).update(ends_at=_at(0, -1))
    html = _pages(client, [url])
    assert html.index("Zaal Bijna Klaar") > html.index('id="past-sessions"')


def test_seconds_until_stores_nothing_for_a_moment_that_passed():
    assert personal_cache.seconds_until(None) == personal_cache.TIMEOUT
    assert personal_cache.seconds_until(_at(1)) == personal_cache.TIMEOUT
    assert personal_cache.seconds_until(_at(0, -1)) == 0
    calls = []
    for _ in range(2):
        personal_cache.cached(
            "expired", _setup_user(), ["x"], lambda: calls.append(1), timeout=lambda: 0
        )
    assert len(calls) == 2


def _setup_user():
    from tests.factories import UserFactory

    return UserFactory()


def test_a_swap_request_and_its_acceptance_show_at_once(setup):
    clients = _warm(setup)
    coming = setup["coming"]
    roles = list(coming.roles.select_related("participant"))
    asker, asked = roles[0], roles[1]

    # The request goes through the session page's form with that page's CSRF token.
    client = _client(asker.participant, csrf=True)
    html = _pages(client, [reverse("intervision:session", args=[coming.pk])])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        reverse("intervision:swap_request", args=[coming.pk]),
        {"role": asker.role, "other": asked.participant_id, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    swap = RoleSwap.objects.get()

    # The asked member sees the request on the group page and answers with its token.
    asked_client = _client(asked.participant, csrf=True)
    group_url = reverse("intervision:group", args=[setup["group"].pk])
    _pages(asked_client, [group_url])
    html = _pages(asked_client, [group_url])
    assert reverse("intervision:swap_answer", args=[swap.pk]) in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert token != personal_cache.CSRF_PLACEHOLDER
    response = asked_client.post(
        reverse("intervision:swap_answer", args=[swap.pk]),
        {"answer": "accept", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    swap.refresh_from_db()
    assert swap.status == RoleSwap.Status.ACCEPTED

    # Nobody else ever saw the request; everyone sees the new roles.
    new_holder = SessionRole.objects.get(session=coming, role=asker.role).participant
    assert new_holder == asked.participant
    for person in _everyone(setup):
        html = _pages(clients[person.pk], _urls(setup)[:2])
        assert reverse("intervision:swap_answer", args=[swap.pk]) not in html
        role_label = SessionRole.Role(asker.role).label
        assert re.search(
            rf"<dt>{role_label.capitalize()}</dt><dd>{re.escape(new_holder.full_name)}</dd>",
            html,
        ), person


def test_handed_out_roles_show_at_once(setup):
    clients = _warm(setup)
    newcomer = GroupMembershipFactory(group=setup["group"]).participant
    session_services.fill_roles(setup["group"])
    session_services.create_session(
        setup["group"],
        starts_at=_at(21),
        ends_at=_at(21, 2),
        method=setup["coming"].method,
    )
    holders = set(
        SessionRole.objects.filter(
            session__group=setup["group"], session__starts_at__gt=_at(0)
        ).values_list("participant", flat=True)
    )
    assert newcomer.pk in holders
    for person in setup["members"]:
        assert newcomer.full_name in _pages(clients[person.pk], _urls(setup)[:1])


def test_a_shared_case_and_a_note_show_at_once(setup):
    clients = _warm(setup)
    coming = setup["coming"]
    presenter = coming.roles.get(role=SessionRole.Role.CASE_PRESENTER).participant
    case = case_services.save_case(
        coming, presenter, title="Een lastige vraag", body="Wat doe ik?", marked_names=""
    )
    # A draft only to its author.
    for person in _everyone(setup):
        html = _pages(clients[person.pk], _urls(setup)[1:2])
        assert ("Een lastige vraag" in html) == (person == presenter), person
    case_services.share_case(case, by=presenter)
    scribe = coming.roles.get(role=SessionRole.Role.SCRIBE).participant
    case_services.save_note(coming, scribe, body="Adviezen")
    for person in _everyone(setup):
        html = _pages(clients[person.pk], _urls(setup)[1:2])
        assert "Een lastige vraag" in html, person
        assert reverse("intervision:note", args=[coming.pk]) in html, person
    case_services.unshare_case(case, by=presenter)
    reader = next(person for person in setup["members"] if person != presenter)
    assert "Een lastige vraag" not in _pages(clients[reader.pk], _urls(setup)[1:2])


def test_publishing_shows_at_once(setup, cohort):
    group = IntervisionGroupFactory(cohort=cohort, published_at=None)
    member = GroupMembershipFactory(group=group).participant
    url = reverse("intervision:group", args=[group.pk])
    trainer = _client(setup["trainer"])
    member_client = _client(member)
    assert "message--warning" in _pages(trainer, [url])
    assert member_client.get(url).status_code == 404

    group_services.publish(cohort)
    assert "message--warning" not in _pages(trainer, [url])
    assert member.full_name in _pages(member_client, [url])


def test_another_group_never_sees_the_part(setup):
    _warm(setup)
    outsider = _client(setup["outsider"])
    for url in _urls(setup):
        assert outsider.get(url).status_code == 404
    # Their own group page shows their own group, never the stored part of the other.
    html = _pages(outsider, [reverse("intervision:group", args=[setup["other"].pk])])
    for person in setup["members"]:
        assert person.full_name not in html
    assert "Zaal Straks" not in html


# --- The trainer's screen (one cohort's groups) ---------------------------------------------


@pytest.fixture
def screen(cohort, cohort_trainer):
    """Ten confirmed participants of ``cohort``, suggested into groups; the trainer's and a
    coordinator's clients with the screen stored."""
    from tests.factories import CoordinatorFactory, enrol

    people = [enrol(cohort) for _i in range(10)]
    group_services.suggest(cohort)
    clients = [_client(cohort_trainer), _client(CoordinatorFactory())]
    url = reverse("intervision:cohort_groups", args=[cohort.pk])
    for client in clients:
        _pages(client, [url])
    return {"cohort": cohort, "people": people, "clients": clients, "url": url}


def _screens(screen):
    """The screen for the trainer and the coordinator, without the CSRF tokens (each
    request has its own)."""
    return [
        re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", _pages(client, [screen["url"]]))
        for client in screen["clients"]
    ]


def test_the_trainer_screen_is_served_from_the_cache(screen, monkeypatch):
    def must_not_render(*args, **kwargs):
        raise AssertionError("the part was not cached")

    monkeypatch.setattr("intervision.views.groups.render_to_string", must_not_render)
    assert all(screen["people"][0].full_name in html for html in _screens(screen))


def test_a_new_participant_shows_on_the_trainer_screen(screen):
    from tests.factories import ParticipantFactory, enrol

    newcomer = ParticipantFactory()
    _screens(screen)
    enrol(screen["cohort"], newcomer)
    for html in _screens(screen):
        assert newcomer.full_name in html


def test_a_renamed_participant_without_a_group_shows_on_the_trainer_screen(screen):
    from tests.factories import enrol

    newcomer = enrol(screen["cohort"])
    _screens(screen)
    newcomer.full_name = "Nog Zonder Groep"
    newcomer.save()
    for html in _screens(screen):
        assert "Nog Zonder Groep" in html


def test_a_move_through_the_screen_shows_with_its_csrf_token(screen, cohort_trainer):
    client = _client(cohort_trainer, csrf=True)
    html = _pages(client, [screen["url"]])
    html = _pages(client, [screen["url"]])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    person = screen["people"][0]
    current = GroupMembership.objects.get(participant=person).group
    target = next(g for g in screen["cohort"].intervision_groups.all() if g != current)
    response = client.post(
        reverse("intervision:move", args=[screen["cohort"].pk]),
        {"participant": person.pk, "group": target.pk, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    moved = GroupMembership.objects.get(participant=person).group
    for html in _screens(screen):
        card = html.split(f'id="group-{moved.pk}"')[1].split("</section>")[0]
        assert person.full_name in card


def test_new_group_sizes_in_the_settings_show_on_the_trainer_screen(screen):
    from intervision.models import IntervisionSettings

    settings = IntervisionSettings.load()
    before = _screens(screen)
    settings.min_group_size, settings.max_group_size = 6, 8
    settings.save()
    after = _screens(screen)
    assert after != before


def test_publishing_shows_on_the_trainer_screen(screen):
    group_services.publish(screen["cohort"])
    for html in _screens(screen):
        assert reverse("intervision:publish", args=[screen["cohort"].pk]) not in html


# --- The case page ------------------------------------------------------------------------


@pytest.fixture
def case_page(setup):
    """A shared case of the coming session, its author, and every member's and the
    trainer's client with the case page stored."""
    coming = setup["coming"]
    author = coming.roles.get(role=SessionRole.Role.CASE_PRESENTER).participant
    case = case_services.save_case(
        coming, author, title="Een lastige vraag", body="Wat doe ik met de groep?", marked_names=""
    )
    case_services.share_case(case, by=author)
    url = reverse("intervision:case", args=[coming.pk])
    clients = {person.pk: _client(person) for person in _everyone(setup)}
    for client in clients.values():
        _pages(client, [url])
    return {**setup, "case": case, "author": author, "url": url, "clients": clients}


def _case_pages(case_page):
    return {pk: _pages(client, [case_page["url"]]) for pk, client in case_page["clients"].items()}


def test_the_case_page_renders_nothing_of_its_part_the_second_time(case_page, monkeypatch):
    def must_not_render(*args, **kwargs):
        raise AssertionError("the part was not cached")

    monkeypatch.setattr("intervision.views.cases.render_to_string", must_not_render)
    for html in _case_pages(case_page).values():
        assert "Wat doe ik met de groep?" in html


def test_a_changed_case_shows_to_the_whole_group_at_once(case_page):
    case_services.save_case(
        case_page["coming"],
        case_page["author"],
        title="Een andere vraag",
        body="Hoe betrek ik de ouders?",
        marked_names="",
        case=case_page["case"],
    )
    case_services.share_case(case_page["case"], by=case_page["author"])
    for pk, html in _case_pages(case_page).items():
        assert "Hoe betrek ik de ouders?" in html, pk
        assert "Wat doe ik met de groep?" not in html, pk


def test_a_case_made_a_draft_again_is_gone_for_the_group_at_once(case_page):
    case_services.unshare_case(case_page["case"], by=case_page["author"])
    for person in _everyone(case_page):
        response = case_page["clients"][person.pk].get(case_page["url"])
        assert response.status_code == (200 if person == case_page["author"] else 404), person


def test_a_member_who_leaves_the_group_no_longer_reads_the_case(case_page):
    reader = next(p for p in case_page["members"] if p != case_page["author"])
    GroupMembership.objects.get(participant=reader, group=case_page["group"]).delete()
    assert case_page["clients"][reader.pk].get(case_page["url"]).status_code == 404


def test_others_never_get_the_stored_case(case_page, client):
    outsider = _client(case_page["outsider"])
    assert outsider.get(case_page["url"]).status_code == 404
    response = client.get(case_page["url"])
    assert response.status_code == 302
    assert "Wat doe ik met de groep?" not in response.content.decode()


def test_a_renamed_author_and_a_new_note_show_on_the_case_at_once(case_page):
    author = case_page["author"]
    author.full_name = "Hanneke Nieuwenhuis"
    author.save()
    scribe = case_page["coming"].roles.get(role=SessionRole.Role.SCRIBE).participant
    note_url = reverse("intervision:note", args=[case_page["coming"].pk])
    reader = next(p for p in case_page["members"] if p not in (author, scribe))
    assert note_url not in _pages(case_page["clients"][reader.pk], [case_page["url"]])
    case_services.save_note(case_page["coming"], scribe, body="Adviezen")
    for pk, html in _case_pages(case_page).items():
        assert "Hanneke Nieuwenhuis" in html, pk
        assert note_url in html, pk


def test_a_dismissed_finding_shows_on_the_authors_draft_at_once(case_page):
    case = case_page["case"]
    case_services.save_case(
        case_page["coming"],
        case_page["author"],
        title=case.title,
        body="De leerling (BSN 111222333) wil niet meer naar school.",
        marked_names="",
        case=case,
    )
    case.refresh_from_db()
    author = case_page["clients"][case_page["author"].pk]
    assert "1 possible piece of personal data" in _english(author, case_page["url"])
    [finding] = case_services.open_findings(case)
    case_services.dismiss_finding(case, finding.fingerprint, by=case_page["author"])
    assert "found no personal data" in _english(author, case_page["url"])


def _english(client, url):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return _pages(client, [url])


def test_the_kept_case_page_carries_each_requests_csrf_token(case_page):
    author = _client(case_page["author"], csrf=True)
    case_services.unshare_case(case_page["case"], by=case_page["author"])
    html = _pages(author, [case_page["url"]])
    assert personal_cache.CSRF_PLACEHOLDER not in html
    # A second client of the same person gets the stored part with its own token.
    again = _client(case_page["author"], csrf=True)
    html = _pages(again, [case_page["url"]])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = again.post(
        reverse("intervision:case_share", args=[case_page["coming"].pk]),
        {"csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    case_page["case"].refresh_from_db()
    assert case_page["case"].shared_at is not None


def test_a_trainer_taken_off_the_cohort_loses_its_group_pages_at_once(setup):
    trainer = setup["trainer"]
    client = _client(trainer)
    _pages(client, _urls(setup))
    cohort = setup["cohort"]
    cohort.trainers.remove(trainer)
    cohort.save()
    for url in _urls(setup):
        assert client.get(url).status_code == 404, url


def test_a_member_who_leaves_loses_the_group_and_session_pages_at_once(setup):
    clients = _warm(setup)
    leaver = setup["members"][1]
    group_services.leave_cohort(leaver, setup["cohort"])
    for url in _urls(setup):
        assert clients[leaver.pk].get(url).status_code == 404, url
