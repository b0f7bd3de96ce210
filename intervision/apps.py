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

        declare_content(self.label)
        watch_personal_data()


def declare_content(app_label):
    """Which of this app's models bump the content version (website/page_cache.py): the
    method library (``views.sessions.method_steps`` keeps a method's steps per version)
    and the settings. Groups, sessions, roles, swap requests, cases, notes and reflections
    show on no public page and in no per-version memo, only on the group's own pages,
    kept per person (course/personal_cache.py)."""
    from website import page_cache

    from . import models

    page_cache.content_app(
        app_label,
        private=[
            models.IntervisionGroup,
            models.GroupMembership,
            models.IntervisionSession,
            models.SessionRole,
            models.RoleSwap,
            models.Case,
            models.PrivacyDecision,
            models.SessionNote,
            models.Reflection,
        ],
    )


def watch_personal_data():
    """What this app's models change on people's cached pages (course/personal_cache.py):
    groups, sessions, roles, swap requests, cases (with their privacy decisions) and notes
    are shown to the whole group, so they bump the cohort; so do a new name (or school) of
    anyone the group pages name and a place in the cohort (the trainer's screen)."""
    from django.contrib.auth import get_user_model

    from course.models import Registration
    from course.personal_cache import CONTENT, cohort_scope, scopes_through, watch

    from . import models

    of_group = scopes_through(models.IntervisionGroup, "cohort_id", cohort_scope)
    of_session = scopes_through(models.IntervisionSession, "group__cohort_id", cohort_scope)
    of_case = scopes_through(models.Case, "session__group__cohort_id", cohort_scope)

    def of_person(user):
        """The cohorts whose group pages name ``user``: as a member (also one who left), in
        a role (past sessions keep it) or as a participant (the trainer's screen); one
        query."""
        # order_by(): SQLite refuses ORDER BY (the models' default) inside a UNION.
        memberships = models.GroupMembership.objects.filter(participant=user.pk).order_by()
        roles = models.SessionRole.objects.filter(participant=user.pk).order_by()
        places = Registration.objects.filter(participant=user.pk).order_by()
        cohorts = memberships.values_list("cohort_id").union(
            roles.values_list("session__group__cohort_id"), places.values_list("cohort_id")
        )
        return [cohort_scope(cohort_id) for (cohort_id,) in cohorts]

    watch(models.IntervisionGroup, lambda group: [cohort_scope(group.cohort_id)])
    watch(models.GroupMembership, lambda membership: [cohort_scope(membership.cohort_id)])
    watch(models.IntervisionSession, lambda session: of_group(session.group_id))
    watch(models.SessionRole, lambda role: of_session(role.session_id))
    watch(models.RoleSwap, lambda swap: of_session(swap.session_id))
    watch(models.Case, lambda case: of_session(case.session_id))
    # The author's draft counts the privacy check's open findings.
    watch(models.PrivacyDecision, lambda decision: of_case(decision.case_id))
    watch(models.SessionNote, lambda note: of_session(note.session_id))
    watch(models.Method, lambda method: [CONTENT])
    watch(models.MethodStep, lambda step: [CONTENT])
    watch(models.IntervisionSettings, lambda settings: [CONTENT])
    # The trainer's screen lists the cohort's confirmed participants.
    watch(Registration, lambda registration: [cohort_scope(registration.cohort_id)])
    watch(get_user_model(), of_person, fields=("full_name", "school", "school_id"))
