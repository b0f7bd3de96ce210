"""Wagtail admin registrations of the course app."""

from . import visit_hooks  # noqa: F401  (practice day: host visits, allocation)
