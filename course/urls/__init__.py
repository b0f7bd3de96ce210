"""The course's public URLs; ``website/urls.py`` includes this module at the site root.

Each included module keeps its own namespace: ``course`` (Mijn opleiding), ``feeds``
(calendar feeds), ``registration``, ``certificates`` (the public verification page); the
search page is the unnamespaced ``search``.
"""

from django.urls import include, path

from course.views.search import search

urlpatterns = [
    path("mijn-opleiding/", include("course.urls.dashboard")),
    path("agenda/", include("course.urls.feeds")),
    path("zoeken/", search, name="search"),
    path("aanmelden/", include("course.urls.registration")),
    path("certificaat/", include("course.urls.certificates")),
]
