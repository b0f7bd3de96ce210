"""Who is shown as whom in peer review: stable pseudonyms per assignment.

When an assignment is anonymous (the default) authors and peer reviewers never see each
other's names: a plan is "Plan B" and a reviewer "Reviewer 2" on every page, in every
email and in the attachment's file name the other side receives. Trainers and coordinators
always see who is who. Every template and email that shows a plan or a review to a
participant names people through ``Pseudonyms`` (never ``plan.author`` or
``review.reviewer`` directly); tests/assignments/test_anonymity.py renders them all.

The pseudonyms are stable: a plan's letter follows the order in which plans were started
(their ids) and a reviewer's number the order in which they got their first peer review of
this assignment, so new plans and moved reviews only ever add letters and numbers at the
end and never rename anyone.
"""

import string

from django.db.models import Min
from django.utils.functional import cached_property
from django.utils.translation import gettext

from website import content

from .models import Plan, Review
from .services.plans import is_staff_for


def letters(index):
    """0 -> "A", 25 -> "Z", 26 -> "AA", ... (spreadsheet column names)."""
    result = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        result = string.ascii_uppercase[rest] + result
    return result


def plan_ids(assignment, request=None):
    """The ids of ``assignment``'s plans (their order gives the letters). With ``request``,
    kept per content version in the process (``website.content.memo``): a plan created or
    deleted changes that version, a saved plan does not (``rows_only`` in
    assignments/apps.py)."""

    def build():
        return list(Plan.objects.filter(assignment=assignment).values_list("pk", flat=True))

    if request is None:
        return build()
    return content.memo(request, "assignments.plan_ids", build, assignment.pk)


class Pseudonyms:
    """The pseudonyms of one assignment as ``viewer`` sees them (three queries at most,
    each asked only when a label needs it). ``plan_ids``: the assignment's plan ids, when
    the caller has them (loaded every plan anyway, or ``plan_ids(assignment, request)``)."""

    def __init__(self, assignment, viewer, *, plan_ids=None):
        self.assignment = assignment
        self.viewer = viewer
        self._plan_ids = plan_ids

    @cached_property
    def sees_names(self):
        return not self.assignment.anonymous or is_staff_for(self.viewer, self.assignment.cohort)

    @cached_property
    def _plan_codes(self):
        ids = plan_ids(self.assignment) if self._plan_ids is None else self._plan_ids
        return {pk: letters(i) for i, pk in enumerate(sorted(ids))}

    @cached_property
    def _reviewer_numbers(self):
        firsts = (
            Review.objects.filter(plan__assignment=self.assignment, kind=Review.Kind.PEER)
            .values("reviewer")
            .annotate(first=Min("pk"))
            .order_by("first")
        )
        return {row["reviewer"]: i + 1 for i, row in enumerate(firsts)}

    def plan_code(self, plan):
        return self._plan_codes.get(plan.pk, "?")

    def plan_label(self, plan):
        return gettext("Plan %(code)s") % {"code": self.plan_code(plan)}

    def reviewer_label(self, review):
        number = self._reviewer_numbers.get(review.reviewer_id, "?")
        return gettext("Reviewer %(number)s") % {"number": number}

    def author_name(self, plan):
        """How the viewer sees the author of ``plan``: a name only for trainers (and for
        everyone when the assignment is not anonymous)."""
        if plan.author_id == self.viewer.pk:
            return plan.author.full_name
        if self.sees_names:
            return "%s (%s)" % (plan.author.full_name, self.plan_label(plan))
        return self.plan_label(plan)

    def reviewer_name(self, review):
        """How the viewer sees the reviewer of ``review``."""
        if review.reviewer_id == self.viewer.pk:
            return review.reviewer.full_name
        if self.sees_names:
            return "%s (%s)" % (review.reviewer.full_name, self.reviewer_label(review))
        return self.reviewer_label(review)

    def attachment_filename(self, plan):
        """The neutral download name reviewers get: "uitvoeringsplan-B.pdf"."""
        extension = plan.attachment.name.rsplit(".", 1)[-1].lower() if plan.attachment else ""
        name = "uitvoeringsplan-%s" % self.plan_code(plan)
        return "%s.%s" % (name, extension) if extension else name
