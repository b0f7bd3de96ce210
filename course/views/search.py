"""Site search at /zoeken/: pages and the materials library, through Wagtail's search backend."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from course.models import CohortPage, LibraryItem, LibraryPage
from course.models.library import may_access_restricted_materials

MAX_RESULTS = 20


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=100, required=False)


def search(request):
    """Show pages and library items matching ``q``.

    Participants-only library items appear (title and summary) for everyone; the template
    offers their files only to people who may open them.
    """
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    pages = items = []
    if query:
        # Closed (in-company) cohorts are for their invitees only (CohortPage.is_shown_to).
        closed = list(CohortPage.objects.closed().values_list("pk", flat=True))
        pages = list(
            Page.objects.live().public().exclude(id__in=closed).search(query)[:MAX_RESULTS]
        )
        items = list(
            get_search_backend().search(query, LibraryItem.objects.for_listing())[:MAX_RESULTS]
        )
    return render(
        request,
        "course/search.html",
        {
            "form": form,
            "query": query,
            "pages": pages,
            "items": items,
            "library_page": LibraryPage.objects.live().first(),
            "may_access_restricted": may_access_restricted_materials(request.user),
        },
    )
