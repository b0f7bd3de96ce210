"""The course app's Wagtail entry: content snippets, the document guard, the registration
admin (viewsets and views in course/admin/) and the course's own contributions to the
extension points of course/hooks.py."""

from urllib.parse import quote

from django.conf import settings
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from course.models import LibraryItem, Testimonial
from course.models.library import is_restricted_document, may_access_restricted_materials
from website.admin_columns import YesNoColumn
from website.personal_data import PERSONAL_DATA_ERASURE, PERSONAL_DATA_EXPORT

from . import calendar
from .admin import viewsets  # noqa: F401 - registers the registration admin
from .hooks import CALENDAR_EVENTS, TRAINER_TASKS, Task
from .services.personal_data import erase_course_data, export_course_data


class TestimonialViewSet(SnippetViewSet):
    model = Testimonial
    icon = "openquote"
    menu_label = _("Testimonials")
    list_display = ["name", "function", "school", "sort_order"]
    search_fields = ["name", "school"]


class LibraryItemViewSet(SnippetViewSet):
    model = LibraryItem
    icon = "doc-full-inverse"
    menu_label = _("Materials library")
    list_display = [
        "title",
        "course_day",
        # A tick or a cross, not "True"/"False" (issue 15).
        YesNoColumn("participants_only", label=capfirst(_("for participants only"))),
        "updated_at",
    ]
    list_filter = ["course_day", "participants_only"]
    search_fields = ["title", "summary"]


class CourseContentViewSetGroup(SnippetViewSetGroup):
    items = (TestimonialViewSet, LibraryItemViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Course content")
    menu_name = "course-content"


register_snippet(CourseContentViewSetGroup)


@hooks.register("before_serve_document")
def guard_participants_only_documents(document, request):
    """Serve a participants-only library document only to those who may open it.

    Anonymous visitors are sent to the login page; signed-in people without a confirmed place
    get a 403 with an explanation. Returning nothing lets Wagtail serve the file.
    """
    if not is_restricted_document(document):
        return None
    if may_access_restricted_materials(request.user):
        return None
    if not request.user.is_authenticated:
        login_url = resolve_url(settings.LOGIN_URL)
        return redirect(f"{login_url}?next={quote(request.get_full_path())}")
    return TemplateResponse(
        request, "course/library_refused.html", {"document": document}, status=403
    )


@hooks.register(CALENDAR_EVENTS)
def confirmed_course_days(user, request):
    """The personal feed's course days: those of every cohort with a confirmed place."""
    return calendar.confirmed_course_days(user, request)


hooks.register(PERSONAL_DATA_EXPORT, export_course_data)
hooks.register(PERSONAL_DATA_ERASURE, erase_course_data)


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    actions.register_action(
        "course.issue_certificate", _("Issue certificate"), _("Certificate issued")
    )
    actions.register_action(
        "course.revoke_certificate", _("Revoke certificate"), _("Certificate revoked")
    )


# --- The trainer's workspace (course.views.workspace) ----------------------------------------


@hooks.register(TRAINER_TASKS)
def attendance_to_record(request, user, cohorts):
    """Course days that have begun without attendance recorded (one query)."""
    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.translation import gettext

    from .services.attendance import days_awaiting_attendance

    return [
        Task(
            cohort_id=day.cohort_id,
            label=gettext("Record attendance for day %(number)s (%(date)s)")
            % {"number": day.number, "date": date_format(day.date)},
            url=reverse("course:attendance", args=[day.pk]),
        )
        for day in days_awaiting_attendance(cohorts)
    ]


@hooks.register("register_admin_menu_item")
def workspace_menu_item():
    """Trainers and coordinators reach their workspace from the admin's menu."""
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    from .permissions import oversees_cohorts

    class WorkspaceMenuItem(MenuItem):
        def is_shown(self, request):
            return oversees_cohorts(request.user)

    return WorkspaceMenuItem(
        _("My workspace"), reverse("course:workspace"), icon_name="tasks", order=50
    )


class WorkspacePanel(Component):
    """The admin home page's panel for trainers: their cohorts' open tasks in short."""

    name = "trainer_workspace"
    order = 50
    template_name = "course/admin/workspace_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        from .views.workspace import workspace

        cohorts, total = workspace(self.request, self.request.user)
        return {"cohorts": [c for c in cohorts if c.tasks], "task_total": total}


@hooks.register("construct_homepage_panels")
def add_workspace_panel(request, panels):
    from .permissions import oversees_cohorts

    if oversees_cohorts(request.user):
        panels.insert(0, WorkspacePanel(request))
