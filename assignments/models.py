"""The final assignment (issue 13): each participant's implementation plan, its rubric,
the self-assessment and peer reviews, and the revision with its response table.

Rules that touch more than one row (saving a version, submitting, allocating reviews)
live in ``assignments.services``; the models only answer questions about themselves.
"""

import datetime
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from website.validators import validate_visible_text


class Phase(models.TextChoices):
    """Where an assignment is, computed from its dates (never set by hand).

    The self-assessment is a step of submitting, not a dated phase of its own.
    """

    NOT_OPEN = "not_open", _("not open yet")
    WRITING = "writing", _("writing")
    PEER_REVIEW = "peer_review", _("peer review")
    REVISION = "revision", _("revision")
    GRADING = "grading", _("grading")
    CLOSED = "closed", _("closed")


class Assignment(ClusterableModel):
    """The final assignment of one cohort, with its dates and its rubric."""

    cohort = models.OneToOneField(
        "course.CohortPage",
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="assignment",
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(
        _("instructions"), blank=True, help_text=_("Shown above the editor; Markdown.")
    )
    writing_opens = models.DateTimeField(_("writing opens"))
    submission_deadline = models.DateTimeField(
        _("submission deadline"),
        help_text=_("Plans are locked after this moment, unless a trainer gave an extension."),
    )
    review_deadline = models.DateTimeField(
        _("review deadline"),
        help_text=_("Peer review runs from the submission deadline until this moment."),
    )
    revision_deadline = models.DateTimeField(_("revision deadline"))
    grading_deadline = models.DateTimeField(_("grading deadline"))
    closes_at = models.DateTimeField(_("closes at"))
    reviews_per_plan = models.PositiveSmallIntegerField(
        _("reviews per plan"), default=2, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    anonymous = models.BooleanField(
        _("anonymous peer review"),
        default=True,
        help_text=_("Authors and reviewers do not see each other's names; trainers always do."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark"),
        null=True,
        blank=True,
        help_text=_(
            "Total rubric points a plan needs for 'voldaan'. Empty: half of the maximum, "
            "rounded up."
        ),
    )
    second_marking_margin = models.PositiveSmallIntegerField(
        _("second marking margin"),
        default=0,
        help_text=_(
            "A plan whose score is at most this many points from the pass mark gets a second "
            "marker. 0: no second marking."
        ),
    )
    dates_follow_course_days = models.BooleanField(
        _("dates follow the course days"),
        default=True,
        help_text=_(
            "While ticked and no plan exists yet, the dates move with the cohort's "
            "presentation day. Untick to keep dates set by hand."
        ),
    )

    panels = [
        FieldPanel("cohort", read_only=True),
        FieldPanel("title"),
        FieldPanel("instructions"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("writing_opens"), FieldPanel("submission_deadline")]),
                FieldRowPanel([FieldPanel("review_deadline"), FieldPanel("revision_deadline")]),
                FieldRowPanel([FieldPanel("grading_deadline"), FieldPanel("closes_at")]),
            ],
            heading=_("Dates"),
        ),
        FieldPanel("dates_follow_course_days"),
        FieldRowPanel([FieldPanel("reviews_per_plan"), FieldPanel("anonymous")]),
        FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("second_marking_margin")]),
        InlinePanel("criteria", heading=_("Rubric"), label=_("criterion")),
    ]

    DATE_FIELDS = (
        "writing_opens",
        "submission_deadline",
        "review_deadline",
        "revision_deadline",
        "grading_deadline",
        "closes_at",
    )

    class Meta:
        verbose_name = _("final assignment")
        verbose_name_plural = _("final assignments")

    def __str__(self):
        return f"{self.title} – {self.cohort}"

    def clean(self):
        super().clean()
        dates = [(name, getattr(self, name)) for name in self.DATE_FIELDS]
        for (_earlier_name, earlier), (name, later) in zip(dates, dates[1:], strict=False):
            if earlier and later and later < earlier:
                raise ValidationError({name: _("This date must not be before the previous one.")})

    def phase(self, at=None):
        """The phase at ``at`` (default now), from the dates alone."""
        at = at or timezone.now()
        if at < self.writing_opens:
            return Phase.NOT_OPEN
        if at < self.submission_deadline:
            return Phase.WRITING
        if at < self.review_deadline:
            return Phase.PEER_REVIEW
        if at < self.revision_deadline:
            return Phase.REVISION
        if at < self.closes_at:
            return Phase.GRADING
        return Phase.CLOSED

    def deadline_for(self, user, extensions=None):
        """``user``'s own submission deadline: their extension if they have one.

        ``extensions`` (participant id -> DeadlineExtension) saves a query per person on
        pages that list many participants.
        """
        if extensions is not None:
            extension = extensions.get(user.pk)
        else:
            extension = self.extensions.filter(participant=user).first()
        return extension.submission_deadline if extension else self.submission_deadline

    def extensions_by_participant(self):
        return {extension.participant_id: extension for extension in self.extensions.all()}

    def accepts_submissions(self, user, at=None, extensions=None):
        """True while ``user`` may still write and submit (before their own deadline)."""
        at = at or timezone.now()
        return self.writing_opens <= at < self.deadline_for(user, extensions)

    # --- Grading: the pass mark and second marking (one home for both rules) ---

    def pass_mark_for(self, max_score):
        """Points needed for "voldaan": the set pass mark, else half the maximum rounded up."""
        if self.pass_mark is not None:
            return self.pass_mark
        return (max_score + 1) // 2

    def passes(self, score, max_score):
        """The verdict for ``score``: True is "voldaan"."""
        return score >= self.pass_mark_for(max_score)

    def near_pass_mark(self, score, max_score):
        """True when ``score`` is within the second-marking margin of the pass mark."""
        margin = self.second_marking_margin
        return margin > 0 and abs(score - self.pass_mark_for(max_score)) <= margin


