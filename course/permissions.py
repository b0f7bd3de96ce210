"""Who may see and change what around cohorts. Views ask these, never repeat the rules."""


def trains_cohort(user, cohort):
    """True when ``user`` is one of the trainers of ``cohort``."""
    return user.is_authenticated and user.trained_cohorts.filter(pk=cohort.pk).exists()


def can_record_attendance(user, cohort):
    """A trainer of this very cohort, or a coordinator (who oversees every cohort)."""
    return user.is_authenticated and (user.is_coordinator or trains_cohort(user, cohort))


def can_export_attendance(user, cohort):
    """Coordinators export attendance (certificates, funding); trainers see it on screen."""
    return user.is_authenticated and user.is_coordinator


def cohorts_overseen_by(user):
    """The cohorts ``user`` sees in the cohort overview: all for coordinators, else their own."""
    from .models import CohortPage

    if not user.is_authenticated:
        return CohortPage.objects.none()
    if user.is_coordinator:
        return CohortPage.objects.all()
    return CohortPage.objects.filter(trainers=user)
