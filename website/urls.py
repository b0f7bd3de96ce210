from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from . import health, views

urlpatterns = [
    # Answered by website.health.HealthCheckMiddleware before sessions and the page cache;
    # the pattern gives it a name (reverse("healthz")) and a row in the authorization matrix.
    path("healthz", health.healthz, name="healthz"),
    # The admin signs in through allauth (rate limits, enumeration prevention), never
    # through Wagtail's own login form.
    path("admin/login/", views.admin_login, name="wagtailadmin_login"),
    # Wagtail's deliberate error page (a 500 for anyone who finds it): not on this site.
    path("admin/failwhale/", views.page_not_found),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/profile/", views.ProfileView.as_view(), name="profile"),
    path("accounts/profile/mijn-gegevens/", views.PersonalDataView.as_view(), name="personal_data"),
    path(
        "accounts/profile/mijn-gegevens.json",
        views.PersonalDataDownloadView.as_view(),
        name="personal_data_download",
    ),
    path("accounts/", include("allauth.urls")),
    # Without a CSRF token, so that public pages can be cached (website.views.set_language).
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("mijn-opleiding/intervisie/", include("intervision.urls")),
    path("mijn-opleiding/uitvoeringsplan/", include("assignments.urls")),
    # A presentation-day guest's private link, without an account.
    path("gast/", include("assignments.guest_urls")),
    # mijn-opleiding/, agenda/, zoeken/, aanmelden/ (course/urls/__init__.py)
    path("", include("course.urls")),
    path("praktijkdag/", include("practice_day.urls")),
    path("sitemap.xml", sitemap),
]

if settings.BENCH_FLOOR:
    urlpatterns.append(path("bench/floor/", views.bench_floor))

# Development only (static() mounts nothing when DEBUG is off): media without documents,
# see website.views.serve_media.
urlpatterns += static(settings.MEDIA_URL, view=views.serve_media)

urlpatterns += [
    # Wagtail's front-end login (private pages, WAGTAIL_FRONTEND_LOGIN_URL) is Django's bare
    # LoginView: no rate limit, no email verification. The same address leads to allauth.
    path("_util/login/", views.to_allauth_login, name="wagtailcore_login"),
    path("", include(wagtail_urls)),
]

handler400 = "website.views.bad_request"
handler403 = "website.views.permission_denied"
handler404 = "website.views.page_not_found"
# allauth's rate limits answer through ROOT_URLCONF.handler429 when it exists.
handler429 = "website.views.too_many_requests"
handler500 = "website.views.server_error"
