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
        participant, group = self.fields["participant"], self.fields["group"]
        participant.queryset = participants
        group.queryset = groups
        group.label_from_instance = lambda group: group.name
        # The options from one pass each (none when the caller already read the querysets):
        # a queryset's choices run it again for every pass (the select's "required" check
        # reads the first option, then rendering all).
        participant.choices = [("", participant.empty_label)] + [
            (person.pk, participant.label_from_instance(person)) for person in participants
        ]
        group.choices = [(each.pk, each.name) for each in groups]
