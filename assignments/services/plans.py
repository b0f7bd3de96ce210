"""The implementation plan: who may read it, writing with versions, the privacy guard,
the attachment and submission with the self-assessment.

Every deadline rule asks ``assignment.deadline_for(user)`` (a trainer's extension counts).
Visibility: a plan to its author, the cohort's trainers and coordinators, and after
submission to its assigned peer reviewers (their pages are in ``services.reviews``).
Anyone else gets a 404, exactly as for a plan that does not exist.
"""

import datetime
import difflib
import functools
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from course.permissions import is_staff_for
from website import content, privacy
from website.errors import ActionRefused

from ..models import (
    CriterionScore,
    Plan,
    PlanPrivacyDecision,
    PlanVersion,
    Review,
)
from ..signals import plan_submitted

#: An autosave adds a version only when the newest one is older than this; otherwise it
#: updates that version, so typing for an hour leaves a handful of versions, not hundreds.
AUTOSAVE_VERSION_INTERVAL = datetime.timedelta(minutes=10)


# --- Who may do what ------------------------------------------------------------------


def may_read_plan(user, plan):
    """The author and the cohort's staff; peer reviewers read it on their review page."""
    if not user.is_authenticated:
        return False
    return plan.author_id == user.pk or is_staff_for(user, plan.assignment.cohort)


def plan_for(assignment, user):
    """``user``'s plan of ``assignment``, created (empty, from the template) when missing."""
    plan, created = Plan.objects.get_or_create(
        assignment=assignment, author=user, defaults={"body": plan_template()}
    )
    return plan


def is_locked(plan, at=None):
    """True when the author may no longer change the plan: submitted, or past their deadline."""
    if plan.is_submitted:
        return True
    return not plan.assignment.accepts_submissions(plan.author, at)


def lock_reason(plan, at=None, extensions=None):
    """A sentence for the author saying why the plan is read-only, or "" when it is not.

    ``extensions``: as ``Assignment.deadline_for`` takes them, when the caller has them."""
    if plan.is_submitted:
        return _("You submitted your plan on %(date)s; it can no longer be changed.") % {
            "date": format_moment(plan.submitted_at)
        }
    assignment = plan.assignment
    at = at or timezone.now()
    if at < assignment.writing_opens:
        return _("Writing your plan opens on %(date)s.") % {
            "date": format_moment(assignment.writing_opens)
        }
    if not assignment.accepts_submissions(plan.author, at, extensions):
        return _(
            "The deadline for your plan passed on %(date)s, so it can no longer be changed or "
            "submitted. Ask your trainer for an extension if you need more time."
        ) % {"date": format_moment(assignment.deadline_for(plan.author, extensions))}
    return ""


def format_moment(moment):
    """``moment`` as local date and time for a sentence (as ``|date:"DATETIME_FORMAT"``).

    Kept per language and time zone for the process (the last 4,096): a screen with a date
    per participant asks for the same moments on every request, and Django's formatter
    costs about 150 function calls a date."""
    return _format_moment(moment, get_language(), timezone.get_current_timezone_name())


@functools.lru_cache(maxsize=4096)
def _format_moment(moment, language, zone):
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _require_open(plan):
    reason = lock_reason(plan)
    if reason:
        raise ActionRefused(reason, code="locked")


# --- The template ----------------------------------------------------------------------


def plan_template():
    """The starting text of a plan: a section per course theme with guiding questions."""
    sections = [
        (
            _("Educational needs and the support route"),
            _(
                "Which educational needs do you see in your school, and how does the "
                "support route run now: who signals, who decides, who is involved? What "
                "do you want to improve, and why?"
            ),
        ),
        (
            _("The teacher's role and questions at group level"),
            _(
                "How do you support teachers in meeting different needs in their group? "
                "Which questions at group level come up most, and how will you answer them?"
            ),
        ),
        (
            _("The network and external expertise"),
            _(
                "Which partners (the samenwerkingsverband, youth care, specialists) do you "
                "involve, when, and how do you keep the lines short?"
            ),
        ),
        (
            _("Privacy"),
            _(
                "How do you handle information about pupils carefully: what do you record, "
                "who may see it, and how do you ask parents for permission?"
            ),
        ),
        (
            _("Leadership and change"),
            _(
                "How do you take your team and school leadership along? What resistance "
                "do you expect, and how will you deal with it?"
            ),
        ),
        (
            _("Planning and evaluation"),
            _(
                "What will you do when, who is responsible, and how will you know that "
                "it works? Name concrete steps for the coming school year."
            ),
        ),
    ]
    return "\n\n".join(f"## {heading}\n\n{question}" for heading, question in sections) + "\n"


# --- Writing and versions ---------------------------------------------------------------


