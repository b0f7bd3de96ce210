from django.conf import settings
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from course import search_views

from . import views

urlpatterns = [
    # The admin signs in through allauth (rate limits, enumeration prevention), never
    # through Wagtail's own login form.
    path("admin/login/", views.admin_login, name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/profile/", views.ProfileView.as_view(), name="profile"),
    path("accounts/", include("allauth.urls")),
    # Switching the interface language is harmless, so it takes no CSRF token: that keeps
    # public pages free of per-visitor tokens and lets the page cache store them.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("mijn-opleiding/intervisie/", include("intervision.urls")),
    path("mijn-opleiding/", include("course.urls")),
    path("agenda/", include("course.feed_urls")),
    path("zoeken/", search_views.search, name="search"),
    path("aanmelden/", include("course.registration_urls")),
    path("praktijkdag/", include("course.visit_urls")),
    path("sitemap.xml", sitemap),
]

if settings.BENCH_FLOOR:
    urlpatterns.append(path("bench/floor/", views.bench_floor))

if settings.DEBUG:
    import re

    from django.urls import re_path
    from django.views.static import serve

    # Documents are served only through Wagtail's /documents/ view, where the
    # before_serve_document hook (course/wagtail_hooks.py) checks access; never as raw media.
    # In production the web server must not serve MEDIA_ROOT/documents/ either.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>(?!documents/).*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "website.views.page_not_found"
handler500 = "website.views.server_error"
