"""Calendar feeds under /agenda/: calendar apps fetch these without logging in."""

from django.urls import path

from ..views import feeds as views

app_name = "feeds"

urlpatterns = [
    path("groep/<int:cohort_id>.ics", views.cohort_feed, name="cohort"),
    path("persoonlijk/<str:token>.ics", views.personal_feed, name="personal"),
]
