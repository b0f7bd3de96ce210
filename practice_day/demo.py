"""Demo host visits for the practice day of every live cohort. Safe to run again and again.

Called from ``seed_demo``. When there is no cohort yet it creates nothing. The host
organisations, schools and people are invented.
"""

import datetime

from course.demo.pictures import demo_image, draw_building
from course.models import CohortPage
from course.models.pages import PRACTICE_DAY_NUMBER
from website.services import find_or_create_board, find_or_create_school

from .models import HostVisit, PracticeDay, VisitSlot

# The day-5 programme (course/demo/content.py, COURSE_DAYS) welcomes everyone at the host
# school at 09:00, visits good examples from 09:30 and has lunch together at 12:00. A visit
# starts after the walk or ride from the welcome and ends in time to be back for lunch.
# If the programme changes, also update these (tests/practice_day/test_demo.py checks).
MORNING = (datetime.time(9, 45), datetime.time(11, 30))
LATE_MORNING = (datetime.time(10, 0), datetime.time(11, 45))

# What each kind of visit is about: (type, theme, description, slots as (times, places)).
# Every region has one host of each kind, in the same order.
VISIT_PROFILES = [
    (
        HostVisit.HostType.SCHOOL,
        "Een ondersteuningsroute die iedereen kent",
        "De ib'er laat zien hoe leraren een zorgsignaal in twee weken omzetten in een "
        "aanpak: van groepsbespreking tot overleg met ouders en het samenwerkingsverband. "
        "U loopt mee met een groepsbespreking en praat met twee leraren.",
        [(MORNING, 4), (LATE_MORNING, 3)],
    ),
    (
        HostVisit.HostType.SCHOOL,
        "Hulpvragen op groepsniveau: de leraar aan zet",
        "Het team werkt met groepsplannen die leraren zelf opstellen, met de ib'er als "
        "coach. U ziet een coachgesprek en bespreekt hoe de school de rol van de ib'er "
        "veranderde van 'zorgloket' naar regisseur.",
        [(MORNING, 5)],
    ),
    (
        HostVisit.HostType.PARTNERSHIP,
        "Van aanvraag tot arrangement in weken, niet in maanden",
        "Het samenwerkingsverband vertelt hoe scholen, ouders en jeugdhulp samen aan tafel "
        "bespreken wat een kind nodig heeft, en hoe de wachttijd voor een arrangement "
        "werd teruggebracht. U woont een (geanonimiseerd) oefenoverleg bij.",
        [(MORNING, 6), (LATE_MORNING, 6)],
    ),
    (
        HostVisit.HostType.NEIGHBOURHOOD_TEAM,
        "De wijk-ib'er: korte lijnen tussen school en jeugdhulp",
        "Het wijkteam is de toegang tot jeugdhulp. Een wijk-ib'er en een "
        "schoolcontactpersoon vertellen hoe zij de zorg thuis en de ondersteuning op "
        "school op elkaar laten aansluiten: één kind, één plan.",
        [(MORNING, 4)],
    ),
    (
        HostVisit.HostType.SCHOOL,
        "Speciaal basisonderwijs als expertisecentrum voor de regio",
        "De school voor speciaal basisonderwijs ondersteunt ook leraren van reguliere "
        "scholen. U ziet een observatie in de klas en hoort hoe de ambulante begeleiding "
        "is georganiseerd.",
        [(MORNING, 3), (LATE_MORNING, 3)],
    ),
]

