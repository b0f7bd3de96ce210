from .attendance import Attendance
from .calendar import CalendarFeedToken
from .incompany import InCompanyRequest
from .library import LibraryItem, LibraryItemTag, LibraryPage
from .pages import CohortDay, CohortPage, CourseDayPage, TrainingPage
from .registrations import LbboMember, Registration, RegistrationLog, RegistrationSettings
from .testimonials import Testimonial
from .visits import (
    HostVisit,
    PracticeDay,
    ProposedAssignment,
    VisitBooking,
    VisitPreference,
    VisitSlot,
    WaitingListEntry,
)

__all__ = [
    "Attendance",
    "CalendarFeedToken",
    "CohortDay",
    "CohortPage",
    "CourseDayPage",
    "HostVisit",
    "InCompanyRequest",
    "LbboMember",
    "LibraryItem",
    "LibraryItemTag",
    "LibraryPage",
    "PracticeDay",
    "ProposedAssignment",
    "Registration",
    "RegistrationLog",
    "RegistrationSettings",
    "Testimonial",
    "TrainingPage",
    "VisitBooking",
    "VisitPreference",
    "VisitSlot",
    "WaitingListEntry",
]
