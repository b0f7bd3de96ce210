"""Calendar feeds under /agenda/: calendar apps fetch these without logging in."""

from django.urls import path

from . import views

app_name = "feeds"

urlpatterns = [
    path("groep/<int:cohort_id>.ics", views.cohort_feed, name="cohort"),
    path("persoonlijk/<str:token>.ics", views.personal_feed, name="personal"),
]
