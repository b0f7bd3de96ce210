import posixpath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View, i18n
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView, UpdateView
from django.views.static import serve

from .forms import ProfileForm
from .personal_data import export_personal_data


class ProfileView(LoginRequiredMixin, UpdateView):
    """The signed-in person edits their own name, function and school; nobody else's."""

    form_class = ProfileForm
    template_name = "website/profile.html"
    success_url = reverse_lazy("profile")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        response = super().form_valid(form)
        if "language" in form.changed_data:
            # The chosen language is also the site's from now on, as with the switch.
            translation.activate(self.object.language)
            _set_language_cookie(response, self.object.language)
        messages.success(self.request, _("Your details have been saved."))
        return response


def _set_language_cookie(response, language):
    """The cookie Django's ``set_language`` writes (and DutchFirstLocaleMiddleware reads)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


# Switching the interface language is harmless, so it takes no CSRF token: that keeps
# public pages free of per-visitor tokens and lets the page cache store them.
@csrf_exempt
def set_language(request):
    """Django's ``set_language``; a signed-in person's choice is also stored on their account.

    Their emails follow it (``website.mail.send_templated_mail``). Only codes in
    ``settings.LANGUAGES`` are stored. Without a CSRF token, a form on another site could
    post here too: that may change the cookie, but a browser-marked cross-site request
    never changes the stored language.
    """
    response = i18n.set_language(request)
    cookie = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    user = request.user
    if (
        cookie is not None
        and user.is_authenticated
        and cookie.value in dict(settings.LANGUAGES)
        and cookie.value != user.language
        and request.headers.get("Sec-Fetch-Site", "same-origin") in ("same-origin", "none")
    ):
        user.language = cookie.value
        user.save(update_fields=["language"])
    return response


class PersonalDataView(LoginRequiredMixin, TemplateView):
    """The signed-in person reads everything the site holds about them (AVG, art. 15).

    There is no id in the address: it always shows the visitor's own data, whoever they are.
    """

    template_name = "website/personal_data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=export_personal_data(self.request.user), **kwargs)


class PersonalDataDownloadView(LoginRequiredMixin, View):
    """The same export as JSON, downloaded as a file (AVG, art. 20)."""

    def get(self, request):
        data = {
            "exported_at": timezone.localtime().isoformat(timespec="seconds"),
            "sections": export_personal_data(request.user),
        }
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
        response["Cache-Control"] = "private, no-store"
        return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    # Rendered without the request, like the 500 page: a 400 may come from the request itself
    # (a Host header not in ALLOWED_HOSTS), so anything that reads it would fail again.
    return HttpResponseBadRequest(loader.get_template("400.html").render({}))


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a form sent from a page that was open too long, in Dutch."""
    return render(request, "403.html", {"csrf_failure": True}, status=403)


def too_many_requests(request, exception=None):
    """allauth's rate limits answer through this view (``handler429`` in website/urls.py)."""
    return render(request, "429.html", status=429)


def to_allauth_login(request):
    """Send the visitor to allauth's login, keeping the query string (``next``).

    Every way to sign in ends there, so each one gets allauth's rate limits, lock-out and
    email verification. Credentials posted to an old login address are dropped, never checked.
    """
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("account_login") + (f"?{query}" if query else ""))


def admin_login(request):
    """Where the Wagtail admin sends people it does not let in (``WAGTAILADMIN_LOGIN_URL``).

    Anonymous visitors go to allauth's login, which is rate limited; a signed-in person
    without admin access (a participant) gets a clear refusal instead of a redirect loop.
    """
    if not request.user.is_authenticated:
        return to_allauth_login(request)
    if request.user.has_perm("wagtailadmin.access_admin"):
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("wagtailadmin_home")
        return redirect(next_url)
    return render(request, "website/admin_refused.html", status=403)


def bench_floor(request):
    """The benchmark's floor: all middleware, no template, no query (``BENCH_FLOOR``)."""
    return HttpResponse("ok", content_type="text/plain")


def server_error(request):
    # No context processors or database queries: the error may be the database itself.
    return HttpResponseServerError(loader.get_template("500.html").render({}))


# Wagtail's document uploads go here (``wagtail.documents.models.Document.file`` upload_to).
DOCUMENTS_DIR = "documents"


def serve_media(request, path):
    """Development only (``make run``, mounted when DEBUG is on): files under MEDIA_ROOT,
    never documents.

    Documents, restricted or not, are served only through Wagtail's /documents/ view, where
    the ``before_serve_document`` hook (course/wagtail_hooks.py) checks access. The path is
    normalised exactly as Django's ``serve`` will read it *before* the check, so spellings
    such as ``//documents/``, ``./documents/``, ``%2e/documents/`` or
    ``images/../documents/`` are refused as well. Production serves media from the web
    server, which must refuse MEDIA_ROOT/documents/ itself (README, "Deployment").
    """
    normalised = posixpath.normpath(path.replace("\\", "/")).lstrip("/")
    top_folder = normalised.split("/", 1)[0]
    # casefold: a case-insensitive disk (macOS) finds documents/ under "Documents/" too.
    if top_folder in ("", ".", "..") or top_folder.casefold() == DOCUMENTS_DIR:
        raise Http404
    return serve(request, normalised, document_root=settings.MEDIA_ROOT)
