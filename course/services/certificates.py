"""Completing a cohort: who is eligible for the certificate, issuing it once, revoking it.

Eligibility has two parts. The core checks attendance itself: at least
``TrainingPage.required_attendance_days`` course days present (a coordinator's setting,
default 6 of 7). Everything else a participant must have done comes from the feature apps
through ``course.hooks.COMPLETION_REQUIREMENTS`` (the graded final plan, for instance), so the
core never names them. ``decide_eligibility`` is the one place that combines the two; the
dashboard, the download and the coordinator's list all ask it.
"""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import (
    Count,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Left, Length
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page

from website.errors import ActionRefused

from .. import hooks, personal_cache
from ..models import Attendance, Certificate, Registration, TrainingPage
from ..models.certificates import generate_code
from ..models.pages import COURSE_DAY_COUNT

# Defaults when there is no training page (TrainingPage's own field defaults).
DEFAULT_REQUIRED_DAYS = COURSE_DAY_COUNT - 1
DEFAULT_STUDY_HOURS = 84


@dataclass
class Eligibility:
    """Where one participant of one cohort stands on the way to the certificate."""

    cohort: object
    participant: object
    attended: int
    required: int
    #: The feature apps' requirements (``course.hooks.Requirement``); None when they were not
    #: asked because attendance already falls short.
    requirements: list | None = None
    certificate: Certificate | None = None
    last_attended: datetime.date | None = None
    study_hours: int = DEFAULT_STUDY_HOURS
    unmet: list = field(default_factory=list)

    @property
    def attendance_met(self):
        return self.attended >= self.required

    @property
    def eligible(self):
        """Completed: enough days attended and every requirement met."""
        return (
            self.attendance_met
            and self.requirements is not None
            and all(requirement.met for requirement in self.requirements)
        )

    @property
    def has_valid_certificate(self):
        return self.certificate is not None and not self.certificate.is_revoked

    @property
    def may_download(self):
        """A valid certificate downloads; an eligible participant without one gets it issued.
        A revoked certificate is never issued again."""
        if self.certificate is not None:
            return not self.certificate.is_revoked
        return self.eligible

    @property
    def completed_on(self):
        """The day the last condition was met: the last day attended or a requirement's date."""
        dates = [self.last_attended] + [r.met_on for r in self.requirements or []]
        dates = [day for day in dates if day is not None]
        return max(dates) if dates else None


def training_settings():
    """``(required_attendance_days, study_hours, training_page)`` of the one training."""
    training = TrainingPage.objects.first()
    if training is None:
        return DEFAULT_REQUIRED_DAYS, DEFAULT_STUDY_HOURS, None
    return training.required_attendance_days, training.study_hours, training


def decide_eligibility(cohorts, users=None, *, participant_related=()):
    """Eligibility of participants with a confirmed place: ``{(cohort_id, user_id): Eligibility}``.

    ``users`` limits the answer to those people (the dashboard and the download ask for one);
    None means every confirmed participant of ``cohorts`` (the coordinator's list).
    ``participant_related``: relations of each participant to load in the same query (the
    dashboard shows the person's school and calendar link). One
    query whatever the number of cohorts and participants (each registration with its
    attendance count, its certificate and the training's settings), plus the
    ``COMPLETION_REQUIREMENTS`` hooks, called once per cohort and only for the participants
    who attended enough days (one short of days is not eligible whatever else they did).
    """
    cohorts = list(cohorts)
    if not cohorts:
        return {}
    present = (
        Attendance.objects.filter(
            present=True, participant=OuterRef("participant"), cohort_day__cohort=OuterRef("cohort")
        )
        .order_by()
        .values("participant")
    )
    # The cohort's own training: its parent page (a tree path one step shorter).
    cohort_path = OuterRef("cohort__path")
    training = TrainingPage.objects.filter(
        path=Left(cohort_path, Length(cohort_path) - Page.steplen)
    )
    registrations = (
        Registration.objects.confirmed()
        .filter(cohort__in=[cohort.pk for cohort in cohorts])
        .annotate(
            attended=Coalesce(
                Subquery(present.annotate(days=Count("pk")).values("days")),
                Value(0),
                output_field=IntegerField(),
            ),
            last_attended=Subquery(present.annotate(last=Max("cohort_day__date")).values("last")),
            required_days=Subquery(training.values("required_attendance_days")[:1]),
            training_hours=Subquery(training.values("study_hours")[:1]),
            # At most one per registration: one certificate per participant and cohort.
            own_certificate=FilteredRelation(
                "participant__certificates",
                condition=Q(participant__certificates__cohort=F("cohort")),
            ),
        )
        .select_related(
            "participant",
            "own_certificate",
            *(f"participant__{name}" for name in participant_related),
        )
        .order_by("participant__full_name", "pk")
    )
    if users is not None:
        registrations = registrations.filter(participant__in=[user.pk for user in users])
    cohorts_by_id = {cohort.pk: cohort for cohort in cohorts}
    result = {}
    for registration in registrations:
        result[(registration.cohort_id, registration.participant_id)] = Eligibility(
            cohort=cohorts_by_id[registration.cohort_id],
            participant=registration.participant,
            attended=registration.attended,
            required=registration.required_days or DEFAULT_REQUIRED_DAYS,
            certificate=getattr(registration, "own_certificate", None),
            last_attended=registration.last_attended,
            study_hours=registration.training_hours or DEFAULT_STUDY_HOURS,
        )
    for cohort in cohorts:
        candidates = [
            item for item in result.values() if item.cohort.pk == cohort.pk and item.attendance_met
        ]
        if not candidates:
            continue
        requirements = hooks.completion_requirements(
            cohort, [item.participant for item in candidates]
        )
        for item in candidates:
            item.requirements = requirements[item.participant.pk]
    return result


def eligibility_of(cohort, participant):
    """One participant's ``Eligibility`` in ``cohort``, or None without a confirmed place."""
    return decide_eligibility([cohort], [participant]).get((cohort.pk, participant.pk))


def issue_certificate(cohort, participant):
    """The participant's certificate for ``cohort``: the existing one, or a new one when they
    are eligible. Issued once; later downloads redraw the PDF from the same row.

    Raises ``ActionRefused``: "not_participant" without a confirmed place, "revoked" when a
    coordinator revoked the certificate, "not_eligible" when the training is not completed.
    """
    eligibility = eligibility_of(cohort, participant)
    if eligibility is None:
        raise ActionRefused(
            _("You have no confirmed place in this cohort."), code="not_participant"
        )
    if eligibility.certificate is not None:
        if eligibility.certificate.is_revoked:
            raise ActionRefused(
                _("Your certificate for this cohort has been revoked."), code="revoked"
            )
        return eligibility.certificate
    if not eligibility.eligible:
        raise ActionRefused(
            _("You receive the certificate once you have completed the training."),
            code="not_eligible",
        )
    return create_certificate(
        cohort,
        participant,
        completed_on=eligibility.completed_on or timezone.localdate(),
        study_hours=eligibility.study_hours,
    )


def create_certificate(cohort, participant, *, completed_on, study_hours):
    """Store the certificate row with a fresh random code, without checking eligibility
    (``issue_certificate`` checks; the demo data calls this directly).

    Two requests at once (a double click) both reach the insert: the unique constraint on
    participant and cohort lets one win and the other returns the winner's row, so a
    participant never holds two codes.
    """
    for _attempt in range(5):
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    participant=participant,
                    cohort=cohort,
                    code=generate_code(),
                    name=participant.full_name or participant.email,
                    study_hours=study_hours,
                    completed_on=completed_on,
                    issued_at=timezone.now(),
                )
        except IntegrityError:
            existing = Certificate.objects.filter(participant=participant, cohort=cohort).first()
            if existing is not None:
                return existing
            continue  # the 80-bit code collided: draw another one
        log(instance=certificate, action="course.issue_certificate", user=participant)
        return certificate
    raise RuntimeError("could not draw a unique certificate code")


def revoke_certificate(certificate, *, by, reason):
    """Revoke ``certificate`` with a reason: the verification page then says it is not valid
    and the participant can no longer download it. Logged with Wagtail's ``log_action``.

    Raises ``ActionRefused``: "reason_required" without a reason, "already_revoked".
    """
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(
            _("Give the reason for revoking the certificate."), code="reason_required"
        )
    now = timezone.now()
    updated = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=by, revoke_reason=reason
    )
    if not updated:
        raise ActionRefused(_("This certificate had already been revoked."), code="already_revoked")
    certificate.refresh_from_db()
    # update() sends no signal: "Mijn opleiding" shows the certificate's state.
    personal_cache.bump(personal_cache.user_scope(certificate.participant_id))
    log(instance=certificate, action="course.revoke_certificate", user=by)
    return certificate


def find_certificate(code):
    """The certificate with the normalised ``code`` (its participant and cohort), or None."""
    return Certificate.objects.select_related("cohort").filter(code=code).first()
