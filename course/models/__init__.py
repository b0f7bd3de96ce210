from .pages import CohortDay, CohortPage, CourseDayPage, TrainingPage
from .registrations import Registration

__all__ = ["CohortDay", "CohortPage", "CourseDayPage", "Registration", "TrainingPage"]
