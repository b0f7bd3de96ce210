from django.urls import path

from . import views

app_name = "visits"

urlpatterns = [
    path("<int:cohort_id>/", views.practice_day, name="practice_day"),
    path("<int:cohort_id>/bezoek/<int:slot_id>/boeken/", views.book, name="book"),
    path("<int:cohort_id>/boeking/<int:booking_id>/annuleren/", views.cancel, name="cancel"),
    path(
        "<int:cohort_id>/bezoek/<int:slot_id>/wachtlijst/",
        views.join_waiting,
        name="join_waiting_list",
    ),
    path(
        "<int:cohort_id>/bezoek/<int:slot_id>/wachtlijst/verlaten/",
        views.leave_waiting,
        name="leave_waiting_list",
    ),
    path("<int:cohort_id>/voorkeuren/", views.preferences, name="preferences"),
    path("gastheer/<str:token>/", views.host_visitors, name="host_visitors"),
    path("gastheer/<str:token>/csv/", views.host_visitors_csv, name="host_visitors_csv"),
]
