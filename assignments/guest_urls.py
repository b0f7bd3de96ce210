"""The presentation-day guest's private link, under /gast/ (website/urls.py): no account,
so it lives outside /mijn-opleiding/."""

from django.urls import path

from .views import guests

app_name = "guest"

urlpatterns = [
    path("<str:token>/", guests.guest_plan, name="plan"),
]
