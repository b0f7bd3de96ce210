"""Forms for registration and in-company requests. They check the shape of the input;
the rules (open window, places, one discount per number) live in the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from website.fields import AsciiIntegerField, SingleLineCharField
from website.form_rendering import AutocompleteMixin
from website.models import User
from website.validators import VisibleTextFieldsMixin

from ..membership import normalise_membership_number, validate_membership_number
from ..models import InCompanyRequest, Registration
from ..services.registration import RegistrationDetails

TERMS_REQUIRED = _("You can only register if you agree to the terms and conditions.")


class RegistrationForm(AutocompleteMixin, VisibleTextFieldsMixin, forms.Form):
    visible_text_fields = ("school_name", "school_place", "board_name", "colleague_name")
    # The person's own function and school; the invoice goes to the school or board.
    autocomplete_fields = {
        "function": "organization-title",
        "school_name": "organization",
        "school_place": "address-level2",
        "invoice_address": "billing street-address",
    }

    function = forms.ChoiceField(label=_("Your function"), choices=User.Function.choices)
    school_name = SingleLineCharField(label=_("School"), max_length=200)
    school_place = SingleLineCharField(label=_("Place of the school"), max_length=100)
    board_name = SingleLineCharField(label=_("School board"), max_length=200, required=False)
    payer = forms.ChoiceField(
        label=_("Who pays?"),
        choices=Registration.Payer.choices,
        initial=Registration.Payer.SELF,
        widget=forms.RadioSelect,
    )
    invoice_address = forms.CharField(
        label=_("Invoice address of the school or board"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    invoice_reference = SingleLineCharField(
        label=_("Reference or PO number"), required=False, max_length=100
    )
    is_lbbo_member = forms.BooleanField(label=_("I am a member of the LBBO"), required=False)
    membership_number = SingleLineCharField(
        label=_("LBBO membership number"),
        required=False,
        max_length=64,
        help_text=_("Members get 5% off an individual registration."),
    )
    invitation_code = SingleLineCharField(label=_("Invitation code"), max_length=40, required=False)
    register_together = forms.BooleanField(
        label=_("I also register a colleague of my school who follows the module with me"),
        help_text=_(
            "For example a director with their own ib'er. Your colleague gets an email to "
            "confirm their own place, details and LBBO discount; until then a place is "
            "held for them."
        ),
        required=False,
    )
    colleague_name = SingleLineCharField(
        label=_("Your colleague's name"), max_length=200, required=False
    )
    colleague_email = forms.EmailField(label=_("Your colleague's email address"), required=False)
    terms = forms.BooleanField(
        label=_("I agree to the terms and conditions"),
        error_messages={"required": TERMS_REQUIRED},
    )

    def __init__(self, *args, cohort, registration_settings, allow_together=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.registration_settings = registration_settings
        if cohort.is_closed or not allow_together:
            for name in ["register_together", "colleague_name", "colleague_email"]:
                del self.fields[name]
        if cohort.is_closed:
            # In-company cohorts: the board pays, so no payer, invoice or LBBO questions.
            for name in [
                "payer",
                "invoice_address",
                "invoice_reference",
                "is_lbbo_member",
                "membership_number",
            ]:
                del self.fields[name]
            self.fields["invitation_code"].required = True
        else:
            del self.fields["invitation_code"]
            self.fields["membership_number"].help_text = _(
                "Members get %(percent)s%% off an individual registration."
            ) % {"percent": f"{registration_settings.lbbo_discount_percent.normalize():f}"}

    def clean_membership_number(self):
        return normalise_membership_number(self.cleaned_data.get("membership_number"))

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("payer") == Registration.Payer.SCHOOL
            and not (cleaned.get("invoice_address") or "").strip()
        ):
            self.add_error(
                "invoice_address",
                _("Enter the invoice address when your school or board pays."),
            )
        if cleaned.get("is_lbbo_member") and "membership_number" not in self.errors:
            try:
                validate_membership_number(
                    cleaned.get("membership_number", ""), self.registration_settings
                )
            except ValidationError as error:
                self.add_error("membership_number", error)
        # A number without the tick is not dropped here: the service asks about it
        # (course.services.registration.check_registration_details).
        if cleaned.get("register_together"):
            if (
                not (cleaned.get("colleague_name") or "").strip()
                and "colleague_name" not in self.errors
            ):
                self.add_error("colleague_name", _("Enter your colleague's name."))
            if not cleaned.get("colleague_email") and "colleague_email" not in self.errors:
                self.add_error("colleague_email", _("Enter your colleague's email address."))
        return cleaned

    def colleague(self):
        """(name, email) of the colleague registered together, or None."""
        if not self.cleaned_data.get("register_together"):
            return None
        return self.cleaned_data["colleague_name"].strip(), self.cleaned_data["colleague_email"]

    def to_details(self):
        data = self.cleaned_data
        return RegistrationDetails(
            function=data["function"],
            school_name=data["school_name"].strip(),
            school_place=data["school_place"].strip(),
            board_name=data.get("board_name", "").strip(),
            payer=data.get("payer") or Registration.Payer.SCHOOL,
            invoice_address=data.get("invoice_address", "").strip(),
            invoice_reference=data.get("invoice_reference", "").strip(),
            is_lbbo_member=bool(data.get("is_lbbo_member")),
            membership_number=data.get("membership_number", ""),
            terms_accepted=bool(data.get("terms")),
            invitation_code=data.get("invitation_code", ""),
        )


class InCompanyRequestForm(AutocompleteMixin, VisibleTextFieldsMixin, forms.ModelForm):
    visible_text_fields = ("organisation", "contact_name")
    autocomplete_fields = {
        "organisation": "organization",
        "contact_name": "name",
        "email": "email",
        "phone": "tel",
    }

    class Meta:
        model = InCompanyRequest
        fields = [
            "organisation",
            "contact_name",
            "email",
            "phone",
            "participant_count",
            "region",
            "period",
            "questions",
        ]
        # The organisation goes into the coordinator's mail subject: every one-line answer
        # refuses line breaks.
        field_classes = {
            **dict.fromkeys(
                ["organisation", "contact_name", "phone", "region", "period"], SingleLineCharField
            ),
            "participant_count": AsciiIntegerField,
        }
        widgets = {"questions": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "period": _("For example: school year 2027–2028, starting in autumn."),
        }


class MemberListUploadForm(forms.Form):
    member_list = forms.FileField(
        label=_("LBBO member list (CSV)"),
        help_text=_("One membership number per row in the first column; a header row is fine."),
    )


class RegistrationDecisionForm(forms.Form):
    """A coordinator's decision on one registration (admin), checked before anything runs:
    a known action and a reason of at most 300 characters without NUL characters."""

    action = forms.ChoiceField(
        choices=[
            (a, a)
            for a in (
                "accept_membership",
                "reject_membership",
                "approve_second_place",
                "refuse_second_place",
                "cancel",
            )
        ]
    )
    reason = forms.CharField(required=False, max_length=300, label=_("reason"))
