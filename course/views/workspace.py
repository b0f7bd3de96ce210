"""The trainer's workspace: their cohorts and what waits for them there.

What waits comes from ``course.hooks.TRAINER_TASKS``: the core adds attendance to record,
feature apps add their own (the final assignment: plans to grade, reviews to reassign).
Trainers and coordinators only (``StaffOnlyMixin``); a coordinator sees every cohort.
"""

import datetime

from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.views.generic import TemplateView

from .. import hooks
from ..models import Registration
from ..permissions import cohorts_overseen_by
from .attendance import StaffOnlyMixin

#: Cohorts whose last course day is longer ago than this leave the workspace (their
#: records stay in the cohort overview).
FINISHED_COHORTS_SHOWN_FOR = datetime.timedelta(days=120)


def workspace_cohorts(user):
    """The cohorts ``user`` oversees that are running, coming or recently finished."""
    since = timezone.localdate() - FINISHED_COHORTS_SHOWN_FOR
    # Only the title of each cohort page (the screen and the tasks need no more; a full
    # Wagtail page row costs more to build than the rest of the query).
    return list(
        cohorts_overseen_by(user)
        .only("title")
        .annotate(
            participant_count=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED),
                distinct=True,
            ),
            first_day=Min("days__date"),
            last_day=Max("days__date"),
        )
        .filter(Q(last_day__gte=since) | Q(last_day__isnull=True))
        .order_by("first_day", "title")
    )


def workspace(request, user):
    """Cohorts with their tasks and links, and the total number of tasks."""
    cohorts = workspace_cohorts(user)
    tasks = hooks.trainer_tasks(request, user, cohorts)
    for cohort in cohorts:
        cohort.tasks = tasks.get(cohort.pk, [])
        cohort.extra_links = hooks.cohort_overview_items(request, cohort)
    return cohorts, sum(task.count for items in tasks.values() for task in items)


class WorkspaceView(StaffOnlyMixin, TemplateView):
    template_name = "course/workspace.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cohorts"], context["task_total"] = workspace(self.request, self.request.user)
        context["is_coordinator"] = self.request.user.is_coordinator
        return context
