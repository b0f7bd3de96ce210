"""Intervision: small peer-consultation groups per cohort, their sessions, roles and cases.

Built on the course core (cohorts, registrations); ``course`` never imports this app.
Who may see what is answered in ``intervision/services/groups.py`` (groups, sessions) and
by iv-cases's services (cases, notes, reflections).
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable
from wagtail.search import index


@register_setting(icon="group")
class IntervisionSettings(BaseGenericSetting):
    """Site-wide intervision rules a coordinator may change."""

    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group"), default=4, validators=[MinValueValidator(2), MaxValueValidator(20)]
    )
    max_group_size = models.PositiveSmallIntegerField(
        _("largest group"), default=8, validators=[MinValueValidator(2), MaxValueValidator(20)]
    )
    retention_days = models.PositiveSmallIntegerField(
        _("keep cases and notes for (days)"),
        default=92,
        help_text=_(
            "Cases and session notes are deleted this many days after the cohort's last course day."
        ),
    )
    warning_days = models.PositiveSmallIntegerField(
        _("warn members (days before deletion)"),
        default=7,
        help_text=_("Members are emailed this many days before their cases and notes are deleted."),
    )

    panels = [
        FieldRowPanel([FieldPanel("min_group_size"), FieldPanel("max_group_size")]),
        FieldRowPanel([FieldPanel("retention_days"), FieldPanel("warning_days")]),
    ]

    class Meta:
        verbose_name = _("intervision settings")

    def clean(self):
        super().clean()
        if (
            self.min_group_size
            and self.max_group_size
            and self.max_group_size < self.min_group_size
        ):
            raise ValidationError(
                {
                    "max_group_size": _(
                        "The largest group cannot be smaller than the smallest group."
                    )
                }
            )


class Method(index.Indexed, ClusterableModel):
    """An intervision method (incidentmethode, roddelmethode, ...) with its fixed steps."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.TextField(_("summary"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        InlinePanel("steps", heading=_("Steps"), label=_("step"), min_num=1),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("intervision method")
        verbose_name_plural = _("intervision methods")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def total_minutes(self):
        return sum(step.minutes for step in self.steps.all())


class MethodStep(Orderable):
    """One step of a method, with a short explanation and the suggested time."""

    method = ParentalKey(Method, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("title"), max_length=150)
    explanation = models.TextField(_("explanation"))
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), default=5, validators=[MinValueValidator(1), MaxValueValidator(240)]
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("minutes")]),
        FieldPanel("explanation"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return self.title


def _viewer_annotations(user, group, cohort):
    """What the group and session pages ask about ``user``, answered in their own query:
    ``viewer_is_member`` (an active member of the group ``group`` refers to) and
    ``viewer_listed`` (among the trainers of the cohort ``cohort`` refers to)."""
    trainers = apps.get_model("course", "CohortPage").trainers.through
    return {
        "viewer_is_member": models.Exists(
            GroupMembership.objects.active().filter(group=group, participant=user.pk)
        ),
        "viewer_listed": models.Exists(
            trainers.objects.filter(cohortpage_id=cohort, user_id=user.pk)
        ),
    }


class IntervisionGroupQuerySet(models.QuerySet):
    def published(self):
        """Groups the trainer has published to their members."""
        return self.filter(published_at__isnull=False)

    def with_viewer(self, user):
        """Each group with ``viewer_is_member`` and ``viewer_listed`` for ``user``
        (services/groups.py ``may_see_group``, ``can_manage_groups``) and the cohort's
        ``cohort_title``, without loading the cohort's page."""
        return self.annotate(
            **_viewer_annotations(user, models.OuterRef("pk"), models.OuterRef("cohort_id")),
            cohort_title=models.F("cohort__title"),
        )

    def for_cohort(self, cohort):
        return self.filter(cohort=cohort)


class IntervisionGroup(models.Model):
    """A small intervision group within one cohort."""

    cohort = models.ForeignKey(
        "course.CohortPage",
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="intervision_groups",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = IntervisionGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("intervision group")
        verbose_name_plural = _("intervision groups")
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "number"], name="intervision_group_unique_number"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return _("Group %(number)s") % {"number": self.number}

    @property
    def is_published(self):
        return self.published_at is not None


class GroupMembershipQuerySet(models.QuerySet):
    def active(self):
        """Memberships of people who have not left the group."""
        return self.filter(left_at__isnull=True)


class GroupMembership(models.Model):
    """A participant's place in one intervision group; one group per person per cohort."""

    group = models.ForeignKey(
        IntervisionGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    # Denormalised from group.cohort so the database enforces one group per person per cohort.
    cohort = models.ForeignKey(
        "course.CohortPage", verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="+"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="intervision_memberships",
    )
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    objects = GroupMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "participant"], name="intervision_one_group_per_cohort"
            ),
        ]

    def __str__(self):
        return f"{self.participant} – {self.group}"

    def save(self, *args, **kwargs):
        self.cohort_id = self.group.cohort_id
        super().save(*args, **kwargs)


class IntervisionSessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        """Sessions that have not ended yet, soonest first."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")

    def with_viewer(self, user):
        """Each session with ``viewer_is_member`` and ``viewer_listed`` for ``user``, about
        its group (see ``IntervisionGroupQuerySet.with_viewer``)."""
        return self.annotate(
            **_viewer_annotations(
                user, models.OuterRef("group_id"), models.OuterRef("group__cohort_id")
            )
        )


class IntervisionSession(models.Model):
    """One meeting of a group, following one method."""

    group = models.ForeignKey(
        IntervisionGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    method = models.ForeignKey(
        Method, verbose_name=_("method"), on_delete=models.PROTECT, related_name="sessions"
    )
    is_practice_day = models.BooleanField(_("practice day afternoon"), default=False)

    objects = IntervisionSessionQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("intervision", "session")
        verbose_name_plural = pgettext_lazy("intervision", "sessions")
        ordering = ["starts_at"]

    def __str__(self):
        return f"{self.group} {timezone.localtime(self.starts_at):%d-%m-%Y %H:%M}"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())

    @property
    def date(self) -> datetime.date:
        return timezone.localtime(self.starts_at).date()


class SessionRole(models.Model):
    """Who has which role in one session; each role once per session."""

    class Role(models.TextChoices):
        CASE_PRESENTER = "case_presenter", _("case presenter")
        FACILITATOR = "facilitator", _("facilitator")
        SCRIBE = "scribe", _("scribe")

    session = models.ForeignKey(
        IntervisionSession,
        verbose_name=pgettext_lazy("intervision", "session"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="intervision_roles",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("session role")
        verbose_name_plural = _("session roles")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "role"], name="intervision_one_person_per_role"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.participant}"


class RoleSwap(models.Model):
    """A member's request to hand their role in a session to another member, who must agree."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    session = models.ForeignKey(
        IntervisionSession,
        verbose_name=pgettext_lazy("intervision", "session"),
        on_delete=models.CASCADE,
        related_name="role_swaps",
    )
    role = models.CharField(_("role"), max_length=20, choices=SessionRole.Role.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    other = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("role swap")
        verbose_name_plural = _("role swaps")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_role_display()}: {self.requested_by} -> {self.other}"


class Case(models.Model):
    """The case the case presenter brings to a session; a draft until shared with the group."""

    session = models.OneToOneField(
        IntervisionSession,
        verbose_name=pgettext_lazy("intervision", "session"),
        on_delete=models.CASCADE,
        related_name="case",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("case"), blank=True, help_text=_("Markdown."))
    marked_names = models.TextField(
        _("names to hide"),
        blank=True,
        help_text=_("Names of pupils, parents or colleagues, one per line."),
    )
    shared_at = models.DateTimeField(_("shared at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self):
        return self.title

    @property
    def is_shared(self):
        return self.shared_at is not None


class PrivacyDecision(models.Model):
    """The author's choice about one privacy finding, logged without the text itself."""

    class Decision(models.TextChoices):
        REPLACED = "replaced", _("replaced")
        NOT_PERSONAL = "not_personal", _("not personal data")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="privacy_decisions"
    )
    kind = models.CharField(_("kind"), max_length=30)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("privacy decision")
        verbose_name_plural = _("privacy decisions")

    def __str__(self):
        return f"{self.kind}: {self.get_decision_display()}"


class SessionNote(models.Model):
    """The scribe's record of a session's advice round."""

    session = models.OneToOneField(
        IntervisionSession,
        verbose_name=pgettext_lazy("intervision", "session"),
        on_delete=models.CASCADE,
        related_name="note",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    body = models.TextField(_("notes"), blank=True, help_text=_("Markdown."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("session note")
        verbose_name_plural = _("session notes")

    def __str__(self):
        return str(self.session)


class Reflection(models.Model):
    """A member's private reflection; the trainer sees it only when shared."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="intervision_reflections",
    )
    group = models.ForeignKey(
        IntervisionGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="reflections",
    )
    session = models.ForeignKey(
        IntervisionSession,
        verbose_name=pgettext_lazy("intervision", "session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reflections",
    )
    body = models.TextField(_("reflection"), help_text=_("Markdown."))
    shared_with_trainer = models.BooleanField(_("shared with the trainer"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.author} {timezone.localtime(self.created_at):%d-%m-%Y}"
