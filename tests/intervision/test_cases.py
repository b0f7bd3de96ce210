"""Case intake behind the pupil-privacy guard, session notes, and who may see them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from intervision.models import Case, PrivacyDecision, SessionNote, SessionRole
from intervision.services import cases as services
from tests.factories import (
    CaseFactory,
    CohortPageFactory,
    GroupMembershipFactory,
    IntervisionGroupFactory,
    IntervisionSessionFactory,
    SessionNoteFactory,
    TrainerFactory,
    member_with_role,
)
from website import privacy
from website.errors import ActionRefused

pytestmark = pytest.mark.django_db

BSN = "111222333"  # passes the 11-proef

HOSTILE = (
    '<script>alert("x")</script>\n\n'
    "[klik](javascript:alert(1))\n\n"
    '<img src="https://tracker.example/pixel.gif" onerror="alert(2)">\n\n'
    '<a href="#" onclick="alert(3)">link</a>'
)


def assert_inert(html):
    """Nothing of HOSTILE can run: no script (nor its text), handlers, javascript: links or
    remote images. (Staff pages carry Wagtail's own userbar script, hence no "<script" check.)"""
    assert "alert(" not in html
    assert "javascript:" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "tracker.example" not in html


def case_with_bsn(people):
    return CaseFactory(
        session=people.session,
        author=people.author,
        body=f"## Vraag\n\nDe leerling (BSN {BSN}) wil niet meer naar school.",
    )


# --- The guard flow --------------------------------------------------------------------------


def test_a_case_with_a_bsn_cannot_be_shared(people):
    case = case_with_bsn(people)
    with pytest.raises(ActionRefused) as error:
        services.share_case(case, by=people.author)
    assert error.value.code == "findings"
    case.refresh_from_db()
    assert case.shared_at is None


def test_replacing_the_bsn_by_its_suggestion_lets_the_case_be_shared(people):
    case = case_with_bsn(people)
    [finding] = services.open_findings(case)
    services.replace_finding(case, finding.fingerprint, by=people.author)
    services.share_case(case, by=people.author)
    case.refresh_from_db()
    assert BSN not in case.body
    assert finding.suggestion in case.body
    assert case.shared_at is not None
    assert case.privacy_decisions.get().decision == PrivacyDecision.Decision.REPLACED


def test_dismissing_a_finding_is_logged_without_the_text(people):
    case = case_with_bsn(people)
    [finding] = services.open_findings(case)
    services.dismiss_finding(case, finding.fingerprint, by=people.author)
    services.share_case(case, by=people.author)
    decision = PrivacyDecision.objects.get()
    assert (decision.kind, decision.decision, decision.decided_by) == (
        "bsn",
        PrivacyDecision.Decision.NOT_PERSONAL,
        people.author,
    )
    for row in PrivacyDecision.objects.values():
        assert not any(BSN in str(value) for value in row.values())


def test_replace_all_replaces_every_finding_including_marked_names(people):
    case = CaseFactory(
        session=people.session,
        author=people.author,
        title="Daan en zijn moeder",
        body="Daan (geboren op 3 mei 2016) mailt vanaf daan@example.nl.",
        marked_names="Daan",
    )
    assert services.replace_all_suggested(case, by=people.author) == 4
    case.refresh_from_db()
    assert "Daan" not in case.title and "Daan" not in case.body
    assert "daan@example.nl" not in case.body
    assert services.open_findings(case) == []


def test_a_marked_name_must_be_resolved_before_sharing(people):
    case = CaseFactory(session=people.session, author=people.author, body="Sanne huilt vaak.")
    services.add_marked_names(case, "Sanne\n", by=people.author)
    [finding] = services.open_findings(case)
    assert finding.kind == privacy.Kind.NAME
    with pytest.raises(ActionRefused):
        services.share_case(case, by=people.author)


def test_editing_a_shared_case_with_new_personal_data_makes_it_a_draft_again(people, draft):
    services.share_case(draft, by=people.author)
    case = services.save_case(
        people.session,
        people.author,
        case=draft,
        title=draft.title,
        body=f"Nieuw: BSN {BSN}",
        marked_names="",
    )
    assert case.shared_at is None


def test_only_the_case_presenter_writes_the_case(people):
    with pytest.raises(ActionRefused) as error:
        services.save_case(people.session, people.groupmate, title="x", body="y", marked_names="")
    assert error.value.code == "not_allowed"
    assert not Case.objects.exists()


def test_the_case_form_starts_from_the_template_and_a_preview_saves_nothing(client, people):
    client.force_login(people.author)
    url = reverse("intervision:case_edit", args=[people.session.pk])
    assert _("What has been tried") in client.get(url).content.decode()
    response = client.post(url, {"title": "Casus", "body": "**vet**", "preview": "1"})
    assert "<strong>vet</strong>" in response.content.decode()
    assert not Case.objects.exists()


def test_the_share_button_stops_at_the_guard_and_shows_the_finding_in_context(client, people):
    case = case_with_bsn(people)
    client.force_login(people.author)
    response = client.post(reverse("intervision:case_share", args=[people.session.pk]), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse(
        "intervision:case_review", args=[people.session.pk]
    )
    assert _("Replace or dismiss every finding before you share the case.") in html
    assert f"<mark>{BSN}</mark>" in html
    assert "wil niet meer" in html  # the context after the finding
    case.refresh_from_db()
    assert case.shared_at is None


def test_replace_then_share_through_the_pages(client, people):
    case = case_with_bsn(people)
    client.force_login(people.author)
    [finding] = services.open_findings(case)
    client.post(
        reverse("intervision:case_replace", args=[people.session.pk]),
        {"fingerprint": finding.fingerprint},
    )
    response = client.post(reverse("intervision:case_share", args=[people.session.pk]), follow=True)
    assert _("Your case is shared with your group.") in response.content.decode()
    case.refresh_from_db()
    assert case.is_shared and BSN not in case.body


def test_a_stale_fingerprint_gets_a_message_not_an_error(client, people, draft):
    client.force_login(people.author)
    response = client.post(
        reverse("intervision:case_dismiss", args=[people.session.pk]),
        {"fingerprint": "bsn:doesnotexist"},
        follow=True,
    )
    assert response.status_code == 200
    assert _("This finding is no longer in the text.") in response.content.decode()
    assert not PrivacyDecision.objects.exists()


# --- Visibility ------------------------------------------------------------------------------

VIEWERS = ["author", "groupmate", "other_group", "trainer", "other_trainer", "coordinator", None]
# Who reads a shared case or a session note: the group and the cohort's trainers.
READERS = {"author", "groupmate", "trainer"}
GROUP_AND_TRAINER = [(viewer, 200 if viewer in READERS else 404) for viewer in VIEWERS]


def status_for(client, people, viewer, url):
    """The status ``viewer`` (a name in ``people``, None: anonymous) gets for ``url``; a
    redirect of an anonymous visitor to the login page counts as 404 (nothing shown)."""
    client.logout()
    if viewer:
        client.force_login(getattr(people, viewer))
    response = client.get(url)
    if viewer is None:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return 404
    return response.status_code


@pytest.mark.parametrize("viewer, expected", GROUP_AND_TRAINER)
def test_a_shared_case_is_visible_to_the_group_and_its_trainer_only(
    client, people, draft, viewer, expected
):
    services.share_case(draft, by=people.author)
    url = reverse("intervision:case", args=[people.session.pk])
    assert status_for(client, people, viewer, url) == expected


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_draft_case_is_visible_to_its_author_only(client, people, draft, viewer):
    url = reverse("intervision:case", args=[people.session.pk])
    assert status_for(client, people, viewer, url) == (200 if viewer == "author" else 404)


@pytest.mark.parametrize("viewer", VIEWERS[1:-1])
def test_nobody_but_the_author_reaches_the_guard_by_any_url(client, people, draft, viewer):
    services.share_case(draft, by=people.author)
    client.force_login(getattr(people, viewer))
    for name in ("case_edit", "case_review"):
        assert (
            client.get(reverse(f"intervision:{name}", args=[people.session.pk])).status_code == 404
        )
    for name in ("case_share", "case_unshare", "case_replace_all", "case_dismiss"):
        url = reverse(f"intervision:{name}", args=[people.session.pk])
        assert client.post(url, {"fingerprint": "x"}).status_code == 404


def test_a_member_who_left_the_group_no_longer_sees_its_case(client, people, draft):
    from django.utils import timezone

    services.share_case(draft, by=people.author)
    people.group.memberships.filter(participant=people.groupmate).update(left_at=timezone.now())
    client.force_login(people.groupmate)
    assert client.get(reverse("intervision:case", args=[people.session.pk])).status_code == 404


def test_a_session_of_another_group_by_object_id_is_a_404(client, people):
    other = CaseFactory()
    services.share_case(other, by=other.author)
    client.force_login(people.author)
    for name in ("case", "note"):
        assert (
            client.get(reverse(f"intervision:{name}", args=[other.session_id])).status_code == 404
        )
    assert client.get(reverse("intervision:case", args=[999_999])).status_code == 404


@pytest.mark.parametrize("viewer, expected", GROUP_AND_TRAINER)
def test_the_session_note_is_visible_like_the_case(client, people, viewer, expected):
    SessionNoteFactory(session=people.session, author=people.groupmate)
    url = reverse("intervision:note", args=[people.session.pk])
    assert status_for(client, people, viewer, url) == expected


def test_only_the_scribe_writes_the_note(client, people):
    url = reverse("intervision:note_edit", args=[people.session.pk])
    client.force_login(people.author)
    assert client.post(url, {"body": "x"}).status_code == 404
    client.force_login(people.groupmate)
    client.post(url, {"body": "## Adviezen"})
    assert SessionNote.objects.get().author == people.groupmate


# --- Hostile Markdown --------------------------------------------------------------------------


def test_hostile_markdown_in_a_case_is_rendered_inert(client, people):
    case = CaseFactory(session=people.session, author=people.author, body=HOSTILE)
    services.share_case(case, by=people.author)
    client.force_login(people.groupmate)
    html = client.get(reverse("intervision:case", args=[people.session.pk])).content.decode()
    assert ">link</a>" in html
    assert_inert(html)


def test_hostile_markdown_in_a_case_preview_is_rendered_inert(client, people):
    client.force_login(people.author)
    response = client.post(
        reverse("intervision:case_edit", args=[people.session.pk]),
        {"title": "x", "body": HOSTILE, "preview": "1"},
    )
    body = response.content.decode().split(_("Preview (not saved yet)"))[1]
    assert_inert(body)


def test_hostile_markdown_in_a_note_is_rendered_inert(client, people):
    SessionNoteFactory(session=people.session, author=people.groupmate, body=HOSTILE)
    client.force_login(people.author)
    assert_inert(client.get(reverse("intervision:note", args=[people.session.pk])).content.decode())


# --- Query counts -----------------------------------------------------------------------------


def queries_for(client, url):
    """Queries of one request after two warming ones (settings rows, session, caches)."""
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("viewer", ["author", "groupmate", "trainer"])
def test_the_case_page_needs_as_many_queries_for_sixty_participants_as_for_six(client, viewer):
    trainer = TrainerFactory()
    group = IntervisionGroupFactory(
        cohort=CohortPageFactory(days=True, trainers=[trainer]), number=1
    )
    session = IntervisionSessionFactory(group=group)
    author = member_with_role(session, SessionRole.Role.CASE_PRESENTER)
    scribe = member_with_role(session, SessionRole.Role.SCRIBE)
    case = CaseFactory(session=session, author=author)
    services.share_case(case, by=author)
    SessionNoteFactory(session=session, author=scribe)
    client.force_login({"author": author, "groupmate": scribe, "trainer": trainer}[viewer])
    url = reverse("intervision:case", args=[session.pk])

    GroupMembershipFactory.create_batch(4, group=group)  # 6 participants with author and scribe
    small = queries_for(client, url)
    for number in range(2, 11):  # 54 more, in nine other groups
        GroupMembershipFactory.create_batch(
            6, group=IntervisionGroupFactory(cohort=group.cohort, number=number)
        )
    assert queries_for(client, url) == small


def test_the_demo_case_is_shared_and_passes_the_guard(people):
    case = services.create_demo_case(people.session)
    assert case.is_shared and case.author == people.author
    assert services.open_findings(case) == []
    assert people.session.note.author == people.groupmate


def test_a_second_first_save_does_not_make_a_second_case(people, draft):
    with pytest.raises(ActionRefused) as error:
        services.save_case(people.session, people.author, title="x", body="y", marked_names="")
    assert error.value.code == "exists"
    assert Case.objects.count() == 1


@pytest.mark.parametrize("viewer", ["author", "groupmate", "trainer", "coordinator"])
def test_every_case_and_note_link_on_the_session_page_opens(client, people, draft, viewer):
    """Whoever sees the session page gets no link to a case or notes they may not read: a
    coordinator sees the session but is told that only the group and its trainers read them."""
    import re

    services.share_case(draft, by=people.author)
    SessionNoteFactory(session=people.session, author=people.groupmate)
    client.force_login(getattr(people, viewer))
    page = client.get(reverse("intervision:session", args=[people.session.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    case_url = reverse("intervision:case", args=[people.session.pk])
    note_url = reverse("intervision:note", args=[people.session.pk])
    links = {url for url in re.findall(r'href="([^"]+)"', html) if url in (case_url, note_url)}
    if viewer == "coordinator":
        assert links == set()
        told = _("Only the group and its trainers read the case and the notes of a session.")
        assert told in html
    else:
        assert links == {case_url, note_url}
    for url in links:
        assert client.get(url).status_code == 200, url
