"""What a group writes (a case, the scribe's note, a reflection) does not bump the content
version (website/page_cache.py, intervision/apps.py): the anonymous pages stay stored and
the method's steps stay kept per version; the group's own pages show the change at once
(their parts are cached per person, tests/intervision/test_page_cache.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from intervision.services.cases import save_case, save_note
from intervision.services.reflections import save_reflection

pytestmark = pytest.mark.django_db

STEPS = "intervision_method_steps"


def _client(person):
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def guide(people):
    """The session guide (it shows the method's steps, kept per version) for the case
    presenter, warmed."""
    return _client(people.author), reverse("intervision:session_guide", args=[people.session.pk])


def test_a_case_keeps_the_stored_pages_and_the_memos(kept_content, people, guide):
    client, url = guide
    kept_content.store(guide)
    save_case(
        people.session,
        people.author,
        title="Een leerling die vastloopt",
        body="## Vraag\n\nHoe betrek ik de ouders?",
        marked_names="",
    )
    page = client.get(reverse("intervision:session", args=[people.session.pk]))
    assert "Een leerling die vastloopt" in page.content.decode()
    assert client.get(url).status_code == 200
    kept_content.assert_kept(STEPS)


def test_a_session_note_keeps_the_stored_pages_and_the_memos(kept_content, people, guide):
    client, url = guide
    kept_content.store(guide)
    save_note(people.session, people.groupmate, body="## Adviezen\n\n- Begin klein.")
    assert client.get(url).status_code == 200
    kept_content.assert_kept(STEPS)


def test_a_reflection_keeps_the_stored_pages_and_the_memos(kept_content, people, guide):
    client, url = guide
    kept_content.store(guide)
    save_reflection(people.author, people.group, body="Ik luister beter dan eerst.")
    assert client.get(url).status_code == 200
    kept_content.assert_kept(STEPS)
