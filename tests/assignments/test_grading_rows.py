"""The grading list writes its table rows in Python (assignments/views/grading.py,
``_write_rows``): byte for byte what the row template wrote before, for every kind of
row."""

import datetime

import pytest
from django.template import engines
from django.utils import timezone, translation

from assignments.models import Grade
from assignments.services.grading import GradingRow
from assignments.views.grading import _write_rows
from website.keyed_urls import KeyedURL
from website.models import User

# The row as grading/list.html wrote it before.
ROW_TEMPLATE = """{% load i18n %}{% for row in rows %}
            <tr>
                <th scope="row">{% if row.gradable %}<a href="{% url 'assignments:grade_plan' cohort_id row.plan.pk %}">{{ row.participant.full_name }}</a>{% else %}{{ row.participant.full_name }}{% endif %}</th>
                <td>
                    {% if not row.plan or not row.plan.is_submitted %}<span class="muted">{% translate "no plan submitted" %}</span>
                    {% elif not row.gradable %}<span class="muted">{% translate "revision not finished yet" %}</span>
                    {% elif row.grade.awaits_settlement %}<span class="flag">{% translate "markers disagree" %}</span>
                    {% elif row.grade.awaits_second_marker %}<span class="flag">{% translate "waiting for a second marker" %}</span>
                    {% elif row.grade %}{{ row.grade.get_status_display }}
                    {% else %}{{ Status.NOT_STARTED.label }}{% endif %}
                </td>
                <td>{% if row.grade.first_marker %}{{ row.grade.first_marker.full_name }}{% endif %}{% if row.grade.second_marker %}, {{ row.grade.second_marker.full_name }}{% endif %}</td>
                <td>{% if row.show_score and row.grade.score is not None %}{{ row.grade.score }} / {{ row.grade.max_score }}{% endif %}</td>
                <td>{% if row.show_score and row.grade.passed is not None %}{% if row.grade.passed %}{% translate "pass" %}{% else %}{% translate "fail" %}{% endif %}{% endif %}</td>
            </tr>
        {% endfor %}"""  # noqa: E501

NEW_TEMPLATE = """{% for row in rows %}
            {{ row.html }}
        {% endfor %}"""


class FakePlan:
    def __init__(self, pk, submitted=True):
        self.pk = pk
        self.is_submitted = submitted


def rows(viewer, marker, second):
    moment = timezone.now() - datetime.timedelta(days=1)
    person = User(pk=50, full_name="Anne 'de' Vries & <Zoon>")
    S = Grade.Status
    return [
        GradingRow(participant=person),
        GradingRow(participant=person, plan=FakePlan(1, submitted=False)),
        GradingRow(participant=person, plan=FakePlan(2)),
        GradingRow(participant=person, plan=FakePlan(3), gradable=True),
        GradingRow(
            participant=person,
            plan=FakePlan(4),
            gradable=True,
            grade=Grade(
                status=S.IN_PROGRESS,
                disagreement=True,
                first_marker=marker,
                second_marker=second,
                first_marked_at=moment,
                second_marked_at=moment,
                needs_second_marker=True,
                score=14,
                max_score=20,
                passed=True,
            ),
        ),
        GradingRow(
            participant=person,
            plan=FakePlan(5),
            gradable=True,
            grade=Grade(
                status=S.IN_PROGRESS,
                first_marker=marker,
                first_marked_at=moment,
                needs_second_marker=True,
                score=9,
                max_score=20,
                passed=False,
            ),
        ),
        GradingRow(
            participant=person,
            plan=FakePlan(6),
            gradable=True,
            grade=Grade(status=S.RELEASED, first_marker=viewer, score=12, passed=None),
        ),
        GradingRow(
            participant=person,
            plan=FakePlan(7),
            gradable=True,
            grade=Grade(status=S.READY, first_marker=marker, score=None, passed=False),
        ),
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_rows_written_in_python_match_the_template(language):
    viewer = User(pk=1, full_name="Trainer")
    marker = User(pk=2, full_name="Eerste <marker>")
    second = User(pk=3, full_name="Tweede")
    with translation.override(language):
        before_rows = rows(viewer, marker, second)
        for row in before_rows:
            row.show_score = row.grade is not None and row.grade.first_marking_visible_to(viewer)
        engine = engines["django"]
        before = engine.from_string(ROW_TEMPLATE).render(
            {"rows": before_rows, "cohort_id": 3, "Status": Grade.Status}
        )
        new_rows = rows(viewer, marker, second)
        _write_rows(new_rows, viewer, KeyedURL("assignments:grade_plan", 3))
        after = engine.from_string(NEW_TEMPLATE).render({"rows": new_rows})
    assert after == before
    assert 'class="flag"' in after and "14 / 20" in after
