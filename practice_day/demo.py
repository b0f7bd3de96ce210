"""Demo host visits for the practice day of every live cohort. Safe to run again and again.

Called from ``seed_demo``. When there is no cohort yet it creates nothing. The host
organisations, schools and people are invented.
"""

import datetime

from course.models import CohortPage
from course.models.pages import PRACTICE_DAY_NUMBER
from website.services import find_or_create_board, find_or_create_school

from .models import HostVisit, PracticeDay, VisitSlot

MORNING = (datetime.time(9, 30), datetime.time(11, 30))
LATE_MORNING = (datetime.time(10, 0), datetime.time(12, 0))

# (organisation, type, address, theme, description, contact, school, slots as (times, places))
DEMO_HOSTS = [
    (
        "Kindcentrum De Vlinderboom",
        HostVisit.HostType.SCHOOL,
        "Lindelaan 14, Amersfoort",
        "Een ondersteuningsroute die iedereen kent",
        "De ib'er laat zien hoe leraren een zorgsignaal in twee weken omzetten in een "
        "aanpak: van groepsbespreking tot overleg met ouders en het samenwerkingsverband. "
        "U loopt mee met een groepsbespreking en praat met twee leraren.",
        "Femke Wolters",
        ("Kindcentrum De Vlinderboom", "Amersfoort", "Stichting Eemkracht"),
        [(MORNING, 4), (LATE_MORNING, 3)],
    ),
    (
        "Basisschool Het Palet",
        HostVisit.HostType.SCHOOL,
        "Schoolstraat 3, Veenendaal",
        "Hulpvragen op groepsniveau: de leraar aan zet",
        "Het team werkt met groepsplannen die leraren zelf opstellen, met de ib'er als "
        "coach. U ziet een coachgesprek en bespreekt hoe de school de rol van de ib'er "
        "veranderde van 'zorgloket' naar regisseur.",
        "Youssef El Amrani",
        ("Basisschool Het Palet", "Veenendaal", "Stichting Eemkracht"),
        [(MORNING, 5)],
    ),
    (
        "Samenwerkingsverband Passend Onderwijs Eemvallei",
        HostVisit.HostType.PARTNERSHIP,
        "Stationsplein 8, Amersfoort",
        "Van aanvraag tot arrangement in weken, niet in maanden",
        "Het samenwerkingsverband vertelt hoe scholen, ouders en jeugdhulp samen aan tafel "
        "bespreken wat een kind nodig heeft, en hoe de wachttijd voor een arrangement "
        "werd teruggebracht. U woont een (geanonimiseerd) oefenoverleg bij.",
        "Annelies Hoekstra",
        None,
        [(MORNING, 6), (LATE_MORNING, 6)],
    ),
    (
        "Sociaal wijkteam Amersfoort-Noord",
        HostVisit.HostType.NEIGHBOURHOOD_TEAM,
        "Wijkcentrum De Kruising, Amersfoort",
        "De wijk-ib'er: korte lijnen tussen school en jeugdhulp",
        "Het wijkteam is de toegang tot jeugdhulp. Een wijk-ib'er en een "
        "schoolcontactpersoon vertellen hoe zij de zorg thuis en de ondersteuning op "
        "school op elkaar laten aansluiten: één kind, één plan.",
        "Ruben Smits",
        None,
        [(MORNING, 4)],
    ),
    (
        "SBO De Wegwijzer",
        HostVisit.HostType.SCHOOL,
        "Vlasakker 21, Leusden",
        "Speciaal basisonderwijs als expertisecentrum voor de regio",
        "De school voor speciaal basisonderwijs ondersteunt ook leraren van reguliere "
        "scholen. U ziet een observatie in de klas en hoort hoe de ambulante begeleiding "
        "is georganiseerd.",
        "Marloes van Dijk",
        ("SBO De Wegwijzer", "Leusden", "Stichting Samen Wijzer"),
        [(MORNING, 3), (LATE_MORNING, 3)],
    ),
]


def create_demo_visits():
    """Give every live cohort a practice day with the demo host visits; return the count
    of host visits created."""
    created = 0
    for cohort in CohortPage.objects.live().order_by("pk"):
        practice_day, _ = PracticeDay.objects.get_or_create(cohort=cohort)
        if practice_day.cancellation_deadline is None:
            day = cohort.days.filter(number=PRACTICE_DAY_NUMBER).first()
            if day:
                practice_day.cancellation_deadline = day.starts - datetime.timedelta(days=7)
                practice_day.save(update_fields=["cancellation_deadline"])
        for (
            organisation,
            host_type,
            address,
            theme,
            description,
            contact,
            school,
            slots,
        ) in DEMO_HOSTS:
            host_school = host_board = None
            if school:
                name, place, board_name = school
                host_board = find_or_create_board(board_name, place)
                host_school = find_or_create_school(name, place, "", host_board)
            host_visit, new = HostVisit.objects.get_or_create(
                cohort=cohort,
                organisation=organisation,
                defaults={
                    "host_type": host_type,
                    "address": address,
                    "theme": theme,
                    "description": description,
                    "contact_name": contact,
                    "school": host_school,
                    "board": host_board,
                },
            )
            created += int(new)
            if not host_visit.slots.exists():
                for (starts_at, ends_at), capacity in slots:
                    VisitSlot.objects.create(
                        host_visit=host_visit,
                        starts_at=starts_at,
                        ends_at=ends_at,
                        capacity=capacity,
                    )
    return created


def seed(stdout=None):
    """Demo data entry point for ``manage.py seed_demo`` (course/hooks.py ``DEMO_MODULE``)."""
    create_demo_visits()