def _locked_row(plan):
    return Plan.objects.select_for_update().select_related("assignment").get(pk=plan.pk)


def save_plan(plan, *, body, marked_names=None, autosave=False):
    """Store ``body`` and record a version (coalescing autosaves); returns the version.

    Raises ``ActionRefused`` "locked" after the author's deadline or once submitted.
    """
    _require_open(plan)
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_row(plan)
        locked.body = body
        fields = ["body", "updated_at"]
        if marked_names is not None:
            locked.marked_names = marked_names
            fields.append("marked_names")
        locked.save(update_fields=fields)
        version = _record_version(locked, now, autosave)
    for field in ("body", "marked_names", "updated_at"):
        setattr(plan, field, getattr(locked, field))
    return version


def _record_version(plan, now, autosave):
    latest = plan.versions.order_by("-number").first()
    if latest is not None and latest.body == plan.body:
        return latest
    if (
        autosave
        and latest is not None
        and latest.kind == PlanVersion.Kind.AUTOSAVE
        and now - latest.created_at < AUTOSAVE_VERSION_INTERVAL
    ):
        latest.body = plan.body
        latest.updated_at = now
        latest.save(update_fields=["body", "updated_at"])
        return latest
    kind = PlanVersion.Kind.AUTOSAVE if autosave else PlanVersion.Kind.SAVE
    return _new_version(plan, kind, now, latest)


def _new_version(plan, kind, now, latest=None):
    number = latest.number + 1 if latest is not None else 1
    return PlanVersion.objects.create(
        plan=plan, number=number, body=plan.body, kind=kind, created_at=now, updated_at=now
    )


@dataclass
class Comparison:
    """Two versions side by side: ``rows`` of (kind, html) with kind in same/added/removed."""

    older: PlanVersion
    newer: PlanVersion
    rows: list

    @property
    def changed(self):
        return any(kind != "same" for kind, _html in self.rows)


def compare_versions(older, newer):
    """A readable line-by-line comparison; changed words inside a line are marked.

    Every piece of text is escaped here; only the ``ins``/``del`` markup is added.
    """
    if older.number > newer.number:
        older, newer = newer, older
    old_lines = older.body.splitlines()
    new_lines = newer.body.splitlines()
    rows = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(("same", escape(line)) for line in old_lines[i1:i2])
            continue
        removed, added = old_lines[i1:i2], new_lines[j1:j2]
        if tag == "replace" and len(removed) == len(added):
            for old_line, new_line in zip(removed, added, strict=True):
                rows.append(("changed", _word_diff(old_line, new_line)))
            continue
        rows.extend(("removed", mark_safe(f"<del>{escape(line)}</del>")) for line in removed)  # noqa: S308
        rows.extend(("added", mark_safe(f"<ins>{escape(line)}</ins>")) for line in added)  # noqa: S308
    return Comparison(older=older, newer=newer, rows=rows)


def _word_diff(old_line, new_line):
    old_words, new_words = old_line.split(" "), new_line.split(" ")
    parts = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape(" ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(' '.join(old_words[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(' '.join(new_words[j1:j2]))}</ins>")
    return mark_safe(" ".join(parts))  # noqa: S308 - every part escaped above


# --- The privacy guard -------------------------------------------------------------------


def marked_name_list(plan):
    return privacy.marked_name_list(plan.marked_names)


def dismissed_fingerprints(plan):
    return set(
        plan.privacy_decisions.filter(
            decision=PlanPrivacyDecision.Decision.NOT_PERSONAL
        ).values_list("fingerprint", flat=True)
    )


def _findings(plan, dismissed):
    return privacy.find_personal_data(
        plan.body, marked_names=marked_name_list(plan), dismissed=dismissed
    )


def open_findings(plan):
    """Everything the guard finds in the plan that the author has not dealt with yet.

    The author's "not personal data" choices are read only when the guard finds something."""
    texts = {"body": plan.body}
    names = marked_name_list(plan)
    if not privacy.open_findings(texts, marked_names=names):
        return []
    return privacy.open_findings(texts, marked_names=names, dismissed=dismissed_fingerprints(plan))


def replace_findings(plan, fingerprints=None):
    """Replace the findings with these fingerprints (None: all open ones) by their
    suggestions, log each choice without the text; returns how many were replaced."""
    _require_open(plan)
    with transaction.atomic():
        locked = _locked_row(plan)
        findings = [
            finding
            for finding in _findings(locked, dismissed_fingerprints(locked))
            if fingerprints is None or privacy.fingerprint(finding) in fingerprints
        ]
        if findings:
            locked.body = privacy.replace(locked.body, findings)
            locked.save(update_fields=["body", "updated_at"])
            PlanPrivacyDecision.objects.bulk_create(
                PlanPrivacyDecision(
                    plan=locked,
                    kind=finding.kind,
                    fingerprint=privacy.fingerprint(finding),
                    decision=PlanPrivacyDecision.Decision.REPLACED,
                )
                for finding in findings
            )
            _record_version(locked, timezone.now(), autosave=False)
    plan.body = locked.body
    if fingerprints is not None and not findings:
        raise ActionRefused(_("This finding is no longer in the text."), code="gone")
    return len(findings)


