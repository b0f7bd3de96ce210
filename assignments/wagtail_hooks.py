"""The final assignment's contributions to the course core (see course/hooks.py)."""

from wagtail import hooks

from course.hooks import DASHBOARD_PANELS


@hooks.register(DASHBOARD_PANELS)
def implementation_plan_panel(request, user, cohorts):
    """A placeholder on "Mijn opleiding" until the implementation plan is built."""
    if not cohorts:
        return []
    return [("assignments/dashboard_panel.html", {})]
