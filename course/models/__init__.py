from .attendance import Attendance
from .calendar import CalendarFeedToken
from .pages import CohortDay, CohortPage, CourseDayPage, TrainingPage
from .registrations import Registration

__all__ = [
    "Attendance",
    "CalendarFeedToken",
    "CohortDay",
    "CohortPage",
    "CourseDayPage",
    "Registration",
    "TrainingPage",
]
