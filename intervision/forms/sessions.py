import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import IntervisionSession, Method, SessionRole


class SessionForm(forms.Form):
    """Date, times, place or video link and method of a session."""

    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(
        label=_("starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends_at = forms.TimeField(
        label=_("ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    location = forms.CharField(label=_("place"), max_length=200, required=False)
    video_url = forms.URLField(
        label=_("video link"),
        required=False,
        assume_scheme="https",
        help_text=_("For a session online; leave empty when you meet in person."),
    )
    method = forms.ModelChoiceField(
        queryset=Method.objects.order_by("name"), label=_("method"), empty_label=None
    )

    @classmethod
    def initial_for(cls, session: IntervisionSession):
        starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        return {
            "date": starts.date(),
            "starts_at": starts.time(),
            "ends_at": ends.time(),
            "location": session.location,
            "video_url": session.video_url,
            "method": session.method_id,
        }

    def clean(self):
        data = super().clean()
        date, starts, ends = data.get("date"), data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A session must end after it starts."))
        if not data.get("location") and not data.get("video_url") and not self.errors:
            raise forms.ValidationError(_("Give a place or a video link."), code="where")
        if date and starts and ends:
            data["starts"] = timezone.make_aware(datetime.datetime.combine(date, starts))
            data["ends"] = timezone.make_aware(datetime.datetime.combine(date, ends))
        return data


class SwapRequestForm(forms.Form):
    """Ask another member to take over one of your roles in a session."""

    role = forms.ChoiceField(label=_("your role"), choices=SessionRole.Role.choices)
    other = forms.ModelChoiceField(queryset=None, label=_("ask"), empty_label=None)

    def __init__(self, *args, roles, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, SessionRole.Role(r).label) for r in roles]
        self.fields["other"].queryset = members
        self.fields["other"].label_from_instance = lambda person: person.full_name
        # The options from one query: a queryset's choices run it again for every pass
        # (the select's "required" check reads the first option, then rendering all).
        self.fields["other"].choices = [(person.pk, person.full_name) for person in members]
