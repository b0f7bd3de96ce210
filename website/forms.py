from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .form_rendering import AutocompleteMixin
from .models import Board, School, User, normalise_school_code, validate_school_code
from .services import find_or_create_board, find_or_create_school
from .validators import VisibleTextFieldsMixin


class SchoolChoiceMixin(AutocompleteMixin, VisibleTextFieldsMixin, forms.Form):
    """Pick a school from the list, or describe a new one (and optionally its board).

    Works without JavaScript: the new-school fields are plain fields next to the list.
    The template groups them in a fieldset that says to pick from the list or type a school.
    """

    template_name = "website/forms/school_choice.html"
    school_field_names = (
        "school",
        "new_school_name",
        "new_school_place",
        "new_school_code",
        "board",
        "new_board_name",
    )
    visible_text_fields = ("full_name", "new_school_name", "new_school_place", "new_board_name")
    autocomplete_fields = {
        "full_name": "name",
        "function": "organization-title",
        "new_school_name": "organization",
        "new_school_place": "address-level2",
    }

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    function = forms.ChoiceField(label=_("Function"), choices=User.Function.choices)
    school = forms.ModelChoiceField(
        label=_("Your school"),
        queryset=School.objects.all(),
        required=False,
        empty_label=_("— my school is not in the list —"),
    )
    new_school_name = forms.CharField(label=_("Name of the school"), max_length=200, required=False)
    new_school_place = forms.CharField(label=_("Place"), max_length=100, required=False)
    new_school_code = forms.CharField(
        label=_("BRIN or branch code (if known)"),
        max_length=12,
        required=False,
        help_text=_("Such as 12AB or 12AB00."),
    )
    board = forms.ModelChoiceField(
        label=_("School board"),
        queryset=Board.objects.all(),
        required=False,
        empty_label=_("— not in the list or unknown —"),
    )
    new_board_name = forms.CharField(
        label=_("Name of the school board (if not in the list)"), max_length=200, required=False
    )

    def get_context(self):
        context = super().get_context()
        fields = context["fields"]
        context["fields"] = [f for f in fields if f[0].name not in self.school_field_names]
        context["school_fields"] = [f for f in fields if f[0].name in self.school_field_names]
        return context

    def clean_new_school_code(self):
        code = normalise_school_code(self.cleaned_data.get("new_school_code"))
        validate_school_code(code)
        return code

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("school"):
            return cleaned
        name = (cleaned.get("new_school_name") or "").strip()
        place = (cleaned.get("new_school_place") or "").strip()
        if not name and not place and not cleaned.get("new_school_code"):
            # Added, not raised: a raise here would stop allauth's own checks (a password
            # mismatch) from running, and the person would meet their errors one at a time.
            self.add_error(
                None,
                ValidationError(
                    _("Choose your school from the list, or give its name and place."),
                    code="school_required",
                ),
            )
            return cleaned
        if not name:
            self.add_error("new_school_name", _("Give the name of your school."))
        if not place:
            self.add_error("new_school_place", _("Give the place where your school is."))
        return cleaned

    def resolve_school(self):
        """The chosen school, or a new (or matching existing) one from the typed fields."""
        data = self.cleaned_data
        if data.get("school"):
            return data["school"]
        board = data.get("board")
        if not board and data.get("new_board_name", "").strip():
            board = find_or_create_board(data["new_board_name"], data["new_school_place"])
        return find_or_create_school(
            data["new_school_name"], data["new_school_place"], data["new_school_code"], board
        )


class SignupForm(SchoolChoiceMixin):
    """Extra fields for allauth's sign-up form (``ACCOUNT_SIGNUP_FORM_CLASS``)."""

    field_order = [
        "full_name",
        "email",
        "password1",
        "password2",
        "function",
        "school",
        "new_school_name",
        "new_school_place",
        "new_school_code",
        "board",
        "new_board_name",
    ]

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"].strip()
        user.function = self.cleaned_data["function"]
        user.school = self.resolve_school()
        user.save()


class ProfileForm(SchoolChoiceMixin, forms.ModelForm):
    """A participant keeps their own name, function and school up to date."""

    class Meta:
        model = User
        fields = ["full_name", "function", "school", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].initial = self.instance.full_name

    def save(self, commit=True):
        user = super().save(commit=False)
        user.school = self.resolve_school()
        if commit:
            user.save()
        return user
