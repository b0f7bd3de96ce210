from django import forms
from django.utils.translation import gettext_lazy as _


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.school})" if obj.school_id else obj.full_name


class MoveMemberForm(forms.Form):
    """The shape of a hand move on the trainer's screen: who goes to which group."""

    participant = PersonChoiceField(queryset=None, label=_("participant"))
    group = forms.ModelChoiceField(queryset=None, label=_("to group"), empty_label=None)

    def __init__(self, *args, participants, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants
        self.fields["group"].queryset = groups
        self.fields["group"].label_from_instance = lambda group: group.name