class DeadlineExtension(models.Model):
    """A later submission deadline for one participant, given by a trainer with a reason."""

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("final assignment"),
        on_delete=models.CASCADE,
        related_name="extensions",
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="assignment_extensions",
    )
    submission_deadline = models.DateTimeField(_("new submission deadline"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "participant"], name="one_extension_per_participant"
            ),
        ]

    def __str__(self):
        return f"{self.participant} – {self.submission_deadline:%Y-%m-%d %H:%M}"


class RubricCriterion(ClusterableModel, Orderable):
    """One row of the rubric: what is assessed, with its levels."""

    assignment = ParentalKey(Assignment, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        InlinePanel("levels", heading=_("Levels"), label=_("level"), min_num=2),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")

    def __str__(self):
        return self.title

    @property
    def max_points(self):
        return max((level.points for level in self.levels.all()), default=0)


class RubricLevel(Orderable):
    """One level of a criterion (e.g. "onvoldoende", "voldoende", "goed") with its points."""

    criterion = ParentalKey(RubricCriterion, on_delete=models.CASCADE, related_name="levels")
    label = models.CharField(_("level"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    points = models.PositiveSmallIntegerField(_("points"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("points")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("rubric level")
        verbose_name_plural = _("rubric levels")

    def __str__(self):
        return f"{self.label} ({self.points})"


def plan_attachment_path(instance, filename):
    """A neutral stored path: never the author's name or the original file name."""
    extension = os.path.splitext(filename)[1].lower()
    return f"plans/{uuid.uuid4().hex}{extension}"


class PlanQuerySet(models.QuerySet):
    def submitted(self):
        """Plans whose author has submitted them."""
        return self.filter(submitted_at__isnull=False)

    def for_author(self, user):
        return self.filter(author=user)


class Plan(models.Model):
    """One participant's implementation plan for one assignment."""

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("final assignment"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    body = models.TextField(_("plan"), blank=True)
    revised_body = models.TextField(_("revised plan"), blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to=plan_attachment_path, blank=True, max_length=200
    )
    attachment_name = models.CharField(
        _("attachment name"),
        max_length=200,
        blank=True,
        help_text=_("Shown to the author and trainers only, never to anonymous reviewers."),
    )
    marked_names = models.TextField(
        _("names to watch for"),
        blank=True,
        help_text=_("Names of pupils the privacy check should look for, one per line."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    revised_at = models.DateTimeField(_("revised at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")
        ordering = ["assignment", "author__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "author"], name="one_plan_per_author"),
        ]

    def __str__(self):
        return f"{self.assignment.title} – {self.author}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    @property
    def is_revised(self):
        return self.revised_at is not None

    def current_body(self):
        """The text others read: the revision once there is one, else the submitted plan."""
        return self.revised_body or self.body

    def final_body(self):
        """The plan as its author last handed it in: the submitted revision, else the
        submitted plan, else "" (a draft revision or an unsubmitted plan is never final)."""
        if self.is_revised:
            return self.revised_body
        return self.body if self.is_submitted else ""


class PlanVersion(models.Model):
    """A stored state of a plan's text, for the version history and comparison."""

    class Kind(models.TextChoices):
        AUTOSAVE = "autosave", _("saved automatically")
        SAVE = "save", _("saved")
        SUBMITTED = "submitted", _("submitted")
        REVISION = "revision", _("revision")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("text"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version_number"),
        ]

    def __str__(self):
        return f"{self.plan_id} v{self.number}"


class PlanPrivacyDecision(models.Model):
    """The author's decision on one finding of the privacy check; never the text itself."""

    class Decision(models.TextChoices):
        REPLACED = "replaced", _("replaced")
        NOT_PERSONAL = "not_personal", _("not personal data")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="privacy_decisions"
    )
    kind = models.CharField(_("kind of finding"), max_length=40)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("privacy decision")
        verbose_name_plural = _("privacy decisions")
        ordering = ["plan", "decided_at", "pk"]

    def __str__(self):
        return f"{self.plan_id}: {self.kind} {self.decision}"


class ReviewQuerySet(models.QuerySet):
    def active(self):
        """Reviews that have not been withdrawn."""
        return self.exclude(status=Review.Status.WITHDRAWN)

    def submitted(self):
        return self.filter(status=Review.Status.SUBMITTED)

    def peer(self):
        return self.filter(kind=Review.Kind.PEER)

    def by_reviewer(self, user):
        return self.filter(reviewer=user)


class Review(models.Model):
    """One assessment of a plan with the rubric, by its author (self), a peer or a trainer."""

    class Kind(models.TextChoices):
        SELF = "self", _("self-assessment")
        PEER = "peer", _("peer review")
        TRAINER = "trainer", _("trainer assessment")

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("assigned")
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="plan_reviews",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PEER)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ASSIGNED
    )
    overall_comment = models.TextField(_("overall comment"), blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    helpfulness = models.PositiveSmallIntegerField(
        _("helpfulness"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    helpfulness_reason = models.TextField(_("why this rating"), blank=True)
    reassigned_from = models.ForeignKey(
        "self",
        verbose_name=_("moved from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why a trainer added, moved or removed it.")
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["plan", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "reviewer", "kind"],
                condition=~models.Q(status="withdrawn"),
                name="one_active_review_per_reviewer_and_kind",
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "status"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.plan_id} – {self.reviewer}"

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED

    @property
    def has_scores(self):
        """False for a review not begun: scores are stored only by saving it
        (``services.reviews.store_scores``), which makes it a draft or submitted."""
        return self.status != self.Status.ASSIGNED


class CriterionScore(models.Model):
    """The level a review gave on one criterion, with snapshots of the rubric at the time.

    The criterion and level may change or disappear later; the copied title, label and
    points keep the score as it was given (never deleted, never rescaled).
    """

    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        RubricCriterion,
        verbose_name=_("criterion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    criterion_title = models.CharField(_("criterion"), max_length=200)
    level = models.ForeignKey(
        RubricLevel,
        verbose_name=_("level"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    level_label = models.CharField(_("level"), max_length=100)
    points = models.PositiveSmallIntegerField(_("points"))
    max_points = models.PositiveSmallIntegerField(_("maximum points"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["review", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="one_score_per_criterion_per_review"
            ),
        ]

    def __str__(self):
        return f"{self.criterion_title}: {self.level_label}"

    @classmethod
    def snapshot(cls, review, criterion, level, comment=""):
        """An unsaved score for ``level`` of ``criterion``, with the rubric's text copied."""
        return cls(
            review=review,
            criterion=criterion,
            criterion_title=criterion.title,
            level=level,
            level_label=level.label,
            points=level.points,
            max_points=criterion.max_points,
            comment=comment,
        )


class ResponseItem(models.Model):
    """One row of the revision's response table: a point of feedback, accepted or not, why."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="responses"
    )
    review = models.ForeignKey(
        Review,
        verbose_name=_("review"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )
    point = models.TextField(_("point of feedback"))
    accepted = models.BooleanField(_("accepted"), default=False)
    why = models.TextField(_("why"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("response to feedback")
        verbose_name_plural = _("responses to feedback")
        ordering = ["plan", "order", "pk"]

    def __str__(self):
        return self.point[:50]


# --- Presentation day (course day 7) ---------------------------------------------------


def default_presentations_start():
    """10:00. A callable, not a fixed time: Django's check warns about a fixed time default
    (fields.W161) whenever it runs within ten seconds of that time of day."""
    return datetime.time(10, 0)


def default_presentations_end():
    """16:00, callable for the same reason as ``default_presentations_start``."""
    return datetime.time(16, 0)


class PresentationDay(models.Model):
    """The settings of a cohort's presentation day: the hours and slot lengths the schedule
    is generated from. The date and venue are the cohort's course day 7 (``CohortDay``)."""

    cohort = models.OneToOneField(
        "course.CohortPage",
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="presentation_day",
    )
    starts_at = models.TimeField(_("first presentation at"), default=default_presentations_start)
    ends_at = models.TimeField(_("last presentation ends by"), default=default_presentations_end)
    slot_minutes = models.PositiveSmallIntegerField(
        _("minutes per presentation"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
    )
    changeover_minutes = models.PositiveSmallIntegerField(
        _("changeover minutes"),
        default=5,
        validators=[MaxValueValidator(60)],
        help_text=_("Time between two presentations in the same room."),
    )
    # Participants and their guests see the schedule only once it is published
    # (``services.presentation.publish_schedule``); generating it again withdraws it.
    published_at = models.DateTimeField(_("schedule published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("presentation day")
        verbose_name_plural = _("presentation days")

    def __str__(self):
        return str(self.cohort)

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The presentations must end after they start.")})


class PresentationRoom(models.Model):
    """A room on the presentation day, with the trainer who listens there by default."""

    day = models.ForeignKey(
        PresentationDay,
        verbose_name=_("presentation day"),
        on_delete=models.CASCADE,
        related_name="rooms",
    )
    name = models.CharField(_("room"), max_length=100, validators=[validate_visible_text])
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("presentation room")
        verbose_name_plural = _("presentation rooms")
        ordering = ["day", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["day", "name"], name="unique_presentation_room_name"),
        ]

    def __str__(self):
        return self.name


class PresentationSlotQuerySet(models.QuerySet):
    def published(self):
        """The slots a participant or their guest may see: of a published schedule. The
        staff's schedule screen shows every slot, published or not."""
        return self.filter(day__published_at__isnull=False)


class PresentationSlot(models.Model):
    """One participant's presentation: room, time and the trainer who listens.

    Slots are only written by ``assignments.services.presentation``, which checks the whole
    schedule (``assignments.scheduling.find_conflicts``) under a lock on the day.
    """

    day = models.ForeignKey(
        PresentationDay,
        verbose_name=_("presentation day"),
        on_delete=models.CASCADE,
        related_name="slots",
    )
    # RESTRICT: a room with presentations is never deleted on its own (the room formset
    # refuses it with a message); deleting the whole day still takes both.
    room = models.ForeignKey(
        PresentationRoom, verbose_name=_("room"), on_delete=models.RESTRICT, related_name="slots"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="presentation_slots",
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    objects = PresentationSlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("presentation slot")
        verbose_name_plural = _("presentation slots")
        ordering = ["day", "starts_at", "room__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "participant"], name="one_presentation_per_participant"
            ),
        ]

    def __str__(self):
        return f"{self.room} {timezone.localtime(self.starts_at):%H:%M} – {self.participant}"


class PresentationGuestQuerySet(models.QuerySet):
    def active(self):
        """Guests whose link has not been revoked (it may still have expired)."""
        return self.filter(revoked_at__isnull=True)

    def of(self, participant, cohort):
        """The guests ``participant`` invited to ``cohort``'s presentation day."""
        return self.filter(participant=participant, cohort=cohort)


class PresentationGuest(models.Model):
    """A guest a participant invited to their presentation, with a private link.

    Only a hash of the link's secret is stored (``token_hash``); the link itself is mailed
    to the guest once. It shows the participant's final plan, slot and venue and takes
    feedback, until the day after the presentation day or until it is revoked.
    """

    class Role(models.TextChoices):
        DIRECTOR = "director", _("school director")
        PARTNERSHIP = "partnership", _("samenwerkingsverband representative")
        OTHER = "other", _("other guest")

    cohort = models.ForeignKey(
        "course.CohortPage",
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="presentation_guests",
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="presentation_guests",
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_visible_text])
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(_("link hash"), max_length=64, unique=True, editable=False)
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PresentationGuestQuerySet.as_manager()

    class Meta:
        verbose_name = _("presentation guest")
        verbose_name_plural = _("presentation guests")
        ordering = ["cohort", "participant", "invited_at", "pk"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    @property
    def is_revoked(self):
        return self.revoked_at is not None


class GuestFeedback(models.Model):
    """What a guest wrote about the presentation, for the participant and the trainers."""

    guest = models.ForeignKey(
        PresentationGuest,
        verbose_name=_("guest"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    text = models.TextField(_("feedback"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("guest feedback")
        verbose_name_plural = _("guest feedback")
        ordering = ["guest", "created_at", "pk"]

    def __str__(self):
        return f"{self.guest}: {self.text[:40]}"


class GuestAccess(models.Model):
    """One opening of a guest's link, so the participant sees who read their plan, when."""

    guest = models.ForeignKey(
        PresentationGuest,
        verbose_name=_("guest"),
        on_delete=models.CASCADE,
        related_name="accesses",
    )
    accessed_at = models.DateTimeField(_("opened at"), default=timezone.now)

    class Meta:
        verbose_name = _("guest access")
        verbose_name_plural = _("guest accesses")
        ordering = ["guest", "-accessed_at", "pk"]

    def __str__(self):
        return f"{self.guest} {self.accessed_at:%Y-%m-%d %H:%M}"


# --- Grading (issue 14) ----------------------------------------------------------------------
#
# The trainer's marking of the final (revised) plan is a ``Review`` of kind TRAINER with its
# ``CriterionScore``s (level, points snapshot and feedback per criterion), exactly as the
# self-assessment and the peer reviews are stored, so all three sit side by side per
# criterion. A second marker writes a second TRAINER review. ``Grade`` holds what is about
# the plan as a whole: the state, the markers, the settled outcome and the release. The
# rules (who may mark, second marking, settling, release) live in services/grading.py.


class GradeQuerySet(models.QuerySet):
    def released(self):
        """Grades participants may see."""
        return self.filter(status=Grade.Status.RELEASED)

    def ready(self):
        """Grades waiting for the coordinator's release."""
        return self.filter(status=Grade.Status.READY)

    def for_cohort(self, cohort):
        return self.filter(plan__assignment__cohort=cohort)


class Grade(models.Model):
    """The grading of one plan: state, markers, final score and verdict, release."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        READY = "ready", _("ready for release")
        RELEASED = "released", _("released")

    plan = models.OneToOneField(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="grade"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    first_marker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first marker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_marked_at = models.DateTimeField(_("first marking completed at"), null=True, blank=True)
    needs_second_marker = models.BooleanField(_("needs a second marker"), default=False)
    second_marker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("second marker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    second_marked_at = models.DateTimeField(_("second marking completed at"), null=True, blank=True)
    final_review = models.ForeignKey(
        Review,
        verbose_name=_("decisive marking"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The marking whose levels, feedback and score the participant receives."),
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    disagreement = models.BooleanField(
        _("markers disagree"),
        default=False,
        help_text=_("The first and second marker reached a different verdict."),
    )
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("settled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    settlement_reason = models.TextField(_("reason for the outcome"), blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = GradeQuerySet.as_manager()

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        ordering = ["plan"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.plan_id}: {self.get_status_display()}"

    @property
    def is_released(self):
        return self.status == self.Status.RELEASED

    @property
    def awaits_second_marker(self):
        """First marking done, near the pass mark, the second marking still to come."""
        return (
            self.status == self.Status.IN_PROGRESS
            and self.needs_second_marker
            and self.first_marked_at is not None
            and self.second_marked_at is None
        )

    @property
    def awaits_settlement(self):
        """Both markings done with different verdicts, nobody has settled it yet."""
        return (
            self.status == self.Status.IN_PROGRESS and self.disagreement and self.settled_at is None
        )

    def first_marking_visible_to(self, user):
        """Blind second marking: anyone but the first marker sees the first marking (and
        the score) only once the second marking is in, or when no second marking is due."""
        return (
            user.pk == self.first_marker_id
            or not self.needs_second_marker
            or self.second_marked_at is not None
        )
