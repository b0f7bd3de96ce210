from .pages import CohortDay, CohortPage, CourseDayPage, TrainingPage
from .registrations import Registration
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
    "CohortDay",
    "CohortPage",
    "CourseDayPage",
    "HostVisit",
    "PracticeDay",
    "ProposedAssignment",
    "Registration",
    "TrainingPage",
    "VisitBooking",
    "VisitPreference",
    "VisitSlot",
    "WaitingListEntry",
]
