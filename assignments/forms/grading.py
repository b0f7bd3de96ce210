"""Forms of grading. The marking itself is ``forms.reviews.ReviewForm`` (a level and a
comment per criterion and an overall comment); the rules live in
``assignments.services.grading``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .reviews import MAX_REASON


class SettleForm(forms.Form):
    """Settle the markers' disagreement: which grading counts, and why."""

    marking = forms.ChoiceField(
        label=_("The grading that counts"),
        choices=[("first", _("the first marker's")), ("second", _("the second marker's"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the outcome"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(forms.Form):
    """Take a grading that is ready back to the markers, with the reason."""

    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a level was chosen by mistake. The reason is logged."),
    )