def dismiss_finding(plan, fingerprint):
    """The author marks a finding as not personal data; only its fingerprint is logged."""
    _require_open(plan)
    finding = next(
        (
            finding
            for finding in _findings(plan, dismissed_fingerprints(plan))
            if privacy.fingerprint(finding) == fingerprint
        ),
        None,
    )
    if finding is None:
        raise ActionRefused(_("This finding is no longer in the text."), code="gone")
    PlanPrivacyDecision.objects.create(
        plan=plan,
        kind=finding.kind,
        fingerprint=fingerprint,
        decision=PlanPrivacyDecision.Decision.NOT_PERSONAL,
    )


def mark_names(plan, names):
    """Add names (one per line) for the guard to look for."""
    _require_open(plan)
    known = marked_name_list(plan)
    new = [name for name in names if name not in known]
    if new:
        plan.marked_names = "\n".join(known + new)
        plan.save(update_fields=["marked_names", "updated_at"])


# --- The attachment ---------------------------------------------------------------------


def set_attachment(plan, clean_file, display_name):
    """Store the (already checked and stripped) attachment, replacing an earlier one."""
    _require_open(plan)
    old = plan.attachment.name if plan.attachment else ""
    plan.attachment.save(clean_file.name, clean_file, save=False)
    plan.attachment_name = display_name[:200]
    plan.save(update_fields=["attachment", "attachment_name", "updated_at"])
    if old:
        plan.attachment.storage.delete(old)


def remove_attachment(plan):
    _require_open(plan)
    if plan.attachment:
        plan.attachment.delete(save=False)
    plan.attachment_name = ""
    plan.save(update_fields=["attachment", "attachment_name", "updated_at"])


def attachment_download_name(plan):
    """A neutral file name: never the author's name nor the original file name."""
    extension = plan.attachment.name.rsplit(".", 1)[-1].lower() if plan.attachment else ""
    return f"uitvoeringsplan-bijlage-{plan.pk}.{extension}"


# --- Submission with the self-assessment ---------------------------------------------------


def rubric(assignment, request=None):
    """The criteria with their levels, in order (two queries).

    With ``request`` (pages that show the rubric), kept per content version in the
    process (``website.content.memo``): a saved criterion or level changes that version
    (declared content in assignments/apps.py). Services that store scores read it afresh."""

    def build():
        return list(assignment.criteria.prefetch_related("levels").order_by("sort_order", "pk"))

    if request is None:
        return build()
    return content.memo(request, "assignments.rubric", build, assignment.pk)


def submit_plan(plan, levels):
    """Submit ``plan`` with the author's self-assessment ``levels`` ({criterion: level}).

    Refused ("locked", "empty", "privacy", "incomplete") with a sentence for the author;
    nothing is stored then. Sends ``plan_submitted`` so late plans get reviewers.
    """
    _require_open(plan)
    if not plan.body.strip():
        raise ActionRefused(_("Your plan is empty; write it before submitting."), code="empty")
    if open_findings(plan):
        raise ActionRefused(
            _(
                "The privacy check still finds possible personal data in your plan. "
                "Replace it or mark it as not personal data first."
            ),
            code="privacy",
        )
    criteria = rubric(plan.assignment)
    if any(levels.get(criterion) is None for criterion in criteria):
        raise ActionRefused(
            _("Choose a level for every criterion of the rubric."), code="incomplete"
        )
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_row(plan)
        if locked.is_submitted:
            raise ActionRefused(_("Your plan has already been submitted."), code="submitted")
        review = Review.objects.create(
            plan=locked,
            reviewer=locked.author,
            kind=Review.Kind.SELF,
            status=Review.Status.SUBMITTED,
            assigned_at=now,
            submitted_at=now,
        )
        CriterionScore.objects.bulk_create(
            CriterionScore.snapshot(review, criterion, levels[criterion]) for criterion in criteria
        )
        locked.submitted_at = now
        locked.save(update_fields=["submitted_at", "updated_at"])
        latest = locked.versions.order_by("-number").first()
        _new_version(locked, PlanVersion.Kind.SUBMITTED, now, latest)
        transaction.on_commit(lambda: plan_submitted.send(sender=Plan, plan=locked))
    plan.submitted_at = locked.submitted_at
    return review
