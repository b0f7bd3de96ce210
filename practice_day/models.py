"""The practice day (day 5): host visits with time slots, bookings, waiting lists and the
preference round with its allocation.

Rules that touch more than one row (booking, cancelling, promoting from the waiting list,
publishing an allocation) live in ``practice_day.services``; the models only answer
questions about themselves.
"""

import datetime
import secrets

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

from course.models.pages import PRACTICE_DAY_NUMBER
from website.images import alt_text_field, check_alt_text, image_field

from .allocation import MAX_PREFERENCES


def new_access_token():
    return secrets.token_urlsafe(32)


class PracticeDay(models.Model):
    """Per-cohort settings of the practice day: how host visits are filled and until when."""

    class Mode(models.TextChoices):
        FIRST_COME = "first_come", _("first come, first served")
        PREFERENCES = "preferences", _("preference round with allocation")

    cohort = models.OneToOneField(
        "course.CohortPage",
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="practice_day",
    )
    mode = models.CharField(
        _("how visits are filled"), max_length=20, choices=Mode.choices, default=Mode.FIRST_COME
    )
    preference_deadline = models.DateTimeField(
        _("preference deadline"),
        null=True,
        blank=True,
        help_text=_("In a preference round, participants may rank visits until this moment."),
    )
    cancellation_deadline = models.DateTimeField(
        _("cancellation deadline"),
        null=True,
        blank=True,
        help_text=_(
            "Participants may cancel their visit until this moment. "
            "Without a deadline they may cancel until the practice day starts."
        ),
    )
    max_visits_per_participant = models.PositiveSmallIntegerField(
        _("visits per participant"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    results_published = models.BooleanField(
        _("allocation published"),
        default=False,
        help_text=_("Set when the coordinator publishes the allocation of a preference round."),
    )

    panels = [
        FieldPanel("cohort"),
        FieldPanel("mode"),
        FieldRowPanel([FieldPanel("preference_deadline"), FieldPanel("cancellation_deadline")]),
        FieldPanel("max_visits_per_participant"),
        FieldPanel("results_published", read_only=True),
    ]

    class Meta:
        verbose_name = _("practice day")
        verbose_name_plural = _("practice days")

    def __str__(self):
        return str(self.cohort)

    def clean(self):
        super().clean()
        if self.mode == self.Mode.PREFERENCES and not self.preference_deadline:
            raise ValidationError(
                {"preference_deadline": _("A preference round needs a deadline.")}
            )

    def cohort_day(self):
        """The cohort's day 5 (date, times, venue), or None when not planned yet. Looked up
        once per instance: a page asks it several times (bookings, cancellation, header)."""
        if not hasattr(self, "_cohort_day"):
            self._cohort_day = self.cohort.days.filter(number=PRACTICE_DAY_NUMBER).first()
        return self._cohort_day

    def starts(self):
        day = self.cohort_day()
        return day.starts if day else None

    def has_started(self, at=None):
        starts = self.starts()
        return starts is not None and (at or timezone.now()) >= starts

    def accepts_preferences(self, at=None):
        """True while participants may rank visits (a preference round before its deadline)."""
        return (
            self.mode == self.Mode.PREFERENCES
            and not self.results_published
            and self.preference_deadline is not None
            and (at or timezone.now()) < self.preference_deadline
        )

    def accepts_bookings(self, at=None):
        """True while participants may book a free place themselves.

        First come, first served: until the day starts. A preference round: only after its
        allocation has been published, for the places that are left.
        """
        if self.mode == self.Mode.PREFERENCES and not self.results_published:
            return False
        return not self.has_started(at)

    def allows_cancellation(self, at=None):
        at = at or timezone.now()
        if self.cancellation_deadline is not None:
            return at < self.cancellation_deadline
        return not self.has_started(at)


class HostVisit(ClusterableModel):
    """A visit to a good example on the practice day: a school or partner hosts visitors."""

    class HostType(models.TextChoices):
        SCHOOL = "school", _("school")
        PARTNERSHIP = "partnership", _("partnership (swv)")
        NEIGHBOURHOOD_TEAM = "neighbourhood_team", _("neighbourhood team")
        OTHER = "other", _("other")

    cohort = models.ForeignKey(
        "course.CohortPage",
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="host_visits",
    )
    organisation = models.CharField(_("host organisation"), max_length=200)
    host_type = models.CharField(
        _("type of host"), max_length=30, choices=HostType.choices, default=HostType.SCHOOL
    )
    address = models.CharField(_("address"), max_length=300)
    theme = models.CharField(_("theme"), max_length=200)
    description = models.TextField(
        _("what visitors will see"),
        blank=True,
        help_text=_("Never name pupils or describe them so that they can be recognised."),
    )
    contact_name = models.CharField(_("host contact"), max_length=150)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    image = image_field()
    image_alt = alt_text_field(
        _("photo description"),
        _("Alternative text: what the photo shows, for people who cannot see it."),
    )
    school = models.ForeignKey(
        "website.School",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="host_visits",
        help_text=_("When the host is a school: its staff are never sent here by allocation."),
    )
    board = models.ForeignKey(
        "website.Board",
        verbose_name=_("school board"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="host_visits",
        help_text=_("Staff of this board's schools are never sent here by allocation."),
    )
    access_token = models.CharField(
        _("host link token"), max_length=64, unique=True, default=new_access_token, editable=False
    )

    panels = [
        FieldPanel("cohort"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("organisation"), FieldPanel("host_type")]),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("school"), FieldPanel("board")]),
            ],
            heading=_("Host"),
        ),
        MultiFieldPanel(
            [FieldPanel("theme"), FieldPanel("description")], heading=_("What visitors will see")
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Photo")),
        InlinePanel("slots", heading=_("Time slots"), label=_("time slot"), min_num=1),
    ]

    class Meta:
        verbose_name = _("host visit")
        verbose_name_plural = _("host visits")
        ordering = ["organisation", "pk"]

    def __str__(self):
        return self.organisation

    def clean(self):
        super().clean()
        check_alt_text(self, "image", "image_alt")

    @property
    def host_board_id(self):
        """The board whose staff must not visit: the linked board, else the school's board."""
        if self.board_id:
            return self.board_id
        return self.school.board_id if self.school_id else None

    def is_own_for(self, user):
        """True when ``user`` works at this host's school or at a school of its board."""
        if not user.school_id:
            return False
        if self.school_id and self.school_id == user.school_id:
            return True
        board_id = self.host_board_id
        return board_id is not None and board_id == user.school.board_id

    def regenerate_access_token(self):
        """Revoke the current host link by giving the visit a new token."""
        self.access_token = new_access_token()
        self.save(update_fields=["access_token"])


