"""The certificate's public verification page under /certificaat/ (the QR code's address)."""

from django.urls import path

from ..views import certificates as views

app_name = "certificates"

urlpatterns = [
    path("controleren/", views.VerifyView.as_view(), name="verify"),
    path("<str:code>/", views.VerifyView.as_view(), name="verify_code"),
]
