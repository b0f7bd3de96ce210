"""The progress screen writes its table rows in Python (assignments/views/progress.py,
``_row_html``): byte for byte what the row template wrote before, for every kind of row."""

import datetime

import pytest
from django.template import engines
from django.utils import timezone, translation

from assignments.services import progress as progress_service
from assignments.views.progress import _word_rows
from website.keyed_urls import KeyedURL
from website.models import School, User

# The row as progress.html wrote it before (the view's texts aside).
ROW_TEMPLATE = """{% load i18n %}{% for row in rows %}
            <tr>
                <th scope="row">{{ row.participant.full_name }}{% if row.participant.school %}<br><span class="helptext">{{ row.participant.school.name }}</span>{% endif %}</th>
                <td>{% if row.plan %}<a href="{% url 'assignments:plan_reviews' cohort_id row.plan.pk %}">{{ row.plan_label }}</a>{% else %}–{% endif %}</td>
                <td>{% if row.submitted %}{{ row.plan.submitted_at|date:"DATETIME_FORMAT" }}{% else %}{% translate "no" %}{% endif %}{% if row.extended %}<br><span class="helptext">{% blocktranslate with date=row.deadline|date:"DATETIME_FORMAT" %}extension until {{ date }}{% endblocktranslate %}</span>{% endif %}</td>
                <td>{{ row.given_done }} / {{ row.given_total }}</td>
                <td>{{ row.received_done }} / {{ row.received_total }}</td>
                <td>{% if row.revised %}{% translate "yes" %}{% else %}{% translate "no" %}{% endif %}</td>
                <td>
                    {% for flag in row.flags %}
                        {% if flag == flag_short %}<span class="flag">{% translate "too few reviews" %}</span>{% elif flag == flag_not_started %}<span class="flag">{% blocktranslate count count=row.not_started %}{{ count }} review not started{% plural %}{{ count }} reviews not started{% endblocktranslate %}</span>{% elif flag == flag_late %}<span class="flag">{% translate "no plan submitted" %}</span>{% endif %}
                    {% endfor %}
                </td>
            </tr>
        {% endfor %}"""  # noqa: E501

NEW_TEMPLATE = """{% for row in rows %}
            {{ row.html }}
        {% endfor %}"""


class FakePlan:
    def __init__(self, pk, submitted_at=None, revised_at=None):
        self.pk = pk
        self.submitted_at = submitted_at
        self.is_submitted = submitted_at is not None
        self.is_revised = revised_at is not None


def rows():
    moment = timezone.make_aware(datetime.datetime(2026, 3, 4, 9, 5))
    school = School(name="De Regenboog & <Zon>")
    person = User(full_name="Anne 'de' Vries")
    person.school = school
    other = User(full_name="Bram")
    other.school = None
    Row = progress_service.Row
    return [
        Row(participant=person),
        Row(
            participant=other,
            plan=FakePlan(7, moment, moment),
            plan_label="Plan B",
            deadline=moment + datetime.timedelta(days=3),
            extended=True,
            given_done=1,
            given_total=2,
            received_done=0,
            received_total=3,
            not_started=2,
            flags=[progress_service.SHORT, progress_service.NOT_STARTED],
        ),
        Row(
            participant=person,
            plan=FakePlan(12),
            plan_label="Plan C",
            deadline=moment,
            not_started=1,
            flags=[progress_service.NOT_STARTED, progress_service.LATE],
        ),
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_rows_written_in_python_match_the_template(language):
    with translation.override(language):
        context = {
            "cohort_id": 3,
            "flag_short": progress_service.SHORT,
            "flag_not_started": progress_service.NOT_STARTED,
            "flag_late": progress_service.LATE,
        }
        engine = engines["django"]
        before = engine.from_string(ROW_TEMPLATE).render({**context, "rows": rows()})
        new_rows = rows()
        _word_rows(new_rows, KeyedURL("assignments:plan_reviews", 3))
        after = engine.from_string(NEW_TEMPLATE).render({"rows": new_rows})
    assert after == before
    assert "uitstel tot" in after or "extension until" in after
