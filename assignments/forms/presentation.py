"""Forms of the presentation day: the day's settings and rooms, moving one slot, inviting a
guest and the guest's feedback. They check the shape of the input; the rules (overlaps,
the three-guest limit, who may do what) live in ``assignments.services.presentation``."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from website.validators import validate_visible_text

from ..models import PresentationDay, PresentationGuest, PresentationRoom

MAX_FEEDBACK = 3000


class DaySettingsForm(forms.ModelForm):
    class Meta:
        model = PresentationDay
        fields = ["starts_at", "ends_at", "slot_minutes", "changeover_minutes"]
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


def trainer_choices(trainers):
    """Choices for a trainer select: "no trainer" and ``trainers`` (fetched once per page)."""
    return [("", _("no trainer"))] + [(trainer.pk, trainer.full_name) for trainer in trainers]


class RoomForm(forms.ModelForm):
    """One room with its trainer; the trainer is one of the cohort's."""

    class Meta:
        model = PresentationRoom
        fields = ["name", "trainer"]

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = cohort.trainers.order_by("full_name")
        self.fields["trainer"].required = False


def room_formset(cohort, day, data=None):
    formset_class = forms.inlineformset_factory(
        PresentationDay, PresentationRoom, form=RoomForm, extra=2, can_delete=True
    )
    return formset_class(data, instance=day, prefix="rooms", form_kwargs={"cohort": cohort})


class SlotForm(forms.Form):
    """Move one presentation: room, start time (on the presentation day) and trainer."""

    room = forms.TypedChoiceField(label=_("Room"), coerce=int)
    start = forms.TimeField(
        label=_("Start"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    trainer = forms.TypedChoiceField(
        label=_("Trainer"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, rooms, trainers, slot=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].choices = [(room.pk, room.name) for room in rooms]
        self.fields["trainer"].choices = trainer_choices(trainers)
        if slot is not None:
            self.fields["room"].initial = slot.room_id
            self.fields["start"].initial = timezone.localtime(slot.starts_at).time()
            self.fields["trainer"].initial = slot.trainer_id

    def starts_at(self, date):
        return timezone.make_aware(datetime.datetime.combine(date, self.cleaned_data["start"]))


class GuestForm(forms.ModelForm):
    class Meta:
        model = PresentationGuest
        fields = ["name", "email", "role"]
        labels = {"name": _("Name"), "email": _("Email address"), "role": _("Role")}


class FeedbackForm(forms.Form):
    text = forms.CharField(
        label=_("Your feedback"),
        max_length=MAX_FEEDBACK,
        validators=[validate_visible_text],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What went well, and what would you advise? The participant and the trainers read it."
        ),
    )
