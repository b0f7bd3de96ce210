from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import UpdateView

from .forms import ProfileForm


class ProfileView(LoginRequiredMixin, UpdateView):
    """The signed-in person edits their own name, function and school; nobody else's."""

    form_class = ProfileForm
    template_name = "website/profile.html"
    success_url = reverse_lazy("profile")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your details have been saved."))
        return super().form_valid(form)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def admin_login(request):
    """Where the Wagtail admin sends people it does not let in (``WAGTAILADMIN_LOGIN_URL``).

    Anonymous visitors go to allauth's login, which is rate limited; a signed-in person
    without admin access (a participant) gets a clear refusal instead of a redirect loop.
    """
    if not request.user.is_authenticated:
        query = request.META.get("QUERY_STRING", "")
        return redirect(reverse("account_login") + (f"?{query}" if query else ""))
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
