from django import forms
from django.utils.translation import gettext_lazy as _

from website.fields import AsciiIntegerField

from .allocation import MAX_PREFERENCES

# One label per rank, MAX_PREFERENCES of them.
RANK_LABELS = [_("First choice"), _("Second choice"), _("Third choice")]


def slot_label(slot):
    return "%(host)s, %(start)s–%(end)s" % {
        "host": slot.host_visit.organisation,
        "start": slot.starts_at.strftime("%H:%M"),
        "end": slot.ends_at.strftime("%H:%M"),
    }


class PreferenceForm(forms.Form):
    """Up to three ranked visits. The form checks the shape; the rules are in the service."""

    def __init__(self, *args, slots, initial_slot_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(no choice)"))] + [(str(s.pk), slot_label(s)) for s in slots]
        for index in range(MAX_PREFERENCES):
            initial = initial_slot_ids[index] if index < len(initial_slot_ids) else ""
            self.fields[f"choice_{index + 1}"] = forms.ChoiceField(
                label=RANK_LABELS[index],
                choices=choices,
                required=index == 0,
                initial=str(initial),
            )

    def clean(self):
        data = super().clean()
        chosen = [data.get(f"choice_{i + 1}") for i in range(MAX_PREFERENCES)]
        picked = [c for c in chosen if c]
        if len(set(picked)) != len(picked):
            raise forms.ValidationError(_("Choose each visit only once."), code="duplicate")
        return data

    def slot_ids(self):
        return [
            int(self.cleaned_data[f"choice_{i + 1}"])
            for i in range(MAX_PREFERENCES)
            if self.cleaned_data.get(f"choice_{i + 1}")
        ]


class AdjustAssignmentForm(forms.Form):
    """The coordinator's change of one proposed visit: a slot id, or empty for none."""

    slot = AsciiIntegerField(required=False, min_value=1)
