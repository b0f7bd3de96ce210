"""What the rows of the grading list show (templates/assignments/grading/list_content.html
with the values ``_render_grading_list`` adds per row): names escaped, the plan's link
only when gradable, the status worded, the markers, and the score and verdict only to
whom the first marking is visible."""

import datetime
from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assignments.models import Grade
from assignments.services import grading as grading_service
from assignments.services.grading import GradingRow
from assignments.views import grading as grading_view
from website.models import User

VIEWER = User(pk=1, full_name="Trainer")
MARKER = User(pk=2, full_name="Eerste <marker>")
SECOND = User(pk=3, full_name="Tweede")


class FakePlan:
    def __init__(self, pk, submitted=True):
        self.pk = pk
        self.is_submitted = submitted


def fake_rows():
    moment = timezone.now() - datetime.timedelta(days=1)
    S = Grade.Status

    def person(n):
        return User(pk=50 + n, full_name=f"Deelnemer {n} & <Zoon>")

    return [
        GradingRow(participant=person(0)),
        GradingRow(participant=person(1), plan=FakePlan(1, submitted=False)),
        GradingRow(participant=person(2), plan=FakePlan(2)),
        GradingRow(participant=person(3), plan=FakePlan(3), gradable=True),
        GradingRow(
            participant=person(4),
            plan=FakePlan(4),
            gradable=True,
            grade=Grade(
                status=S.IN_PROGRESS,
                disagreement=True,
                first_marker=MARKER,
                second_marker=SECOND,
                first_marked_at=moment,
                second_marked_at=moment,
                needs_second_marker=True,
                score=14,
                max_score=20,
                passed=True,
            ),
        ),
        GradingRow(
            participant=person(5),
            plan=FakePlan(5),
            gradable=True,
            grade=Grade(
                status=S.IN_PROGRESS,
                first_marker=MARKER,
                first_marked_at=moment,
                needs_second_marker=True,
                score=9,
                max_score=20,
                passed=False,
            ),
        ),
        GradingRow(
            participant=person(6),
            plan=FakePlan(6),
            gradable=True,
            grade=Grade(status=S.RELEASED, first_marker=VIEWER, score=12, max_score=20),
        ),
    ]


@pytest.fixture
def page(monkeypatch, db):
    monkeypatch.setattr(grading_service, "grading_rows", lambda assignment: fake_rows())
    monkeypatch.setattr(grading_service, "may_release", lambda user, cohort: False)
    cohort = SimpleNamespace(pk=3, title="Voorjaar")
    assignment = SimpleNamespace(cohort_id=3, cohort=cohort, grading_deadline=timezone.now())
    request = RequestFactory().get("/")
    request.user = VIEWER
    with translation.override("nl"):
        yield grading_view._render_grading_list(request, assignment, "TOKEN")


def row_of(page, n):
    start = page.index(f"Deelnemer {n} ")
    return page[start : page.index("</tr>", start)]


def test_names_are_escaped_and_linked_only_when_gradable(page):
    assert "Deelnemer 0 &amp; &lt;Zoon&gt;" in page and "<Zoon>" not in page
    assert "<a " not in page[page.rindex("<tr", 0, page.index("Deelnemer 2 ")) :][:200]
    url = reverse("assignments:grade_plan", args=[3, 3])
    assert f'<a href="{url}">Deelnemer 3 &amp; &lt;Zoon&gt;</a>' in page


def test_the_status_is_worded(page):
    assert f'<span class="muted">{_("no plan submitted")}</span>' in row_of(page, 0)
    assert f'<span class="muted">{_("no plan submitted")}</span>' in row_of(page, 1)
    assert f'<span class="muted">{_("revision not finished yet")}</span>' in row_of(page, 2)
    assert str(Grade.Status.NOT_STARTED.label) in row_of(page, 3)
    assert f'<span class="flag">{_("markers disagree")}</span>' in row_of(page, 4)
    assert f'<span class="flag">{_("waiting for a second marker")}</span>' in row_of(page, 5)
    assert str(Grade.Status.RELEASED.label) in row_of(page, 6)


def test_markers_are_listed_escaped(page):
    assert "<td>Eerste &lt;marker&gt;, Tweede</td>" in row_of(page, 4)
    assert "<td>Eerste &lt;marker&gt;</td>" in row_of(page, 5)


def test_score_and_verdict_only_when_the_first_marking_is_visible(page):
    assert f"<td>14 / 20</td>\n                <td>{_('pass')}</td>" in row_of(page, 4)
    # Another's marking while a second marker is still to come stays hidden.
    assert "9 / 20" not in row_of(page, 5) and _("fail") not in row_of(page, 5)
    # The viewer's own marking shows its score; no verdict yet.
    assert "<td>12 / 20</td>\n                <td></td>" in row_of(page, 6)