def default_slot_start():
    """9:30. A callable, not a fixed time: Django's check warns about a fixed time default
    (fields.W161) whenever it runs within ten seconds of that time of day."""
    return datetime.time(9, 30)


def default_slot_end():
    """12:00, callable for the same reason as ``default_slot_start``."""
    return datetime.time(12, 0)


class VisitSlot(Orderable):
    """A time slot of a host visit on the practice day, with its own number of places."""

    host_visit = ParentalKey(HostVisit, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.TimeField(_("starts at"), default=default_slot_start)
    ends_at = models.TimeField(_("ends at"), default=default_slot_end)
    capacity = models.PositiveSmallIntegerField(
        _("number of places"), default=4, validators=[MinValueValidator(1)]
    )

    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("capacity")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")

    def __str__(self):
        return f"{self.host_visit} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A time slot must end after it starts.")})

    def active_booking_count(self):
        return self.bookings.active().count()


class VisitBookingQuerySet(models.QuerySet):
    def active(self):
        """Bookings that have not been cancelled."""
        return self.filter(status=VisitBooking.Status.ACTIVE)

    def for_participant(self, user):
        return self.filter(participant=user)

    def for_cohort(self, cohort):
        return self.filter(slot__host_visit__cohort=cohort)


class VisitBooking(models.Model):
    """A participant's place in one time slot of a host visit."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("booked")
        CANCELLED = "cancelled", _("cancelled")

    class Source(models.TextChoices):
        SELF = "self", _("booked by the participant")
        WAITING_LIST = "waiting_list", _("from the waiting list")
        ALLOCATION = "allocation", _("allocated")

    slot = models.ForeignKey(
        VisitSlot, verbose_name=_("time slot"), on_delete=models.CASCADE, related_name="bookings"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="visit_bookings",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.SELF
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = VisitBookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit booking")
        verbose_name_plural = _("visit bookings")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "participant"],
                condition=models.Q(status="active"),
                name="one_active_booking_per_person_per_slot",
            ),
        ]
        indexes = [models.Index(fields=["slot", "status"])]

    def __str__(self):
        return f"{self.participant} – {self.slot}"


class WaitingListEntryQuerySet(models.QuerySet):
    def waiting(self):
        """Entries still waiting for a place, first come first."""
        return self.filter(status=WaitingListEntry.Status.WAITING).order_by("created_at", "pk")


class WaitingListEntry(models.Model):
    """A participant waiting for a place in a full time slot."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        PLACED = "placed", _("placed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    slot = models.ForeignKey(
        VisitSlot,
        verbose_name=_("time slot"),
        on_delete=models.CASCADE,
        related_name="waiting_list",
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="visit_waiting_list_entries",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WAITING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = WaitingListEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list entries")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "participant"],
                condition=models.Q(status="waiting"),
                name="one_waiting_entry_per_person_per_slot",
            ),
        ]

    def __str__(self):
        return f"{self.participant} – {self.slot}"


class VisitPreference(models.Model):
    """One of a participant's ranked choices (1 = first choice) in a preference round."""

    practice_day = models.ForeignKey(
        PracticeDay,
        verbose_name=_("practice day"),
        on_delete=models.CASCADE,
        related_name="preferences",
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="visit_preferences",
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PREFERENCES)]
    )
    slot = models.ForeignKey(
        VisitSlot, verbose_name=_("time slot"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("visit preference")
        verbose_name_plural = _("visit preferences")
        ordering = ["practice_day", "participant", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice_day", "participant", "rank"], name="one_choice_per_rank"
            ),
            models.UniqueConstraint(
                fields=["practice_day", "participant", "slot"], name="each_slot_ranked_once"
            ),
        ]

    def __str__(self):
        return f"{self.participant} #{self.rank}: {self.slot}"


class ProposedAssignment(models.Model):
    """One line of an allocation proposal, which the coordinator reviews before publishing.

    ``slot`` is empty for a participant who got none of their choices; ``rank`` is the
    choice they got (1–3), or empty when the coordinator placed them by hand.
    """

    practice_day = models.ForeignKey(
        PracticeDay,
        verbose_name=_("practice day"),
        on_delete=models.CASCADE,
        related_name="proposed_assignments",
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    slot = models.ForeignKey(
        VisitSlot,
        verbose_name=_("time slot"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rank = models.PositiveSmallIntegerField(_("choice"), null=True, blank=True)
    adjusted = models.BooleanField(_("adjusted by the coordinator"), default=False)

    class Meta:
        verbose_name = _("proposed assignment")
        verbose_name_plural = _("proposed assignments")
        ordering = ["participant__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice_day", "participant"], name="one_proposal_per_participant"
            ),
        ]

    def __str__(self):
        return f"{self.participant} → {self.slot or '–'}"
