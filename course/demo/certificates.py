"""Demo certificate: a cohort whose course days are all past, and a former participant who
attended every day and holds a certificate, so ``make run`` shows the download on Mijn
opleiding and a code to try on the public verification page. Idempotent.

The certificate is stored directly (``create_certificate``): the feature apps' completion
requirements (a graded plan) have no demo data for this old cohort, and an issued
certificate stays downloadable whatever its requirements say later.
"""

import datetime

from django.urls import reverse

from website.models import User

from ..models import Certificate, Registration, TrainingPage
from ..services.attendance import record_attendance
from ..services.certificates import create_certificate, training_settings
from .content import _cohort, _demo_trainer
from .registrations import demo_person

FORMER_PARTICIPANT_EMAIL = "oud-deelnemer@example.nl"

FINISHED_COHORT = {
    "slug": "deventer-2026",
    "title": "Groep Deventer 2026",
    "region": "Overijssel",
    "place": "Deventer",
    "capacity": 20,
    "registration_opens": datetime.date(2025, 9, 1),
    "registration_closes": datetime.date(2025, 12, 15),
    "free_cancellation_until": datetime.date(2025, 12, 1),
    "venue": ("Zalencentrum De Worp", "Worp 10, 7419 AB Deventer"),
    "practice_venue": ("Basisschool De Vlinderboom (gastschool)", "Vlinderweg 2, 7421 AB Deventer"),
    "dates": [
        datetime.date(2026, 1, 15),
        datetime.date(2026, 2, 12),
        datetime.date(2026, 3, 19),
        datetime.date(2026, 4, 16),
        datetime.date(2026, 5, 21),
        datetime.date(2026, 6, 11),
        datetime.date(2026, 7, 2),
    ],
}


def seed_certificate(stdout=None):
    training = TrainingPage.objects.first()
    if training is None:
        return
    cohort = _cohort(training, FINISHED_COHORT, _demo_trainer())
    person = demo_person(
        FORMER_PARTICIPANT_EMAIL,
        "Fleur Jansen",
        "Basisschool De Vlinderboom",
        "Deventer",
        "Stichting Sterk Onderwijs",
    )
    Registration.objects.get_or_create(
        cohort=cohort,
        participant=person,
        defaults={
            "status": Registration.Status.CONFIRMED,
            "function": User.Function.INTERNAL_COORDINATOR,
            "school_name": "Basisschool De Vlinderboom",
            "school_place": "Deventer",
            "board_name": "Stichting Sterk Onderwijs",
            "payer": Registration.Payer.SCHOOL,
            "course_fee": cohort.price,
            "total": cohort.price,
        },
    )
    trainer = _demo_trainer()
    for day in cohort.days.all():
        record_attendance(day, [person], by=trainer)
    certificate = Certificate.objects.filter(cohort=cohort, participant=person).first()
    if certificate is None:
        _required, study_hours, _training = training_settings()
        certificate = create_certificate(
            cohort,
            person,
            completed_on=max(day.date for day in cohort.days.all()),
            study_hours=study_hours,
        )
    if stdout:
        stdout.write(
            f"Demo certificate of {FORMER_PARTICIPANT_EMAIL} ({cohort.title}): "
            f"code {certificate.display_code}, check it at "
            f"{reverse('certificates:verify_code', kwargs={'code': certificate.display_code})}"
        )
