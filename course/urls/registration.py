from django.urls import path

from ..views import registration as views

app_name = "registration"

urlpatterns = [
    path("", views.OpenCohortsView.as_view(), name="cohorts"),
    path("groep/<int:cohort_id>/", views.RegisterView.as_view(), name="register"),
    path("mijn-aanmeldingen/", views.MyRegistrationsView.as_view(), name="mine"),
    path("aanmelding/<int:pk>/", views.RegistrationDetailView.as_view(), name="detail"),
    path(
        "aanmelding/<int:pk>/annuleren/",
        views.CancelRegistrationView.as_view(),
        name="cancel",
    ),
    path(
        "aanmelding/<int:pk>/plaats-accepteren/",
        views.AcceptOfferView.as_view(),
        name="accept_offer",
    ),
    path("samen-aanmelden/<str:token>/", views.DuoInvitationView.as_view(), name="duo"),
    path("incompany/", views.InCompanyRequestView.as_view(), name="incompany"),
    path("incompany/bedankt/", views.InCompanyThanksView.as_view(), name="incompany_thanks"),
]
