from .attendance import Attendance
from .calendar import CalendarFeedToken
from .library import LibraryItem, LibraryItemTag, LibraryPage
from .pages import CohortDay, CohortPage, CourseDayPage, TrainingPage
from .registrations import Registration
from .testimonials import Testimonial

__all__ = [
    "Attendance",
    "CalendarFeedToken",
    "CohortDay",
    "CohortPage",
    "CourseDayPage",
    "LibraryItem",
    "LibraryItemTag",
    "LibraryPage",
    "Registration",
    "Testimonial",
    "TrainingPage",
]
