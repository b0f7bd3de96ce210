"""The final assignment's URLs, under /mijn-opleiding/uitvoeringsplan/ (website/urls.py)."""

from django.urls import path  # noqa: F401 - used by the sections below

app_name = "assignments"

urlpatterns = [
    # plans (plan-a)
    # reviews (plan-b)
]
