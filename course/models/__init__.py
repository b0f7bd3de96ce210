from .incompany import InCompanyRequest
from .pages import CohortDay, CohortPage, CourseDayPage, TrainingPage
from .registrations import LbboMember, Registration, RegistrationLog, RegistrationSettings

__all__ = [
    "CohortDay",
    "CohortPage",
    "CourseDayPage",
    "InCompanyRequest",
    "LbboMember",
    "Registration",
    "RegistrationLog",
    "RegistrationSettings",
    "TrainingPage",
]
