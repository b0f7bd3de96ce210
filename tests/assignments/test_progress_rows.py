"""What the rows of the progress screen show (templates/assignments/progress_content.html
with the values ``_render_progress`` adds per row): names escaped, the school, the plan's
link, dates, the extension and the flags worded."""

import datetime
from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assignments.services import progress as progress_service
from assignments.services.plans import format_moment
from assignments.views import progress as progress_view
from website.models import School, User

MOMENT = timezone.make_aware(datetime.datetime(2026, 3, 4, 9, 5))


class FakePlan:
    def __init__(self, pk, submitted_at=None, revised_at=None):
        self.pk = pk
        self.submitted_at = submitted_at
        self.is_submitted = submitted_at is not None
        self.is_revised = revised_at is not None


def fake_rows():
    person = User(full_name="Anne 'de' <Vries>")
    person.school = School(name="De Regenboog & <Zon>")
    other = User(full_name="Bram")
    other.school = None
    Row = progress_service.Row
    return [
        Row(participant=person),
        Row(
            participant=other,
            plan=FakePlan(7, MOMENT, MOMENT),
            plan_label="Plan <B>",
            deadline=MOMENT + datetime.timedelta(days=3),
            extended=True,
            given_done=1,
            given_total=2,
            received_done=0,
            received_total=3,
            not_started=2,
            flags=[progress_service.SHORT, progress_service.NOT_STARTED],
        ),
        Row(
            participant=other,
            plan=FakePlan(12),
            plan_label="Plan C",
            deadline=MOMENT,
            not_started=1,
            flags=[progress_service.NOT_STARTED, progress_service.LATE],
        ),
    ]


@pytest.fixture
def page(monkeypatch, db):
    """The screen's own part for the rows above (cohort 3, nothing to allocate)."""
    monkeypatch.setattr(progress_service, "progress", lambda *args: fake_rows())
    assignment = SimpleNamespace(
        cohort_id=3,
        cohort=SimpleNamespace(pk=3, title="Voorjaar"),
        reviews_per_plan=3,
        submission_deadline=MOMENT,
        review_deadline=MOMENT,
        phase=lambda now: SimpleNamespace(label="Review"),
    )
    request = RequestFactory().get("/")
    request.user = User(pk=1, full_name="Trainer")
    deadlines = []
    with translation.override("nl"):
        html = progress_view._render_progress(request, assignment, "TOKEN", deadlines)
        yield html


def test_names_schools_and_plan_labels_are_escaped(page):
    assert "Anne &#x27;de&#x27; &lt;Vries&gt;" in page
    assert '<br><span class="helptext">De Regenboog &amp; &lt;Zon&gt;</span>' in page
    assert "<Vries>" not in page and "Plan <B>" not in page


def test_a_plan_links_to_its_reviews_and_no_plan_shows_a_dash(page):
    url = reverse("assignments:plan_reviews", args=[3, 7])
    assert f'<td><a href="{url}">Plan &lt;B&gt;</a></td>' in page
    assert "<td>–</td>" in page


def test_submission_revision_and_extension_are_worded(page):
    date = format_moment(MOMENT)
    extension = _("extension until %(date)s") % {
        "date": format_moment(MOMENT + datetime.timedelta(days=3))
    }
    assert f'<td>{date}<br><span class="helptext">{extension}</span></td>' in page
    assert f"<td>{_('yes')}</td>" in page
    assert f"<td>{_('no')}</td>" in page
    assert "<td>1 / 2</td>" in page and "<td>0 / 3</td>" in page


def test_the_flags_are_worded(page):
    flags = [
        _("too few reviews"),
        ngettext("%(count)s review not started", "%(count)s reviews not started", 2) % {"count": 2},
        ngettext("%(count)s review not started", "%(count)s reviews not started", 1) % {"count": 1},
        _("no plan submitted"),
    ]
    for flag in flags:
        assert f'<span class="flag">{flag}</span>' in page
    assert page.count('<span class="flag">') == 4
