from django.urls import path

from ..views import attendance, certificates, dashboard, feeds, workspace

app_name = "course"

urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="dashboard"),
    path("agenda/nieuwe-link/", feeds.RegenerateFeedTokenView.as_view(), name="regenerate_feed"),
    path("werkplek/", workspace.WorkspaceView.as_view(), name="workspace"),
    path("groepen/", attendance.CohortOverviewView.as_view(), name="cohort_overview"),
    path(
        "groepen/dag/<int:day_id>/aanwezigheid/",
        attendance.AttendanceView.as_view(),
        name="attendance",
    ),
    path(
        "groepen/<int:cohort_id>/aanwezigheid.csv",
        attendance.AttendanceExportView.as_view(),
        name="attendance_export",
    ),
    path(
        "certificaat/<int:cohort_id>.pdf",
        certificates.CertificateDownloadView.as_view(),
        name="certificate_download",
    ),
    path(
        "groepen/<int:cohort_id>/certificaten/",
        certificates.CohortCertificatesView.as_view(),
        name="certificates",
    ),
    path(
        "groepen/certificaat/<int:pk>/intrekken/",
        certificates.RevokeCertificateView.as_view(),
        name="revoke_certificate",
    ),
]
