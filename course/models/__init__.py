from .attendance import Attendance
from .calendar import CalendarFeedToken
from .certificates import Certificate
from .incompany import InCompanyRequest
from .library import LibraryItem, LibraryItemTag, LibraryPage
from .pages import CohortDay, CohortPage, CourseDayPage, TrainingPage
from .registrations import (
    DuoInvitation,
    LbboMember,
    Registration,
    RegistrationLog,
    RegistrationSettings,
)
from .testimonials import Testimonial

__all__ = [
    "Attendance",
    "CalendarFeedToken",
    "Certificate",
    "CohortDay",
    "CohortPage",
    "CourseDayPage",
    "DuoInvitation",
    "InCompanyRequest",
    "LbboMember",
    "LibraryItem",
    "LibraryItemTag",
    "LibraryPage",
    "Registration",
    "RegistrationLog",
    "RegistrationSettings",
    "Testimonial",
    "TrainingPage",
]
