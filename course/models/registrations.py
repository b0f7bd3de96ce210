from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from website.models import User

from ..money import format_euro
from ..pricing import PriceBreakdown

ZERO = Decimal("0.00")


def money_field(verbose_name):
    return models.DecimalField(verbose_name, max_digits=8, decimal_places=2, default=ZERO)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registrations that are not cancelled."""
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self):
        """Registrations holding a confirmed place."""
        return self.filter(status=Registration.Status.CONFIRMED)

    def for_participant(self, user):
        return self.filter(participant=user)

    def holding_a_place(self):
        """Registrations that take one of the cohort's places (confirmed, pending or offered).

        If this changes, also update ``Registration.holds_a_place``.
        """
        return self.filter(status__in=Registration.PLACE_HOLDING_STATUSES)

    def in_other_cohorts_of(self, cohort):
        """Place-holding registrations in the other cohorts of ``cohort``'s training (its
        sibling pages), for the rule "one place per person per training"."""
        return (
            self.holding_a_place()
            .exclude(cohort=cohort)
            .filter(
                cohort__path__startswith=cohort.path[: -cohort.steplen],
                cohort__depth=cohort.depth,
            )
        )

    def waiting_list(self):
        """The waiting list, first come first served.

        If this order changes, also update ``with_waiting_list_position``.
        """
        return self.filter(status=Registration.Status.WAITING_LIST).order_by("created_at", "pk")

    def with_waiting_list_position(self):
        """Annotate ``waiting_list_position``: 1 for the first person on the cohort's waiting
        list (the order of ``waiting_list``), None for a registration not waiting.

        One subquery in the same query, so a list costs no query per registration.
        """
        waiting = Registration.Status.WAITING_LIST
        ahead = (
            Registration.objects.filter(cohort=OuterRef("cohort"), status=waiting)
            .filter(
                Q(created_at__lt=OuterRef("created_at"))
                | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
            )
            .order_by()
            .values("cohort")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            waiting_list_position=Case(
                When(status=waiting, then=Coalesce(Subquery(ahead), Value(0)) + Value(1)),
                default=None,
                output_field=IntegerField(),
            )
        )

    def offers_expired(self, now=None):
        """Offers whose acceptance period has passed."""
        return self.filter(
            status=Registration.Status.OFFERED, offer_expires_at__lt=now or timezone.now()
        )


class Registration(models.Model):
    """A person's place (or wish for one) in a cohort, with what it costs them."""

    class Status(models.TextChoices):
        AWAITING_CONFIRMATION = "awaiting_confirmation", _("awaiting email confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        WAITING_LIST = "waiting_list", _("on the waiting list")
        OFFERED = "offered", _("place offered")
        NEEDS_DECISION = "needs_decision", _("awaiting the coordinator's decision")
        CANCELLED = "cancelled", _("cancelled")

    class Payer(models.TextChoices):
        SELF = "self", _("I pay myself")
        SCHOOL = "school", _("my school or board pays")

    class MembershipStatus(models.TextChoices):
        NONE = "none", _("no membership given")
        UNCHECKED = "unchecked", _("not checked yet")
        VERIFIED = "verified", _("verified")
        FLAGGED = "flagged", _("not on the member list")
        REJECTED = "rejected", _("rejected")

    # A registration awaiting the coordinator's decision (a second place in the same
    # training) keeps its place until the coordinator confirms or cancels it.
    PLACE_HOLDING_STATUSES = (
        Status.AWAITING_CONFIRMATION,
        Status.CONFIRMED,
        Status.OFFERED,
        Status.NEEDS_DECISION,
    )
    # A discount with one of these is provisional: not on the member list (yet) and not
    # accepted by a coordinator, so it may still be withdrawn.
    UNDECIDED_MEMBERSHIP_STATUSES = (MembershipStatus.UNCHECKED, MembershipStatus.FLAGGED)

    cohort = models.ForeignKey(
        "course.CohortPage",
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.AWAITING_CONFIRMATION
    )
    # What the registrant told us at the time; the account may change later.
    function = models.CharField(
        _("function"), max_length=20, choices=User.Function.choices, blank=True
    )
    school_name = models.CharField(_("school"), max_length=200, blank=True)
    school_place = models.CharField(_("school place"), max_length=100, blank=True)
    board_name = models.CharField(_("school board"), max_length=200, blank=True)
    payer = models.CharField(
        _("who pays"), max_length=10, choices=Payer.choices, default=Payer.SELF
    )
    invoice_address = models.TextField(_("invoice address"), blank=True)
    invoice_reference = models.CharField(_("reference or PO number"), max_length=100, blank=True)
    is_lbbo_member = models.BooleanField(_("LBBO member"), default=False)
    membership_number = models.CharField(_("LBBO membership number"), max_length=20, blank=True)
    membership_status = models.CharField(
        _("membership verification"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.NONE,
    )
    course_fee = money_field(_("course fee"))
    discount = money_field(_("LBBO discount"))
    total = money_field(_("total"))
    terms_accepted_at = models.DateTimeField(_("terms accepted at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer valid until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "participant"],
                condition=~models.Q(status="cancelled"),
                name="one_active_registration_per_person_per_cohort",
            ),
            # One membership number earns the discount once per cohort. The service checks
            # this under the cohort lock; the constraint is the last line of defence.
            models.UniqueConstraint(
                fields=["cohort", "membership_number"],
                condition=~models.Q(status="cancelled")
                & ~models.Q(membership_number="")
                & models.Q(discount__gt=0),
                name="one_discount_per_membership_number_per_cohort",
            ),
            # Numbers are stored in canonical form (course.membership), so "0118470" can
            # never sit next to "118470" and sidestep the constraint above.
            models.CheckConstraint(
                condition=~models.Q(membership_number__startswith="0"),
                name="membership_number_is_canonical",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self):
        return f"{self.participant} – {self.cohort}"

    @property
    def price(self):
        return PriceBreakdown(
            course_fee=self.course_fee,
            discount=self.discount,
            total=self.total,
            provisional=self.discount_is_provisional,
        )

    @property
    def discount_is_provisional(self):
        """The LBBO discount is given but its number is not verified or accepted yet."""
        return self.discount > 0 and self.membership_status in self.UNDECIDED_MEMBERSHIP_STATUSES

    @property
    def holds_a_place(self):
        return self.status in self.PLACE_HOLDING_STATUSES

    def may_be_cancelled_by_participant(self, today=None):
        """Participants cancel themselves until the cohort's free-cancellation date.

        Without that date they may cancel until registration closes. Leaving the waiting
        list or declining an offer is always possible.
        """
        if self.status == self.Status.CANCELLED:
            return False
        free_to_leave = (self.Status.WAITING_LIST, self.Status.OFFERED, self.Status.NEEDS_DECISION)
        if self.status in free_to_leave:
            return True  # leaving the queue, declining an offer or withdrawing costs nothing
        today = today or timezone.localdate()
        last_day = self.cohort.free_cancellation_until or self.cohort.registration_closes
        return today <= last_day

    def membership_check_text(self):
        """Whether the LBBO number was checked, in one sentence for the participant.

        The one wording for the registration page and every registration mail, so they
        never disagree; empty without a membership number.
        """
        Membership = self.MembershipStatus
        if not self.membership_number or self.membership_status == Membership.NONE:
            return ""
        if self.membership_status == Membership.VERIFIED:
            return _("Checked: this number is on the LBBO member list.")
        if self.membership_status == Membership.REJECTED:
            return _(
                "Not confirmed: this number is not on the LBBO member list, so there is no "
                "LBBO discount."
            )
        return _("Not checked yet against the LBBO member list.")

    @property
    def shows_price(self):
        """A price is shown for a place that still counts: not in an in-company cohort (the
        board pays) and not once cancelled."""
        return not self.cohort.is_closed and self.status != self.Status.CANCELLED

    def offer_is_open(self, now=None):
        return (
            self.status == self.Status.OFFERED
            and self.offer_expires_at is not None
            and (now or timezone.now()) <= self.offer_expires_at
        )

    # Columns for the admin listing and the invoicing export.
    def total_display(self):
        return format_euro(self.total)

    total_display.short_description = _("total")

    def discount_state_display(self):
        if not self.discount:
            return ""
        return _("provisional") if self.discount_is_provisional else _("final")

    discount_state_display.short_description = _("LBBO discount is")


class DuoInvitationQuerySet(models.QuerySet):
    def pending(self):
        """Invitations not yet answered: each holds one of the cohort's places."""
        return self.filter(status=DuoInvitation.Status.PENDING)

    def expired(self, now=None):
        """Pending invitations whose link has run out."""
        return self.pending().filter(expires_at__lt=now or timezone.now())


class DuoInvitation(models.Model):
    """Register together: a place held for a colleague whom a registrant registered too.

    A director and their own ib'er follow the module together. One registers both; the
    colleague gets an email with a signed, expiring link to confirm their own place and
    details (``course.services.registration.accept_duo_invitation``), which turns the held
    place into their own ``Registration`` with their own price. While pending, the
    invitation holds a place (``CohortPageQuerySet.with_places_left``).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the colleague")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        EXPIRED = "expired", _("expired")

    cohort = models.ForeignKey(
        "course.CohortPage",
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        related_name="duo_invitations",
    )
    invited_with = models.ForeignKey(
        Registration,
        verbose_name=_("registered together with"),
        on_delete=models.CASCADE,
        related_name="duo_invitations",
    )
    full_name = models.CharField(_("colleague's name"), max_length=200)
    email = models.EmailField(_("colleague's email address"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    expires_at = models.DateTimeField(_("link valid until"))
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("colleague's registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accepted_duo_invitation",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = DuoInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("register-together invitation")
        verbose_name_plural = _("register-together invitations")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self):
        return f"{self.full_name} – {self.cohort}"

    def is_open(self, now=None):
        return self.status == self.Status.PENDING and (now or timezone.now()) <= self.expires_at

    def is_for(self, user):
        """The invitation belongs to the account with the address it was sent to."""
        return user.is_authenticated and user.email.casefold() == self.email.casefold()


class RegistrationLog(models.Model):
    """Every change of status, price or discount: who, when, old and new, why."""

    class Kind(models.TextChoices):
        STATUS = "status", _("status change")
        PRICE = "price", _("price change")

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="log"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    old_status = models.CharField(_("old status"), max_length=30, blank=True)
    new_status = models.CharField(_("new status"), max_length=30, blank=True)
    old_discount = models.DecimalField(
        _("old discount"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    new_discount = models.DecimalField(
        _("new discount"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    old_total = models.DecimalField(
        _("old total"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    new_total = models.DecimalField(
        _("new total"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("registration log entry")
        verbose_name_plural = _("registration log")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.registration}: {self.reason}"

    def save(self, *args, **kwargs):
        # A reason the system gives is a lazy translation: store its English source text, so
        # get_reason_display() shows it in each reader's language. A reason a coordinator
        # typed is stored as typed.
        if isinstance(self.reason, Promise):
            with translation.override("en"):
                self.reason = str(self.reason)
        super().save(*args, **kwargs)

    # The statuses are stored without choices (a log keeps any value it was given); these
    # show them translated, as Django's get_FOO_display would, in the admin's list (Wagtail
    # uses a get_FOO_display method when the model has one), the export and the history.
    @staticmethod
    def status_label(value):
        """The translated label of a ``Registration.Status`` value; an unknown value as is."""
        return Registration.Status(value).label if value in Registration.Status.values else value

    def get_reason_display(self):
        """The reason in the active language (the catalogue has the system's reasons)."""
        return gettext(self.reason) if self.reason else ""

    def get_old_status_display(self):
        return self.status_label(self.old_status)

    def get_new_status_display(self):
        return self.status_label(self.new_status)


class LbboMember(models.Model):
    """One number from the LBBO member list the coordinator uploaded last."""

    number = models.CharField(_("membership number"), max_length=20, unique=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("LBBO member number")
        verbose_name_plural = _("LBBO member list")
        ordering = ["number"]
        constraints = [
            # Canonical form only (course.membership.canonical_membership_number).
            models.CheckConstraint(
                condition=~models.Q(number__startswith="0"), name="member_number_is_canonical"
            )
        ]

    def __str__(self):
        return self.number


@register_setting(icon="form")
class RegistrationSettings(BaseGenericSetting):
    """What a coordinator tunes about registration: membership numbers and offers.

    One for the whole installation: ``RegistrationSettings.load()`` (or ``load(request)``,
    cached on the request) returns it, created with the defaults when missing.
    """

    class NumberCharacters(models.TextChoices):
        DIGITS = "digits", _("digits 0–9 only")
        LETTERS_AND_DIGITS = "alnum", _("letters A–Z and digits 0–9")

    membership_number_characters = models.CharField(
        _("membership number consists of"),
        max_length=10,
        choices=NumberCharacters.choices,
        default=NumberCharacters.DIGITS,
    )
    membership_number_min_length = models.PositiveSmallIntegerField(
        _("shortest membership number"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    membership_number_max_length = models.PositiveSmallIntegerField(
        _("longest membership number"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    lbbo_discount_percent = models.DecimalField(
        _("LBBO discount in percent"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("5"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    offer_valid_days = models.PositiveSmallIntegerField(
        _("days to accept a place offer"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("After this many days the place goes to the next person waiting."),
    )

    panels = [
        FieldPanel("membership_number_characters"),
        FieldRowPanel(
            [FieldPanel("membership_number_min_length"), FieldPanel("membership_number_max_length")]
        ),
        FieldPanel("lbbo_discount_percent"),
        FieldPanel("offer_valid_days"),
    ]

    class Meta:
        verbose_name = _("registration settings")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if (
            self.membership_number_min_length
            and self.membership_number_max_length
            and self.membership_number_max_length < self.membership_number_min_length
        ):
            raise ValidationError(
                {
                    "membership_number_max_length": _(
                        "The longest length cannot be shorter than the shortest."
                    )
                }
            )
