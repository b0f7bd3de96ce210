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
    from course.personal_cache import CONTENT, cohort_scope, watch

    from . import models

    def of_group(group_id):
        cohort_ids = models.IntervisionGroup.objects.filter(pk=group_id).values_list(
            "cohort_id", flat=True
        )
        return [cohort_scope(pk) for pk in cohort_ids]

    def of_session(session_id):
        cohort_ids = models.IntervisionSession.objects.filter(pk=session_id).values_list(
            "group__cohort_id", flat=True
        )
        return [cohort_scope(pk) for pk in cohort_ids]

    watch(models.IntervisionGroup, lambda group: [cohort_scope(group.cohort_id)])
    watch(models.GroupMembership, lambda membership: [cohort_scope(membership.cohort_id)])
    watch(models.IntervisionSession, lambda session: of_group(session.group_id))
    watch(models.SessionRole, lambda role: of_session(role.session_id))
    watch(models.Method, lambda method: [CONTENT])
