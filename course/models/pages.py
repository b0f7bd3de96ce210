import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from course.blocks import (
    ContentStreamBlock,
    LearningGoalsBlock,
    MaterialsStreamBlock,
    ProgrammeStreamBlock,
)
from course.permissions import is_staff_for
from website.content import ViewRestrictionsMixin
from website.models import Role

COURSE_DAY_COUNT = 7
PRACTICE_DAY_NUMBER = 5


class TrainingPage(ViewRestrictionsMixin, Page):
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

    # What completing the training takes and what the certificate says
    # (course.services.certificates reads these for every cohort of the training).
    required_attendance_days = models.PositiveSmallIntegerField(
        _("course days to attend for the certificate"),
        default=COURSE_DAY_COUNT - 1,
        validators=[MinValueValidator(1), MaxValueValidator(COURSE_DAY_COUNT)],
        help_text=_("A participant who attended fewer course days receives no certificate."),
    )
    study_hours = models.PositiveSmallIntegerField(
        _("study hours"),
        default=84,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("The study load of the whole training, printed on the certificate."),
    )
    certificate_issuer = models.CharField(
        _("issued by"),
        max_length=200,
        blank=True,
        help_text=_(
            "Printed on the certificate below the training's name; empty: in co-operation "
            "with the LBBO, the PO-Raad and the NCOJ."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("required_attendance_days"), FieldPanel("study_hours")]),
                FieldPanel("certificate_issuer"),
            ],
            heading=_("Certificate"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["website.HomePage"]
    subpage_types = ["course.CourseDayPage", "course.CohortPage", "course.LibraryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("training page")

    def get_course_days(self):
        return CourseDayPage.objects.child_of(self).live().order_by("number")

    def get_open_cohorts(self):
        """This training's cohorts open for registration (``open_for_registration``)."""
        return CohortPage.objects.child_of(self).open_for_registration()

    def get_cohorts_to_show(self):
        """The open cohorts (``get_open_cohorts``) with ``places_left`` and their days in
        order, for cards (components/cohort_card.html): one query for the cohorts, one for
        all their days."""
        return (
            self.get_open_cohorts()
            .with_places_left()
            .prefetch_related(Prefetch("days", queryset=CohortDay.objects.order_by("number")))
        )

    def get_next_cohorts_with_places(self, limit=3):
        """The first ``limit`` open cohorts that still have a place (the home page)."""
        return self.get_cohorts_to_show().filter(places_left__gt=0)[:limit]

    def get_context(self, request, *args, **kwargs):
        from .library import LibraryPage
        from .testimonials import Testimonial

        context = super().get_context(request, *args, **kwargs)
        # Built only when the template uses them: the page's content is fragment-cached
        # per content version (templates/course/training_page.html), and then none is.
        context["course_days"] = SimpleLazyObject(lambda: list(self.get_course_days()))
        context["open_cohorts"] = SimpleLazyObject(lambda: list(self.get_cohorts_to_show()))
        context["testimonials"] = SimpleLazyObject(lambda: list(Testimonial.objects.for_display()))
        context["library_page"] = SimpleLazyObject(
            lambda: LibraryPage.objects.child_of(self).live().first()
        )
        return context


class CourseDayPage(ViewRestrictionsMixin, Page):
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


class CohortPageQuerySet(PageQuerySet):
    def open_to_everyone(self):
        """Cohorts anyone may see and join: closed (in-company) cohorts left out."""
        return self.filter(is_closed=False)

    def closed(self):
        """Closed (in-company) cohorts: only for the people invited (``is_shown_to``)."""
        return self.filter(is_closed=True)

    def open_for_registration(self, today=None):
        """Live cohorts anyone may join whose registration has not closed, soonest first.

        Cohorts whose registration opens later are included: lists say when it opens. The
        one answer for every public list (pages, views, dashboards).
        """
        return (
            self.live()
            .open_to_everyone()
            .filter(registration_closes__gte=today or timezone.localdate())
            .order_by("registration_closes", "pk")
        )

    def with_viewer_place(self, user):
        """Annotate ``viewer_is_participant``: ``user`` holds a confirmed place (as
        ``CohortPage.is_participant``), in the same query as the cohort."""
        from django.db.models import Exists, OuterRef, Value

        from .registrations import Registration

        if not user.is_authenticated:
            return self.annotate(viewer_is_participant=Value(False))
        place = Registration.objects.confirmed().filter(cohort=OuterRef("pk"), participant=user)
        return self.annotate(viewer_is_participant=Exists(place))

    def with_places_left(self):
        """Annotate ``places_left``: the capacity minus every place-holding registration
        (``Registration.PLACE_HOLDING_STATUSES``) and every place held for a colleague
        registered together (``DuoInvitation``, pending), never below 0.

        Subqueries in the same query, so a list of cohorts costs no query per cohort.
        """
        from .registrations import DuoInvitation, Registration

        taken = (
            Registration.objects.filter(cohort=OuterRef("pk"))
            .holding_a_place()
            .order_by()
            .values("cohort")
            .annotate(count=Count("pk"))
            .values("count")
        )
        held = (
            DuoInvitation.objects.filter(cohort=OuterRef("pk"))
            .pending()
            .order_by()
            .values("cohort")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            places_left=Greatest(
                F("capacity")
                - Coalesce(Subquery(taken), Value(0))
                - Coalesce(Subquery(held), Value(0)),
                Value(0),
                output_field=IntegerField(),
            )
        )


CohortPageManager = PageManager.from_queryset(CohortPageQuerySet)


class CohortPage(ViewRestrictionsMixin, Page):
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
        limit_choices_to={"groups__name": Role.TRAINER},
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

    # Closed cohorts stay in the index, so coordinators find them in the admin's search;
    # the public search leaves them out (course.views.search).
    search_fields = Page.search_fields + [index.SearchField("region"), index.SearchField("place")]

    parent_page_types = ["course.TrainingPage"]
    subpage_types = []

    objects = CohortPageManager()

    # Set by CohortPageQuerySet.with_places_left(); see the places_left property.
    _places_left = None

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def serve(self, request, *args, **kwargs):
        # A closed cohort's page answers 404 to anyone not invited, like a page that does
        # not exist, so the organisation's name does not leak.
        if not self.is_shown_to(request.user, request.GET.get("code", "")):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        return [] if self.is_closed else super().get_sitemap_urls(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["cohort_days"] = self.days.order_by("number")
        context["cohort_trainers"] = self.trainers.order_by("full_name")
        context["places_left"] = self.places_left
        context["registration_open"] = self.is_open_for_registration()
        context["registration_opens_later"] = timezone.localdate() < self.registration_opens
        code = request.GET.get("code", "")
        context["invitation_code"] = code if self.accepts_invitation_code(code) else ""
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

    def accepts_invitation_code(self, code):
        """True when ``code`` is this closed cohort's invitation code."""
        return bool(
            self.is_closed
            and self.invitation_code
            and code
            and constant_time_compare(code.strip(), self.invitation_code)
        )

    def has_ended(self, today=None):
        """True when the last course day lies before ``today``; without days it has not."""
        last_day = self.days.aggregate(last=models.Max("date"))["last"]
        return last_day is not None and last_day < (today or timezone.localdate())

    def is_shown_to(self, user, code=""):
        """Everyone sees an open cohort. A closed one only those invited: with its
        invitation code, with a registration in it, its trainers and coordinators."""
        from .registrations import Registration

        if not self.is_closed or self.accepts_invitation_code(code):
            return True
        if not user.is_authenticated:
            return False
        return (
            is_staff_for(user, self)
            or Registration.objects.active().filter(cohort=self, participant=user).exists()
        )

    @property
    def places_left(self):
        """Free places: the capacity minus every place-holding registration, at least 0.

        Read from the ``with_places_left()`` annotation when this cohort came from it;
        otherwise counted now through that same annotation (one query, not cached).
        """
        if self._places_left is not None:
            return self._places_left
        if self.pk is None:
            return self.capacity
        return (
            CohortPage.objects.filter(pk=self.pk)
            .with_places_left()
            .values_list("places_left", flat=True)
            .get()
        )

    @places_left.setter
    def places_left(self, value):
        self._places_left = value

    @classmethod
    def unloaded(cls, pk):
        """The cohort ``pk`` without a query: only its id is loaded, every other column loads
        when it is read (one query each, as after ``only()``). For a page that needs the
        cohort only for a permission check (``is_staff_for``): building the page's forty
        columns (Wagtail's and the cohort's) through ``select_related`` costs a millisecond
        or more, and ``defer()`` of them costs as much again."""
        return cls.from_db(None, ["id", "page_ptr_id"], [pk, pk])

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


def default_day_start():
    """9:30. A callable, not a fixed time: Django's check warns about a fixed time default
    (fields.W161) whenever it runs within ten seconds of that time of day."""
    return datetime.time(9, 30)


def default_day_end():
    """16:00, callable for the same reason as ``default_day_start``."""
    return datetime.time(16, 0)


class CohortDay(Orderable):
    """The concrete date, times and venue of one course day in one cohort."""

    cohort = ParentalKey(CohortPage, on_delete=models.CASCADE, related_name="days")
    number = models.PositiveSmallIntegerField(
        _("day number"), validators=[MinValueValidator(1), MaxValueValidator(COURSE_DAY_COUNT)]
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), default=default_day_start)
    ends_at = models.TimeField(_("ends at"), default=default_day_end)
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

    def accepts_attendance(self, today=None):
        """True from the course day itself: attendance of a day to come cannot be recorded."""
        return self.date <= (today or timezone.localdate())
