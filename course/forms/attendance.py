from django import forms
from django.utils.translation import gettext_lazy


class ParticipantChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.school})" if obj.school_id else obj.full_name


class AttendanceForm(forms.Form):
    """The shape of the attendance screen: which of the cohort's participants were there."""

    present = ParticipantChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("present"),
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = participants
