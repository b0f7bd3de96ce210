"""The group, session and trainer pages need as many queries for 60 participants as for 6."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intervision.models import GroupMembership, Method
from intervision.services.groups import publish, suggest
from intervision.services.sessions import create_session
from tests.factories import ParticipantFactory, RegistrationFactory

#: Upper bounds per page (the tests also require equal counts at both sizes).
BUDGET = 30


def grow(cohort, count):
    """Give ``cohort`` ``count`` more participants, form and publish groups, plan sessions."""
    for _i in range(count):
        RegistrationFactory(cohort=cohort, participant=ParticipantFactory())
    cohort.intervision_groups.all().delete()
    suggest(cohort)
    publish(cohort)
    method = Method.objects.get(slug="roddelmethode")
    for group in cohort.intervision_groups.all():
        for days in (-20, -10, 10, 20, 30):
            start = timezone.now() + datetime.timedelta(days=days)
            create_session(
                group,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                method=method,
                location="Lokaal 4",
            )


def queries_for(client, url):
    """Queries of one request after two warming ones (settings rows, menu cache)."""
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def pages(cohort, person):
    group = GroupMembership.objects.get(cohort=cohort, participant=person).group
    # A coming session in which ``person`` has a role, so the page shows the swap form.
    session = group.sessions.filter(starts_at__gt=timezone.now(), roles__participant=person).first()
    return {
        "group": reverse("intervision:group", kwargs={"group_id": group.pk}),
        "session": reverse("intervision:session", kwargs={"session_id": session.pk}),
        "guide": reverse("intervision:session_guide", kwargs={"session_id": session.pk}),
        "guide step": reverse("intervision:session_guide", kwargs={"session_id": session.pk})
        + "?step=2",
        "trainer screen": reverse("intervision:cohort_groups", kwargs={"cohort_id": cohort.pk}),
    }


@pytest.mark.parametrize("viewer", ["member", "trainer"])
def test_intervision_pages_need_as_many_queries_for_60_participants_as_for_6(
    client, cohort, cohort_trainer, viewer
):
    grow(cohort, 6)
    person = cohort.participants().first()
    client.force_login(person if viewer == "member" else cohort_trainer)
    urls = pages(cohort, person)
    if viewer == "member":
        del urls["trainer screen"]
    small = {name: queries_for(client, url) for name, url in urls.items()}

    grow(cohort, 54)
    urls = pages(cohort, person)
    if viewer == "member":
        del urls["trainer screen"]
    large = {name: queries_for(client, url) for name, url in urls.items()}

    assert large == small
    assert max(large.values()) <= BUDGET, large
