"""The intervision app's contributions to the course core (see course/hooks.py)."""

from wagtail import hooks

from course.hooks import DASHBOARD_PANELS


@hooks.register(DASHBOARD_PANELS)
def intervision_panel(request, user, cohorts):
    """A placeholder on "Mijn opleiding" until intervision groups are built."""
    if not cohorts:
        return []
    return [("intervision/dashboard_panel.html", {})]
