"""Wagtail admin for registrations: listing with filters and invoicing export, waiting
lists, the LBBO member list, in-company requests and the registration log.

Imported by ``course/wagtail_hooks.py``.
"""

import django_filters
from django.db.models import F
from django.urls import include, path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from website import content, page_cache
from website.admin_columns import (
    PlainChoiceColumn,
    PlainColumn,
    PlainDateTimeColumn,
    PlainLinkColumn,
    PlainTable,
    PlainTitleColumn,
)
from website.admin_paginator import FirstPageCountingPaginator

from ..models import CohortPage, DuoInvitation, InCompanyRequest, Registration, RegistrationLog
from ..spreadsheet import FormulaSafeExportMixin
from . import views as admin_views


def registration_label(field_name):
    """The column heading for a registration field: its verbose name."""
    return capfirst(Registration._meta.get_field(field_name).verbose_name)


def cohort_choices(request=None):
    """Every cohort as (pk, title), the latest first: one small query, no page objects;
    with a request, kept per content version (``website.content.memo``: a saved cohort
    page bumps it)."""

    def build():
        return list(
            CohortPage.objects.order_by("-registration_closes", "title").values_list("pk", "title")
        )

    if request is None:
        return build()
    return content.memo(request, "cohort_choices", build)


class CohortFilter(django_filters.ChoiceFilter):
    """Filter on a cohort, its choices from ``cohort_choices`` once per listing (a model
    choice filter loads every cohort page; callable choices are queried on every use:
    validation, rendering, the active-filter labels), kept per content version."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", registration_label("cohort"))
        super().__init__(*args, choices=[], **kwargs)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            parent = getattr(self, "parent", None)
            self.extra["choices"] = cohort_choices(getattr(parent, "request", None))
        return super().field


class KeptDrilldownFilterSet(WagtailFilterSet):
    """Wagtail's filter set with its drop-down kept per set of values
    (``website/templatetags/admin_filters.py``); its choice widgets are written in Python
    by the site's form renderer. Every choice of a subclass must be fixed or come from
    content that bumps the content version (as the cohorts do); otherwise override
    ``drilldown_cache_key`` to return None."""

    def drilldown_cache_key(self):
        """What the filters' drop-down shows besides the language: this filter set, the
        values of its fields in the query string and the content version (the cohorts)."""
        request = getattr(self, "request", None)
        getlist = getattr(self.data, "getlist", None)
        if request is None or getlist is None:
            return None
        values = tuple(
            (name, tuple(getlist(self.form.add_prefix(name)))) for name in self.form.fields
        )
        return (type(self), values, page_cache.current_version(request))


class RegistrationFilterSet(KeptDrilldownFilterSet):
    cohort = CohortFilter()

    class Meta:
        model = Registration
        fields = ["cohort", "status", "is_lbbo_member", "membership_status", "payer"]


class RegistrationLogFilterSet(WagtailFilterSet):
    registration__cohort = CohortFilter(field_name="registration__cohort")

    class Meta:
        model = RegistrationLog
        fields = ["kind", "registration__cohort"]


class RegistrationIndexView(FormulaSafeExportMixin, IndexView):
    """The coordinator's main screen. Each row loads only what the columns show (the
    participant's name fields and the cohort's title, in one query); each cell is built in
    Python (``website/admin_columns.py``); the cohort filter's choices are one
    ``values_list``; a first page that holds everything needs no COUNT query
    (``website/admin_paginator.py``). The export still gets full rows."""

    table_class = PlainTable
    paginator_class = FirstPageCountingPaginator

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.is_export:
            return queryset.select_related("participant", "cohort")
        # The participant as a User for its __str__ (a name, the email address, or "erased
        # person"), loaded with the three fields that takes.
        return (
            queryset.select_related("participant")
            .only(
                "pk",
                "status",
                "membership_number",
                "membership_status",
                "total",
                "created_at",
                "participant",
                "participant__full_name",
                "participant__email",
                "participant__erased_at",
            )
            .annotate(cohort_title=F("cohort__title"))
        )


class RegistrationLogIndexView(FormulaSafeExportMixin, IndexView):
    def get_base_queryset(self):
        # Each row names the registration (participant – cohort) and who changed it.
        return (
            super()
            .get_base_queryset()
            .select_related("registration__participant", "registration__cohort", "changed_by")
        )


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
    filterset_class = RegistrationFilterSet
    # A cohort (thirty-odd people) fits on one page.
    list_per_page = 50
    list_display = [
        PlainTitleColumn(
            "participant",
            "registrations:edit",
            permission="course.change_registration",
            label=registration_label("participant"),
            sort_key="participant__full_name",
        ),
        PlainColumn("cohort_title", label=registration_label("cohort"), sort_key="cohort"),
        PlainChoiceColumn(
            "status",
            Registration.Status.choices,
            label=registration_label("status"),
            sort_key="status",
        ),
        PlainColumn(
            "membership_number",
            label=registration_label("membership_number"),
            sort_key="membership_number",
        ),
        PlainChoiceColumn(
            "membership_status",
            Registration.MembershipStatus.choices,
            label=registration_label("membership_status"),
            sort_key="membership_status",
        ),
        PlainColumn(
            "total", accessor="total_display", label=registration_label("total"), sort_key="total"
        ),
        PlainDateTimeColumn(
            "created_at", label=registration_label("created_at"), sort_key="created_at"
        ),
        PlainLinkColumn(
            "manage",
            "registration_admin:manage",
            link_label=_("Decide"),
            permission="course.change_registration",
            label=_("Actions"),
        ),
    ]
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
        PlainLinkColumn(
            "schedule",
            "registration_admin:schedule_cohort",
            link_label=_("Create closed cohort"),
            permission="course.change_incompanyrequest",
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
    filterset_class = RegistrationLogFilterSet
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


class DuoInvitationFilterSet(KeptDrilldownFilterSet):
    cohort = CohortFilter()

    class Meta:
        model = DuoInvitation
        fields = ["status", "cohort"]


class DuoInvitationIndexView(IndexView):
    def get_base_queryset(self):
        # Each row names the cohort (also in the invitation's name) and the registrant who
        # invited the colleague.
        return super().get_base_queryset().select_related("cohort", "invited_with__participant")


class DuoInvitationViewSet(ModelViewSet):
    """The register-together invitations, read-only: each pending one holds a place of its
    cohort until the colleague answers or the link runs out. They change only through the
    registration services (accepting, declining, the daily expiry), so the coordinator
    sees them here and manages the registrant's place on the registration screen."""

    model = DuoInvitation
    index_view_class = DuoInvitationIndexView
    icon = "user"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = DuoInvitationFilterSet
    # Nobody may change one here (only the view permission exists): no field to edit.
    form_fields = []
    list_display = [
        "full_name",
        "email",
        Column("cohort", label=_("cohort")),
        Column(
            "invited_with", label=_("registered together with"), accessor="invited_with.participant"
        ),
        "status",
        "expires_at",
        "created_at",
    ]
    inspect_view_fields = [
        "cohort",
        "invited_with",
        "full_name",
        "email",
        "status",
        "expires_at",
        "created_at",
        "answered_at",
        "registration",
    ]
    url_namespace = "duo_invitations"
    url_prefix = "course/duo-invitations"

    def get_permissions_to_register(self):
        # Only viewing: the services change them.
        return super().get_permissions_to_register().filter(codename="view_duoinvitation")


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
    items = [
        RegistrationViewSet,
        InCompanyRequestViewSet,
        DuoInvitationViewSet,
        RegistrationLogViewSet,
    ]

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
