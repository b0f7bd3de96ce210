"""The materials library (materialenbank): articles, documents and links for participants."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from course.permissions import oversees_cohorts
from website.content import ViewRestrictionsMixin

LIBRARY_PAGE_SIZE = 20


def may_access_restricted_materials(user):
    """True for people who may open participants-only materials.

    That is a participant with a confirmed place in any cohort, a trainer, a coordinator or
    a superuser. Anonymous visitors never may.
    """
    from .registrations import Registration

    if not user.is_authenticated:
        return False
    if oversees_cohorts(user):
        return True
    return Registration.objects.confirmed().filter(participant=user).exists()


def is_restricted_document(document):
    """True when a participants-only library item offers this document."""
    return LibraryItem.objects.filter(document=document, participants_only=True).exists()


class LibraryItemTag(TaggedItemBase):
    content_object = ParentalKey(
        "course.LibraryItem", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("library item tag")
        verbose_name_plural = _("library item tags")


class LibraryItemQuerySet(models.QuerySet):
    def for_listing(self):
        """Items with everything a list shows (day, document, tags) in a fixed number of queries."""
        return self.select_related("course_day", "document").prefetch_related("tags")

    def matching(self, text):
        """Items whose title or summary contains ``text`` (case-insensitive)."""
        return self.filter(Q(title__icontains=text) | Q(summary__icontains=text))


class LibraryItem(index.Indexed, ClusterableModel):
    """An article, document or link in the materials library.

    Participants-only items are listed for everyone, but their document and text are only
    served to people for whom ``may_access_restricted_materials`` holds; the document view is
    guarded by the ``before_serve_document`` hook in ``course/wagtail_hooks.py``.
    """

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"), help_text=_("Shown to everyone, also for participants-only items.")
    )
    course_day = models.ForeignKey(
        "course.CourseDayPage",
        verbose_name=_("course day"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_items",
    )
    tags = ClusterTaggableManager(through=LibraryItemTag, blank=True, verbose_name=_("tags"))
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(_("web address"), blank=True)
    body = RichTextField(
        _("article text"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    participants_only = models.BooleanField(
        _("for participants only"),
        default=False,
        help_text=_(
            "Only participants with a confirmed place, trainers and coordinators can open the "
            "document and the article text."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("course_day"), FieldPanel("participants_only")]),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("url"), FieldPanel("body")],
            heading=_("Content"),
        ),
    ]
    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary"),
        # Not "body": the index answers everyone's searches, so it holds only text that
        # everyone may read (a match would give away words of a participants-only article).
        index.SearchField("public_body"),
        index.FilterField("participants_only"),
        index.FilterField("course_day"),
    ]

    objects = LibraryItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if not (self.document_id or self.url or self.body):
            raise ValidationError(
                _("Give the item a document, a web address or an article text."), code="empty"
            )

    def is_accessible_to(self, user):
        return not self.participants_only or may_access_restricted_materials(user)

    def public_body(self):
        """The article text for the search index: empty for participants-only items."""
        return "" if self.participants_only else self.body


class LibraryFilterForm(forms.Form):
    """The library's GET form: words to look for and a course day."""

    q = forms.CharField(label=_("Search for"), required=False, max_length=100)
    day = forms.ModelChoiceField(
        label=_("Course day"),
        required=False,
        queryset=None,
        empty_label=_("All days"),
    )

    def __init__(self, *args, **kwargs):
        from .pages import CourseDayPage

        super().__init__(*args, **kwargs)
        self.fields["day"].queryset = CourseDayPage.objects.live().order_by("number")
        self.fields["day"].label_from_instance = lambda day: f"{day.number}. {day.theme}"


class LibraryPage(ViewRestrictionsMixin, RoutablePageMixin, Page):
    """The public face of the materials library, with search and a course-day filter."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["course.TrainingPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("materials library")

    def filtered_items(self, form):
        items = LibraryItem.objects.for_listing()
        if form.is_valid():
            if form.cleaned_data["q"]:
                items = items.matching(form.cleaned_data["q"].strip())
            if form.cleaned_data["day"]:
                items = items.filter(course_day=form.cleaned_data["day"])
        return items

    @path("")
    def index_route(self, request):
        form = LibraryFilterForm(request.GET or None)
        paginator = Paginator(self.filtered_items(form), LIBRARY_PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = self.get_context(request)
        context.update(
            form=form,
            items=page_obj.object_list,
            page_obj=page_obj,
            query_string=query.urlencode(),
            may_access_restricted=may_access_restricted_materials(request.user),
        )
        return TemplateResponse(request, "course/library_page.html", context)

    @path("<int:item_id>/")
    def item_route(self, request, item_id):
        item = get_object_or_404(LibraryItem.objects.for_listing(), pk=item_id)
        if not (item.body or item.document_id or item.url):
            raise Http404
        context = self.get_context(request)
        context.update(item=item, accessible=item.is_accessible_to(request.user))
        return TemplateResponse(request, "course/library_item.html", context)
