"""A signed-in person's role names are kept per content version (website/admin_permissions.py,
issue 16): no query for them on a warm page, and a role given or taken shows at once."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ParticipantFactory
from website.models import Role

pytestmark = pytest.mark.django_db

WORKSPACE = reverse("course:workspace")


def role_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q for q in queries if 'FROM "auth_group"' in q["sql"]]


def test_a_warm_page_asks_no_role_query_and_a_new_role_counts_at_once(client):
    person = ParticipantFactory()
    client.force_login(person)
    client.get(WORKSPACE)
    client.get(WORKSPACE)  # after the first visit's settings rows (a content change)
    response, queries = role_queries(client, WORKSPACE)
    assert response.status_code == 403 and not queries
    person.groups.add(Group.objects.get(name=Role.TRAINER))
    response, _queries = role_queries(client, WORKSPACE)
    assert response.status_code == 200
    person.groups.remove(Group.objects.get(name=Role.TRAINER))
    assert client.get(WORKSPACE).status_code == 403


def test_the_signed_in_person_can_still_be_kept_in_a_cache(client, rf):
    """Cached parts may hold the person (pickled): the request stays behind."""
    import pickle

    person = ParticipantFactory()
    client.force_login(person)
    user = client.get(WORKSPACE).wsgi_request.user
    assert user.is_trainer is False  # role names read through the request
    copy = pickle.loads(pickle.dumps(user))
    assert copy.pk == person.pk and not hasattr(copy, "_roles_request")