# The hosts near each cohort's place, one per profile: (organisation, address, contact,
# school as (name, place, board) or None). A cohort elsewhere gets the hosts of Midden.
HOSTS_BY_PLACE = {
    "Zwolle": [
        (
            "Kindcentrum De Stadshoeve",
            "Stadshoevelaan 5, Zwolle",
            "Ilse Mulder",
            ("Kindcentrum De Stadshoeve", "Zwolle", "Stichting Vechtoever Onderwijs"),
        ),
        (
            "Basisschool De Kogge",
            "Koggestraat 11, Kampen",
            "Thijs Hendriks",
            ("Basisschool De Kogge", "Kampen", "Stichting Vechtoever Onderwijs"),
        ),
        (
            "Samenwerkingsverband Passend Onderwijs Vechtoever",
            "Dokter Stolteweg 2, Zwolle",
            "Annelies Hoekstra",
            None,
        ),
        ("Sociaal wijkteam Zwolle-Zuid", "Wijkcentrum De Enk, Zwolle", "Ruben Smits", None),
        (
            "SBO De Zonnewijzer",
            "Zonnelaan 2, Dalfsen",
            "Marloes van Dijk",
            ("SBO De Zonnewijzer", "Dalfsen", "Stichting Samen Wijzer"),
        ),
    ],
    "Breda": [
        (
            "Kindcentrum De Singelhof",
            "Haagweg 20, Breda",
            "Femke Wolters",
            ("Kindcentrum De Singelhof", "Breda", "Stichting Baronie Leren"),
        ),
        (
            "Basisschool De Regenboog",
            "Regenboogpad 4, Oosterhout",
            "Youssef El Amrani",
            ("Basisschool De Regenboog", "Oosterhout", "Stichting Baronie Leren"),
        ),
        (
            "Samenwerkingsverband Passend Onderwijs Markdal",
            "Nieuwe Kadijk 3, Breda",
            "Esther Willems",
            None,
        ),
        ("Sociaal wijkteam Breda-Noord", "Wijkcentrum Hoge Vucht, Breda", "Koen Verbeek", None),
        (
            "SBO De Wissel",
            "Wisselstraat 9, Etten-Leur",
            "Sanne de Bruijn",
            ("SBO De Wissel", "Etten-Leur", "Stichting Samen Wijzer"),
        ),
    ],
    "Midden": [
        (
            "Kindcentrum De Vlinderboom",
            "Lindelaan 14, Amersfoort",
            "Femke Wolters",
            ("Kindcentrum De Vlinderboom", "Amersfoort", "Stichting Eemkracht"),
        ),
        (
            "Basisschool Het Palet",
            "Schoolstraat 3, Veenendaal",
            "Youssef El Amrani",
            ("Basisschool Het Palet", "Veenendaal", "Stichting Eemkracht"),
        ),
        (
            "Samenwerkingsverband Passend Onderwijs Eemvallei",
            "Stationsplein 8, Amersfoort",
            "Annelies Hoekstra",
            None,
        ),
        (
            "Sociaal wijkteam Amersfoort-Noord",
            "Wijkcentrum De Kruising, Amersfoort",
            "Ruben Smits",
            None,
        ),
        (
            "SBO De Wegwijzer",
            "Vlasakker 21, Leusden",
            "Marloes van Dijk",
            ("SBO De Wegwijzer", "Leusden", "Stichting Samen Wijzer"),
        ),
    ],
}


def hosts_for(cohort):
    """The demo hosts near ``cohort``: (organisation, type, address, theme, description,
    contact, school, slots), one for each of ``VISIT_PROFILES``."""
    hosts = HOSTS_BY_PLACE.get(cohort.place, HOSTS_BY_PLACE["Midden"])
    return [
        (organisation, host_type, address, theme, description, contact, school, slots)
        for (organisation, address, contact, school), (host_type, theme, description, slots) in zip(
            hosts, VISIT_PROFILES, strict=True
        )
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
        ) in hosts_for(cohort):
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
            if host_visit.image_id is None:
                host_visit.image = demo_image(
                    f"Illustratie {organisation}",
                    f"Tekening van het gebouw van {organisation}",
                    draw_building(organisation, (190, 220, 240)),
                    "illustratie-" + "-".join(organisation.lower().split()) + ".png",
                )
                host_visit.image_alt = f"Tekening van het gebouw van {organisation}"
                host_visit.save(update_fields=["image", "image_alt"])
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
