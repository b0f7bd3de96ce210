"""Forms of the plan editor: they check the shape of the input only; the rules (deadlines,
the privacy guard, submission) live in ``assignments.services.plans``."""

from django import forms
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from website.markdown import check_markdown
from website.uploads import DOCX, PDF, UploadRefused, clean_upload, strip_document_metadata

#: A plan's Markdown text, in characters (about 4,500 words; details go in the attachment).
#: At this length any text renders within half a second (scripts/bench_markdown.py).
PLAN_MAX_LENGTH = 30_000
ATTACHMENT_KINDS = (PDF, DOCX)


class PlanForm(forms.Form):
    body = forms.CharField(
        label=_("Your plan (Markdown)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "maxlength": PLAN_MAX_LENGTH}),
    )
    marked_names = forms.CharField(
        label=_("Names to watch for"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Names of pupils, parents or colleagues that appear in your plan, one per line. "
            "The privacy check looks for them before you submit."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = gettext(
            "Use ## for a heading, *italic*, **bold**, - for a list and [text](https://...) "
            "for a link. At most %(max)s characters."
        ) % {"max": number_format(PLAN_MAX_LENGTH, force_grouping=True)}

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n")
        check_markdown(body, max_length=PLAN_MAX_LENGTH)
        return body


class AttachmentForm(forms.Form):
    attachment = forms.FileField(
        label=_("Attachment (PDF or Word, at most 10 MB)"),
        help_text=_(
            "Author names are removed from the file; it is stored and offered for download "
            "under a neutral name."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )

    def clean_attachment(self):
        uploaded = self.cleaned_data["attachment"]
        self.original_name = uploaded.name
        try:
            checked = clean_upload(uploaded, ATTACHMENT_KINDS)
        except UploadRefused as refused:
            raise forms.ValidationError(refused.messages, code=refused.code) from None
        return strip_document_metadata(checked)


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

    def name_list(self):
        return [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]


class CompareForm(forms.Form):
    older = forms.IntegerField(label=_("Older version"), min_value=1, max_value=10**6)
    newer = forms.IntegerField(label=_("Newer version"), min_value=1, max_value=10**6)


class SelfAssessmentForm(forms.Form):
    """A level per criterion of the rubric (radio buttons), required for each."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.title,
                help_text=criterion.description,
                choices=[
                    (level.pk, f"{level.label} ({level.points})")
                    for level in criterion.levels.all()
                ],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a level for this criterion.")},
            )

    def levels(self):
        """{criterion: level} from the cleaned data."""
        chosen = {}
        for criterion in self.criteria:
            level_id = self.cleaned_data.get(f"criterion_{criterion.pk}")
            chosen[criterion] = next(
                (level for level in criterion.levels.all() if level.pk == level_id), None
            )
        return chosen


class ExtensionForm(forms.Form):
    submission_deadline = forms.DateTimeField(
        label=_("New submission deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded with the extension; the participant does not see it."),
    )

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment

    def clean_submission_deadline(self):
        deadline = self.cleaned_data["submission_deadline"]
        if deadline <= self.assignment.submission_deadline:
            raise forms.ValidationError(
                _("An extension must end after the general deadline."), code="too_early"
            )
        if deadline <= timezone.now():
            raise forms.ValidationError(_("An extension must end in the future."), code="past")
        return deadline
