"""Forms for cases, session notes and reflections: they check the shape of the input only;
the rules (who may write, the privacy guard) live in ``intervision.services``."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from ..models import Case, Reflection, SessionNote

MAX_TEXT = 20_000


def limit_length(field, required=True):
    """A Markdown text field: required (unless told otherwise) and at most ``MAX_TEXT`` long."""
    field.required = required
    field.validators.append(MaxLengthValidator(MAX_TEXT))
    field.widget.attrs["maxlength"] = MAX_TEXT


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["title", "body", "marked_names"]
        labels = {"body": _("Your case (Markdown)")}
        help_texts = {
            "marked_names": _(
                "Names of pupils, parents or colleagues that appear in the text, one per "
                "line. The privacy check looks for them before you share the case."
            ),
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18}),
            "marked_names": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["body"])


class FindingForm(forms.Form):
    """One finding of the privacy check, identified by its fingerprint (never its text)."""

    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)


class MarkNamesForm(forms.Form):
    names = forms.CharField(
        label=_("More names to check"),
        help_text=_("One per line."),
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(forms.ModelForm):
    class Meta:
        model = SessionNote
        fields = ["body"]
        labels = {"body": _("Notes of the advice round (Markdown)")}
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["body"])


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = Reflection
        fields = ["session", "body", "shared_with_trainer"]
        labels = {
            "session": _("About the session (optional)"),
            "body": _("Reflection (Markdown)"),
            "shared_with_trainer": _("Share this reflection with my trainer"),
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = group.sessions.order_by("starts_at")
        self.fields["session"].required = False
        limit_length(self.fields["body"])
