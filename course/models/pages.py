import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Prefetch, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from course.blocks import (
    ContentStreamBlock,
    LearningGoalsBlock,
    MaterialsStreamBlock,
    ProgrammeStreamBlock,
)

COURSE_DAY_COUNT = 7
PRACTICE_DAY_NUMBER = 5


class TrainingPage(Page):
    """The training itself: what it is, for whom, what it costs. Parent of days and cohorts."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(
        ContentStreamBlock(),
        blank=True,
        verbose_name=_("body"),
        help_text=_(
            "For whom, what participants learn, the partners, the price and frequently asked "
            "questions."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["website.HomePage"]
    subpage_types = ["course.CourseDayPage", "course.CohortPage", "course.LibraryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("training page")

    def get_course_days(self):
        return CourseDayPage.objects.child_of(self).live().order_by("number")

    def get_open_cohorts(self):
        """Live cohorts whose registration has not closed yet, soonest first."""
        return (
            CohortPage.objects.child_of(self)
            .live()
            .filter(registration_closes__gte=timezone.localdate())
            .order_by("registration_closes")
        )

    def get_context(self, request, *args, **kwargs):
        from .library import LibraryPage
        from .registrations import Registration
        from .testimonials import Testimonial

        context = super().get_context(request, *args, **kwargs)
        context["course_days"] = self.get_course_days()
        confirmed = Count(
            "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
        )
        context["open_cohorts"] = (
            self.get_open_cohorts()
            .annotate(free_places=Greatest(F("capacity") - confirmed, Value(0)))
            .prefetch_related(Prefetch("days", queryset=CohortDay.objects.order_by("number")))
        )
        context["testimonials"] = Testimonial.objects.for_display()
        context["library_page"] = LibraryPage.objects.child_of(self).live().first()
        return context


class CourseDayPage(Page):
    """One of the seven course days: its theme and content, the same for every cohort."""

    number = models.PositiveSmallIntegerField(
        _("day number"),
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(COURSE_DAY_COUNT)],
    )
    theme = models.CharField(_("theme"), max_length=200)
    intro = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences, shown in the list of days.")
    )
    learning_goals = StreamField(LearningGoalsBlock(), blank=True, verbose_name=_("learning goals"))
    programme = StreamField(ProgrammeStreamBlock(), blank=True, verbose_name=_("programme"))
    preparation = RichTextField(
        _("preparation"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    materials = StreamField(MaterialsStreamBlock(), blank=True, verbose_name=_("materials"))
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("theme")]),
        FieldPanel("intro"),
        FieldPanel("learning_goals"),
        FieldPanel("programme"),
        FieldPanel("preparation"),
        FieldPanel("materials"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("theme", boost=2),
        index.SearchField("intro"),
        index.SearchField("learning_goals"),
        index.SearchField("preparation"),
        index.SearchField("body"),
        index.FilterField("number"),
    ]

    parent_page_types = ["course.TrainingPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("course day")
        verbose_name_plural = _("course days")

    @property
    def is_practice_day(self):
        return self.number == PRACTICE_DAY_NUMBER

    def get_context(self, request, *args, **kwargs):
        from .library import LibraryItem, LibraryPage, may_access_restricted_materials

        context = super().get_context(request, *args, **kwargs)
        context["library_items"] = LibraryItem.objects.for_listing().filter(course_day=self)
        context["library_page"] = LibraryPage.objects.live().first()
        context["may_access_restricted"] = may_access_restricted_materials(request.user)
        context["training_page"] = self.get_parent()
        return context


class CohortPage(Page):
    """One run of the module (a cohort): its region, seven dates, trainers and places."""

    region = models.CharField(_("region"), max_length=100)
    place = models.CharField(_("place"), max_length=100)
    capacity = models.PositiveSmallIntegerField(_("number of places"), default=24)
    price = models.DecimalField(
        _("course fee"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("Per participant, in euros, VAT exempt."),
    )
    registration_opens = models.DateField(_("registration opens on"))
    registration_closes = models.DateField(_("registration closes on"))
    free_cancellation_until = models.DateField(
        _("free cancellation until"),
        null=True,
        blank=True,
        help_text=_("Participants may cancel themselves until this date."),
    )
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="trained_cohorts",
        limit_choices_to={"groups__name": "Trainer"},
    )
    # A closed cohort is an in-company trajectory: participants register with the
    # invitation code and see no price, because their board is invoiced.
    is_closed = models.BooleanField(
        _("closed cohort"),
        default=False,
        help_text=_("Only people with the invitation code can register; no price is shown."),
    )
    invitation_code = models.CharField(_("invitation code"), max_length=40, blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("region"), FieldPanel("place")]), FieldPanel("trainers")],
            heading=_("Where and who"),
        ),
        InlinePanel(
            "days",
            heading=_("Course days"),
            label=_("course day"),
            min_num=COURSE_DAY_COUNT,
            max_num=COURSE_DAY_COUNT,
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("price")]),
                FieldRowPanel(
                    [FieldPanel("registration_opens"), FieldPanel("registration_closes")]
                ),
                FieldPanel("free_cancellation_until"),
                FieldRowPanel([FieldPanel("is_closed"), FieldPanel("invitation_code")]),
            ],
            heading=_("Places and registration"),
        ),
    ]

    search_fields = Page.search_fields + [index.SearchField("region"), index.SearchField("place")]

    parent_page_types = ["course.TrainingPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def get_context(self, request, *args, **kwargs):
        from .registrations import Registration

        context = super().get_context(request, *args, **kwargs)
        confirmed = self.registrations.filter(status=Registration.Status.CONFIRMED).count()
        context["cohort_days"] = self.days.order_by("number")
        context["cohort_trainers"] = self.trainers.order_by("full_name")
        context["places_left"] = max(self.capacity - confirmed, 0)
        context["registration_open"] = self.is_open_for_registration()
        context["registration_opens_later"] = timezone.localdate() < self.registration_opens
        return context

    def clean(self):
        super().clean()
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes < self.registration_opens
        ):
            raise ValidationError(
                {"registration_closes": _("Registration cannot close before it opens.")}
            )
        if self.is_closed and not self.invitation_code:
            raise ValidationError(
                {"invitation_code": _("A closed cohort needs an invitation code.")}
            )

    def is_open_for_registration(self, today=None):
        today = today or timezone.localdate()
        return self.registration_opens <= today <= self.registration_closes

    def has_ended(self, today=None):
        """True when the last course day lies before ``today``; without days it has not."""
        last_day = self.days.aggregate(last=models.Max("date"))["last"]
        return last_day is not None and last_day < (today or timezone.localdate())

    def places_taken(self):
        """Places held by confirmed, pending and offered registrations."""
        return self.registrations.holding_a_place().count()

    def places_left(self):
        return max(self.capacity - self.places_taken(), 0)

    def participants(self):
        """People with a confirmed place in this cohort."""
        from django.contrib.auth import get_user_model

        from .registrations import Registration

        return get_user_model().objects.filter(
            registrations__cohort=self, registrations__status=Registration.Status.CONFIRMED
        )

    def is_participant(self, user):
        from .registrations import Registration

        return (
            user.is_authenticated
            and Registration.objects.confirmed().filter(cohort=self, participant=user).exists()
        )


class CohortDay(Orderable):
    """The concrete date, times and venue of one course day in one cohort."""

    cohort = ParentalKey(CohortPage, on_delete=models.CASCADE, related_name="days")
    number = models.PositiveSmallIntegerField(
        _("day number"), validators=[MinValueValidator(1), MaxValueValidator(COURSE_DAY_COUNT)]
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), default=datetime.time(9, 30))
    ends_at = models.TimeField(_("ends at"), default=datetime.time(16, 0))
    venue_name = models.CharField(_("venue"), max_length=200)
    venue_address = models.CharField(_("address"), max_length=300, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("date")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("venue_name"), FieldPanel("venue_address")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("cohort day")
        verbose_name_plural = _("cohort days")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="cohort_day_unique_number"),
        ]

    def __str__(self):
        return f"{self.number}: {self.date:%d-%m-%Y}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A course day must end after it starts.")})

    @property
    def starts(self):
        """Start as an aware datetime in the site's time zone."""
        return timezone.make_aware(datetime.datetime.combine(self.date, self.starts_at))

    @property
    def ends(self):
        return timezone.make_aware(datetime.datetime.combine(self.date, self.ends_at))

    @property
    def is_practice_day(self):
        return self.number == PRACTICE_DAY_NUMBER
