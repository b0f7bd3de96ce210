from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntervisionConfig(AppConfig):
    name = "intervision"
    verbose_name = _("Intervision")

    # What each role may do with this app's models (applied by website/roles.py). Coordinators
    # keep the method library and the settings; nobody gets cases, notes or reflections here.
    role_permissions = {
        "COORDINATOR": {
            "method": ["add", "change", "delete", "view"],
            "intervisionsettings": ["change"],
        },
    }

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers

        watch_personal_data()


def watch_personal_data():
    """What this app's models change on people's cached pages (course/personal_cache.py):
    groups, sessions and roles are shown to the whole group, so they bump the cohort."""
    from course.personal_cache import CONTENT, cohort_scope, scopes_through, watch

    from . import models

    of_group = scopes_through(models.IntervisionGroup, "cohort_id", cohort_scope)
    of_session = scopes_through(models.IntervisionSession, "group__cohort_id", cohort_scope)

    watch(models.IntervisionGroup, lambda group: [cohort_scope(group.cohort_id)])
    watch(models.GroupMembership, lambda membership: [cohort_scope(membership.cohort_id)])
    watch(models.IntervisionSession, lambda session: of_group(session.group_id))
    watch(models.SessionRole, lambda role: of_session(role.session_id))
    watch(models.Method, lambda method: [CONTENT])
