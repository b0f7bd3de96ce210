"""Forms of peer review: the rubric form, the helpfulness rating, the revision's response
table and the trainer's changes. They check the shape of the input; the rules live in
``assignments.services.reviews``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from website.markdown import check_markdown

from .plans import PLAN_MAX_LENGTH

MAX_COMMENT = 5000
MAX_REASON = 1000


def markdown_field(label, *, max_length=MAX_COMMENT, rows=3):
    """An optional Markdown text: too long or too complex to render is refused (the one
    renderer's ``check_markdown``), with a sentence for the writer."""
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        validators=[lambda text: check_markdown(text, max_length)],
    )


class ReviewForm(forms.Form):
    """A level (radio buttons) and a comment per criterion, and an overall comment.

    ``criteria`` are the assignment's RubricCriterion objects with their levels prefetched;
    ``review`` gives the initial values from its saved scores.
    """

    overall_comment = markdown_field(_("Overall comment"), rows=6)

    def __init__(self, *args, criteria, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scores = {s.criterion_id: s for s in review.scores.all()} if review else {}
        if review is not None:
            self.fields["overall_comment"].initial = review.overall_comment
        self.rows = []
        for criterion in self.criteria:
            levels = list(criterion.levels.all())
            level_name, comment_name = f"level_{criterion.pk}", f"comment_{criterion.pk}"
            score = scores.get(criterion.pk)
            self.fields[level_name] = forms.TypedChoiceField(
                label=criterion.title,
                choices=[(level.pk, level.label) for level in levels],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                initial=score.level_id if score else None,
            )
            self.fields[comment_name] = markdown_field(
                _("Comment on %(criterion)s") % {"criterion": criterion.title}
            )
            self.fields[comment_name].initial = score.comment if score else ""
            self.rows.append(
                {
                    "criterion": criterion,
                    "levels": levels,
                    "level_field": self[level_name],
                    "comment_field": self[comment_name],
                }
            )

    def levels(self):
        """criterion id -> the chosen RubricLevel, or None."""
        chosen = {}
        for criterion in self.criteria:
            level_id = self.cleaned_data.get(f"level_{criterion.pk}")
            chosen[criterion.pk] = next(
                (level for level in criterion.levels.all() if level.pk == level_id), None
            )
        return chosen

    def comments(self):
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}


class HelpfulnessForm(forms.Form):
    helpfulness = forms.TypedChoiceField(
        label=_("How helpful was this review?"),
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 = not helpful, 5 = very helpful."),
    )
    reason = forms.CharField(
        label=_("Why?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RevisionForm(forms.Form):
    revised_body = markdown_field(_("Revised plan"), max_length=PLAN_MAX_LENGTH, rows=24)


class ResponseItemForm(forms.Form):
    """One row of the response table. A row with no point is left out."""

    review = forms.TypedChoiceField(
        label=_("From review"), required=False, coerce=int, empty_value=None
    )
    point = markdown_field(_("Point of feedback"), rows=2)
    accepted = forms.TypedChoiceField(
        label=_("Accepted?"),
        choices=[("yes", _("adopted")), ("no", _("not adopted"))],
        coerce=lambda value: value == "yes",
        required=False,
        widget=forms.RadioSelect,
    )
    why = markdown_field(_("Why"), rows=2)

    def __init__(self, *args, review_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].choices = [("", _("(general)")), *review_choices]

    def clean(self):
        data = super().clean()
        if data.get("point", "").strip() and data.get("accepted") in (None, ""):
            self.add_error("accepted", _("Say whether you accepted this point."))
        return data


class BaseResponseFormSet(forms.BaseFormSet):
    def rows(self, reviews_by_id):
        """The filled-in rows as dicts for ``save_revision``."""
        return [
            {
                "review": reviews_by_id.get(form.cleaned_data.get("review")),
                "point": form.cleaned_data["point"].strip(),
                "accepted": bool(form.cleaned_data.get("accepted")),
                "why": form.cleaned_data.get("why", "").strip(),
            }
            for form in self.forms
            if form.cleaned_data.get("point", "").strip()
        ]


ResponseFormSet = forms.formset_factory(
    ResponseItemForm, formset=BaseResponseFormSet, extra=3, max_num=50, validate_max=True
)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=MAX_REASON, widget=forms.Textarea(attrs={"rows": 2})
    )


class ChooseReviewerForm(ReasonForm):
    """Add a review to a plan, or move one: choose the participant and give the reason."""

    reviewer = forms.TypedChoiceField(label=_("Participant"), coerce=int)

    field_order = ["reviewer", "reason"]

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [(p.pk, p.full_name) for p in people]
