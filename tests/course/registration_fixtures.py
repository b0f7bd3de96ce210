"""Helpers shared by the registration tests; their fixtures live in conftest.py."""

from decimal import Decimal

from course.models import Registration
from course.services.registration import RegistrationDetails

FEE = Decimal("2495.00")  # the price CohortPageFactory gives a cohort


def details(**overrides):
    fields = {
        "function": "ib",
        "school_name": "Basisschool Het Anker",
        "school_place": "Zwolle",
        "board_name": "Stichting Leerkracht",
        "terms_accepted": True,
    }
    fields.update(overrides)
    return RegistrationDetails(**fields)


def member_details(number="12345", **overrides):
    return details(is_lbbo_member=True, membership_number=number, **overrides)


def form_data(**overrides):
    data = {
        "function": "ib",
        "school_name": "Basisschool Het Anker",
        "school_place": "Zwolle",
        "board_name": "Stichting Leerkracht",
        "payer": Registration.Payer.SELF,
        "invoice_address": "",
        "invoice_reference": "",
        "membership_number": "",
        "terms": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
