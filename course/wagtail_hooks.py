"""Wagtail admin hooks for the course app."""

from . import registration_hooks  # noqa: F401
