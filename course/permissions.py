"""Who may see and change what around cohorts. Views, services and feature apps ask these
and never repeat the rules.

The roles themselves are answered by the user model: ``User.is_coordinator`` (a superuser
counts as one), ``User.is_trainer``. This module adds the questions about a cohort.
"""


def trains_cohort(user, cohort, *, listed=None):
    """True when ``user`` has the trainer role and is one of the trainers of ``cohort``.
    ``listed``: whether ``user`` is among ``cohort.trainers``, when the caller's query already
    answered it (then no query here)."""
    if not (user.is_authenticated and user.is_trainer):
        return False
    return listed if listed is not None else cohort.trainers.filter(pk=user.pk).exists()


def is_staff_for(user, cohort):
    """True for a trainer of this very cohort or a coordinator (who oversees every cohort).

    They see the cohort's pages, participants and practice day, and record attendance.
    """
    return user.is_authenticated and (user.is_coordinator or trains_cohort(user, cohort))


def oversees_cohorts(user):
    """True for trainers and coordinators: they have the cohort overview."""
    return user.is_authenticated and (user.is_trainer or user.is_coordinator)


def can_record_attendance(user, cohort):
    """The cohort's own staff record attendance (``is_staff_for``)."""
    return is_staff_for(user, cohort)


def can_export_attendance(user, cohort):
    """Coordinators export attendance (certificates, funding); trainers see it on screen."""
    return user.is_authenticated and user.is_coordinator


def can_manage_certificates(user, cohort):
    """Coordinators see a cohort's certificates and revoke one; trainers and participants do
    not (a participant sees their own on "Mijn opleiding")."""
    return user.is_authenticated and user.is_coordinator


def cohorts_overseen_by(user):
    """The cohorts ``user`` sees in the cohort overview: all for coordinators, else their own."""
    from .models import CohortPage

    if not oversees_cohorts(user):
        return CohortPage.objects.none()
    if user.is_coordinator:
        return CohortPage.objects.all()
    return CohortPage.objects.filter(trainers=user)
