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


class BaseRoomFormSet(forms.BaseInlineFormSet):
    """Rooms of the day. A room that still has presentations cannot be deleted: the
    participants would silently lose their slot."""

    def clean(self):
        super().clean()
        # Not ``self.deleted_forms``: it asks ``is_valid()``, which is being answered now.
        deleting = [
            form for form in self.forms if form.instance.pk and self._should_delete_form(form)
        ]
        deleted = [form.instance.pk for form in deleting]
        if not deleted:
            return
        booked = set(
            PresentationRoom.objects.filter(pk__in=deleted, slots__isnull=False).values_list(
                "pk", flat=True
            )
        )
        # A deleted form's own errors are ignored by formsets: these are the formset's.
        errors = [
            forms.ValidationError(
                _(
                    "%(room)s still has presentations. Move them to another room first, "
                    "or generate the schedule again without this room."
                ),
                params={"room": form.instance.name},
                code="room_has_presentations",
            )
            for form in deleting
            if form.instance.pk in booked
        ]
        if errors:
            raise forms.ValidationError(errors)


def room_formset(cohort, day, data=None):
    formset_class = forms.inlineformset_factory(
        PresentationDay,
        PresentationRoom,
        form=RoomForm,
        formset=BaseRoomFormSet,
        extra=2,
        can_delete=True,
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
