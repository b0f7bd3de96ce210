from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class DashboardView(LoginRequiredMixin, TemplateView):
    """ "Mijn opleiding": the signed-in person's own overview. Shows only their own data."""

    template_name = "course/dashboard.html"
