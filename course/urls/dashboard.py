from django.urls import path

from . import views

app_name = "course"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("agenda/nieuwe-link/", views.RegenerateFeedTokenView.as_view(), name="regenerate_feed"),
    path("groepen/", views.CohortOverviewView.as_view(), name="cohort_overview"),
    path(
        "groepen/dag/<int:day_id>/aanwezigheid/",
        views.AttendanceView.as_view(),
        name="attendance",
    ),
    path(
        "groepen/<int:cohort_id>/aanwezigheid.csv",
        views.AttendanceExportView.as_view(),
        name="attendance_export",
    ),
]
