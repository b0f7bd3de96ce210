"""Wagtail admin for registrations: listing with filters and invoicing export, waiting
lists, the LBBO member list, in-company requests and the registration log.

Imported by ``course/wagtail_hooks.py``.
"""

from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from ..models import InCompanyRequest, Registration, RegistrationLog
from ..spreadsheet import FormulaSafeExportMixin
from . import views as admin_views


class ManageLinkColumn(Column):
    """A link to the page where the coordinator decides on one row."""

    def __init__(self, name, url_name, link_label, **kwargs):
        super().__init__(name, **kwargs)
        self.url_name = url_name
        self.link_label = link_label

    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a>', reverse(self.url_name, args=[instance.pk]), self.link_label
        )


class RegistrationIndexView(FormulaSafeExportMixin, IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("participant", "cohort")


class RegistrationLogIndexView(FormulaSafeExportMixin, IndexView):
    pass


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "form"
    menu_label = _("Registrations")
    url_namespace = "registrations"
    url_prefix = "course/registrations"
    index_view_class = RegistrationIndexView
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    # Status and price change only through the services (logged, mailed), so the edit form
    # holds the invoice details alone.
    form_fields = ["invoice_address", "invoice_reference"]
    ordering = ["cohort", "created_at"]
    list_display = [
        "participant",
        "cohort",
        "status",
        "membership_number",
        "membership_status",
        "total_display",
        "created_at",
        ManageLinkColumn("manage", "registration_admin:manage", _("Decide"), label=_("Actions")),
    ]
    list_filter = ["cohort", "status", "is_lbbo_member", "membership_status", "payer"]
    search_fields = ["participant__full_name", "participant__email", "membership_number"]
    list_export = [
        "pk",
        "cohort.title",
        "participant.full_name",
        "participant.email",
        "get_status_display",
        "get_function_display",
        "school_name",
        "school_place",
        "board_name",
        "get_payer_display",
        "invoice_address",
        "invoice_reference",
        "membership_number",
        "get_membership_status_display",
        "course_fee",
        "discount",
        "discount_state_display",
        "total",
        "created_at",
    ]
    export_headings = {
        "pk": _("registration number"),
        "cohort.title": _("cohort"),
        "participant.full_name": _("participant"),
        "participant.email": _("email address"),
        "get_status_display": _("status"),
        "get_function_display": _("function"),
        "school_name": _("school"),
        "school_place": _("school place"),
        "board_name": _("school board"),
        "get_payer_display": _("who pays"),
        "invoice_address": _("invoice address"),
        "invoice_reference": _("reference or PO number"),
        "membership_number": _("LBBO membership number"),
        "get_membership_status_display": _("membership verification"),
        "course_fee": _("course fee"),
        "discount": _("LBBO discount"),
        "discount_state_display": _("LBBO discount is"),
        "total": _("total"),
        "created_at": _("registered at"),
    }
    export_filename = "aanmeldingen"


class InCompanyRequestViewSet(ModelViewSet):
    model = InCompanyRequest
    icon = "group"
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = [
        "organisation",
        "contact_name",
        "email",
        "phone",
        "participant_count",
        "region",
        "period",
        "questions",
        "status",
    ]
    list_display = [
        "organisation",
        "contact_name",
        "participant_count",
        "region",
        "status",
        "created_at",
        ManageLinkColumn(
            "schedule",
            "registration_admin:schedule_cohort",
            _("Create closed cohort"),
            label=_("Actions"),
        ),
    ]
    list_filter = ["status"]
    url_namespace = "incompany_requests"
    inspect_view_enabled = True
    url_prefix = "course/incompany-requests"


class RegistrationLogViewSet(ModelViewSet):
    model = RegistrationLog
    index_view_class = RegistrationLogIndexView
    icon = "history"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["reason"]
    list_display = [
        "registration",
        "kind",
        "changed_at",
        "changed_by",
        "old_status",
        "new_status",
        "old_total",
        "new_total",
        "reason",
    ]
    list_filter = ["kind", "registration__cohort"]
    list_export = [
        "registration",
        "get_kind_display",
        "changed_at",
        "changed_by",
        "get_old_status_display",
        "get_new_status_display",
        "old_discount",
        "new_discount",
        "old_total",
        "new_total",
        "get_reason_display",
    ]
    export_headings = {
        "get_kind_display": _("kind"),
        "get_old_status_display": _("old status"),
        "get_new_status_display": _("new status"),
        "get_reason_display": _("reason"),
    }
    export_filename = "aanmeldingen-logboek"


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class RegistrationGroup(ModelViewSetGroup):
    menu_label = _("Registrations")
    menu_icon = "form"
    menu_order = 250
    items = [RegistrationViewSet, InCompanyRequestViewSet, RegistrationLogViewSet]

    def get_submenu_items(self):
        return super().get_submenu_items() + [
            PermissionMenuItem(
                _("Waiting lists"),
                reverse("registration_admin:waiting_lists"),
                icon_name="list-ol",
                permission="course.change_registration",
            ),
            PermissionMenuItem(
                _("LBBO member list"),
                reverse("registration_admin:member_list"),
                icon_name="upload",
                permission="course.add_lbbomember",
            ),
        ]


admin_urlpatterns = [
    path("<int:pk>/", admin_views.ManageRegistrationView.as_view(), name="manage"),
    path("wachtlijsten/", admin_views.WaitingListsView.as_view(), name="waiting_lists"),
    path("ledenlijst/", admin_views.MemberListUploadView.as_view(), name="member_list"),
    path(
        "incompany/<int:pk>/groep-maken/",
        admin_views.ScheduleClosedCohortView.as_view(),
        name="schedule_cohort",
    ),
]


@hooks.register("register_admin_urls")
def register_registration_admin_urls():
    return [
        path(
            "aanmeldingen-beheer/",
            include((admin_urlpatterns, "registration_admin"), namespace="registration_admin"),
        )
    ]


@hooks.register("register_admin_viewset")
def register_registration_viewsets():
    return RegistrationGroup()
