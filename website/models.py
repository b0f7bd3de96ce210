import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from website.content import ViewRestrictionsMixin

# A BRIN code is two digits and two letters ("12AB"); a vestiging (branch) adds two digits.
SCHOOL_CODE_RE = re.compile(r"^\d{2}[A-Z]{2}(\d{2})?$")


def normalise_school_code(value):
    return re.sub(r"\s+", "", value or "").upper()


def validate_school_code(value):
    if value and not SCHOOL_CODE_RE.match(value):
        raise ValidationError(
            _(
                "A BRIN code is two digits and two letters, such as 12AB; "
                "a branch code adds two digits, such as 12AB00."
            ),
            code="invalid_school_code",
        )


class Board(models.Model):
    """A school board (schoolbestuur, bevoegd gezag): the legal owner of schools."""

    name = models.CharField(_("name"), max_length=200)
    place = models.CharField(_("place"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("school board")
        verbose_name_plural = _("school boards")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), Lower("place"), name="board_unique_name_place"),
        ]

    def __str__(self):
        return f"{self.name} ({self.place})" if self.place else self.name


class School(models.Model):
    """A school that many people share; later rules keep colleagues apart by it."""

    name = models.CharField(_("name"), max_length=200)
    place = models.CharField(_("place"), max_length=100)
    code = models.CharField(
        _("BRIN or branch code"),
        max_length=6,
        blank=True,
        validators=[validate_school_code],
        help_text=_("Where known, such as 12AB or 12AB00."),
    )
    board = models.ForeignKey(
        Board,
        verbose_name=_("school board"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schools",
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name", "place"]
        constraints = [
            models.UniqueConstraint(Lower("name"), Lower("place"), name="school_unique_name_place"),
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="school_unique_code"
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.place}"

    def clean(self):
        self.code = normalise_school_code(self.code)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person on the platform. The email address is the login; there are no usernames."""

    class Function(models.TextChoices):
        INTERNAL_COORDINATOR = "ib", _("internal coordinator (ib'er)")
        CARE_COORDINATOR = "zc", _("care coordinator")
        DIRECTOR = "director", _("director")
        TEACHER = "teacher", _("teacher")
        OTHER = "other", _("other")

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    function = models.CharField(
        _("function"), max_length=20, choices=Function.choices, default=Function.OTHER
    )
    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    # Set when a coordinator carried out this person's deletion request
    # (website.personal_data.erase_personal_data): the row stays, anonymised and inactive,
    # so the records that must stay (prices, attendance counts) keep pointing somewhere.
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    # Set from the language switch and at sign-up (website.views.set_language,
    # website.adapters); website.mail.send_templated_mail renders their mail in it.
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="nl",
        help_text=_("The language of the site and of the emails we send you."),
    )
    # Where a new account continues after confirming its email address, typically the
    # registration form it signed up from (website.adapters): kept on the account so it
    # works when the link is opened in another browser too. Emptied once used.
    continue_path = models.CharField(
        _("continue after email confirmation at"), max_length=300, blank=True, editable=False
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]
        permissions = [("erase_user", _("Can carry out a request to erase a person's data"))]

    def __str__(self):
        if self.erased_at:
            return str(_("erased person %(number)s") % {"number": self.pk})
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def board(self):
        return self.school.board if self.school_id else None

    def __getstate__(self):
        # A cached copy never carries the request the role names were kept for.
        state = super().__getstate__()
        state.pop("_roles_request", None)
        return state

    @cached_property
    def role_names(self):
        """Names of the user's groups, read once per request and, for the signed-in person
        (``website/admin_permissions.py`` hands over the request), kept per content version:
        a role given or taken bumps it."""

        request = getattr(self, "_roles_request", None)
        if request is None:
            return frozenset(self.groups.values_list("name", flat=True))
        from website import content

        return content.person_access(request, self)[0]

    def has_role(self, role):
        """True when the user is in the group of ``role`` (a ``Role`` value)."""
        return role in self.role_names

    @property
    def is_participant(self):
        return self.has_role(Role.PARTICIPANT)

    @property
    def is_trainer(self):
        return self.has_role(Role.TRAINER)

    @property
    def is_coordinator(self):
        """A training coordinator: in the coordinator group, or a superuser (who may do
        everything a coordinator may). The one definition; never test the group elsewhere."""
        return self.is_superuser or self.has_role(Role.COORDINATOR)


class Role(models.TextChoices):
    """The role groups, created after every migrate by ``website/roles.py``.

    The values are the group names as coordinators see them in the Wagtail admin. What
    each role may do is declared per app on its AppConfig (``role_permissions``).
    """

    PARTICIPANT = "Deelnemer", _("participant")
    TRAINER = "Trainer", _("trainer")
    COORDINATOR = "Opleidingscoördinator", _("training coordinator")


class HomePage(ViewRestrictionsMixin, Page):
    """The site's front page: what the training is and where to go next."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(label=_("heading"), form_classname="title")),
            ("paragraph", blocks.RichTextBlock(label=_("paragraph"))),
        ],
        blank=True,
        verbose_name=_("body"),
    )
    call_to_action = RichTextField(_("call to action"), blank=True, features=["bold", "link"])

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("call_to_action"),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["course.TrainingPage", "website.InformationPage"]

    class Meta:
        verbose_name = _("home page")


class InformationPage(ViewRestrictionsMixin, Page):
    """A plain text page under the home page: terms and conditions, cancellation conditions,
    privacy statement. The registration form links to the one chosen in ``SiteConfig``."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(label=_("heading"), form_classname="title")),
            ("paragraph", blocks.RichTextBlock(label=_("paragraph"))),
        ],
        blank=True,
        verbose_name=_("body"),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["website.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("information page")


@register_setting(icon="cog")
class SiteConfig(BaseSiteSetting):
    """Site-wide details a coordinator edits in the admin."""

    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    provider_name = models.CharField(
        _("training provider"),
        max_length=100,
        blank=True,
        help_text=_("The organisation that runs the training, shown in the footer."),
    )
    terms_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("terms and conditions page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Terms and conditions, cancellation conditions and privacy statement: the "
            "registration form links to this page."
        ),
    )

    panels = [
        FieldPanel("contact_email"),
        FieldPanel("contact_phone"),
        FieldPanel("provider_name"),
        FieldPanel("terms_page"),
    ]

    class Meta:
        verbose_name = _("site configuration")
