"""Demo content for the course: the training page, seven days, two cohorts, testimonials and
the materials library. Run through ``course.demo.seed``.

Everything is looked up by a stable key (slug, title, name) and updated in place, so running
it again leaves the same state. People and schools are invented.
"""

import datetime
import textwrap
from decimal import Decimal

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from course.models import (
    CohortDay,
    CohortPage,
    CourseDayPage,
    LibraryItem,
    LibraryPage,
    Testimonial,
    TrainingPage,
)
from course.models.pages import COURSE_DAY_COUNT, PRACTICE_DAY_NUMBER

from .pictures import demo_image, draw_portrait

TRAINER_EMAIL = "trainer@example.nl"
PRICE = Decimal("2495.00")

TRAINING_INTRO = (
    "Zeven lesdagen, verspreid over het schooljaar, voor intern begeleiders en "
    "zorgcoördinatoren die de schakel willen zijn tussen de ondersteuning in de school en de "
    "zorg daarbuiten."
)


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


TRAINING_BODY = [
    ("heading", "Waarom deze opleiding?"),
    (
        "paragraph",
        _p(
            "Met passend onderwijs is het werk van de ib'er veranderd. Steeds vaker zit u aan "
            "tafel met ouders, het sociaal wijkteam, de jeugdhulp en het samenwerkingsverband. "
            "Iemand in de school moet die samenwerking overzien en er regie op voeren: de "
            "coördinator passend onderwijs.",
            "Dat vraagt andere kennis, andere vaardigheden en een andere houding. In deze "
            "opleiding werkt u daaraan met collega's uit andere scholen en "
            "samenwerkingsverbanden, en met uw eigen school als oefenterrein.",
        ),
    ),
    ("heading", "Voor wie?"),
    (
        "paragraph",
        _p(
            "Voor intern begeleiders en zorgcoördinatoren in het primair onderwijs, startend of "
            "ervaren. Directeuren zijn welkom om de opleiding samen met hun ib'er te volgen: "
            "zo geeft u de verandering in uw school samen vorm."
        ),
    ),
    ("heading", "Wat leert u?"),
    (
        "paragraph",
        "<ul>"
        "<li>De onderwijsbehoeften van leerlingen in kaart brengen en de ondersteuningsroute "
        "van uw school helder maken.</li>"
        "<li>Leraren ondersteunen bij hulpvragen op groepsniveau.</li>"
        "<li>Een netwerk rond de school opbouwen, externe expertise inschakelen en zorgvuldig "
        "omgaan met privacy.</li>"
        "<li>Leren van goede voorbeelden en van elkaar, in intervisie.</li>"
        "<li>Persoonlijk leiderschap tonen en omgaan met weerstand en verandering.</li>"
        "<li>Een uitvoeringsplan schrijven en presenteren aan directies en het "
        "samenwerkingsverband.</li>"
        "</ul>",
    ),
    ("heading", "Samen met het veld ontwikkeld"),
    (
        "paragraph",
        _p(
            "De opleiding is ontwikkeld in samenwerking met de LBBO (de beroepsvereniging voor "
            "begeleiders in het onderwijs), de PO-Raad en het NCOJ. Zo sluit zij aan bij wat "
            "scholen, besturen en de jeugdhulp van de coördinator verwachten."
        ),
    ),
    ("heading", "Kosten"),
    (
        "paragraph",
        _p(
            "De opleiding kost € 2.495,00 per deelnemer, vrij van btw. Dat is inclusief "
            "lesmateriaal, lunch en de praktijkdag.",
            "Leden van de LBBO krijgen 5% korting op een individuele aanmelding. Vermeld uw "
            "lidmaatschapsnummer in het aanmeldformulier. De korting geldt niet voor "
            "incompany-trajecten.",
        ),
    ),
    ("heading", "Veelgestelde vragen"),
    (
        "faq",
        {
            "question": "Hoeveel tijd kost de opleiding naast de lesdagen?",
            "answer": _p(
                "Reken op ongeveer vier uur per maand voor voorbereiding, leesopdrachten en het "
                "werken aan uw uitvoeringsplan."
            ),
        },
    ),
    (
        "faq",
        {
            "question": "Geldt de LBBO-korting ook als ons bestuur een groep aanmeldt?",
            "answer": _p(
                "Nee. De korting van 5% geldt alleen voor individuele aanmeldingen, niet voor "
                "incompany-trajecten."
            ),
        },
    ),
    (
        "faq",
        {
            "question": "Wat als ik een lesdag mis?",
            "answer": _p(
                "Overleg met de trainer. U kunt de dag soms inhalen in een andere groep, of u "
                "krijgt een vervangende opdracht."
            ),
        },
    ),
    (
        "faq",
        {
            "question": "Kan ik als directeur meedoen?",
            "answer": _p(
                "Ja. Directeuren die samen met hun ib'er deelnemen, merken dat de verandering "
                "in de school sneller op gang komt."
            ),
        },
    ),
]

STANDARD_PROGRAMME = [
    ("09:30", "Inloop met koffie en thee"),
    ("10:00", "Terugblik en vragen uit de praktijk"),
    ("10:30", "Inhoudelijk deel: {theme}"),
    ("12:30", "Lunch"),
    ("13:15", "Werken aan casussen uit de eigen school"),
    ("15:15", "Vertaling naar het uitvoeringsplan"),
    ("16:00", "Afsluiting"),
]

COURSE_DAYS = [
    {
        "number": 1,
        "slug": "dag-1-passend-onderwijs-nu",
        "theme": "Passend onderwijs nu: van ib'er naar coördinator",
        "intro": "Waar staat passend onderwijs, wat veranderde er met de transitie van de "
        "jeugdzorg, en welke rol spelen het samenwerkingsverband en de ib'er als coördinator?",
        "goals": [
            "U kent de actuele ontwikkelingen rond passend onderwijs en de jeugdhulp.",
            "U weet hoe uw samenwerkingsverband werkt: arrangementen aanvragen of zelf inkopen.",
            "U beschrijft uw huidige rol en de rol die u als coördinator wilt gaan vervullen.",
        ],
        "preparation": "Zoek het ondersteuningsplan van uw samenwerkingsverband op en noteer "
        "drie vragen die het bij u oproept.",
    },
    {
        "number": 2,
        "slug": "dag-2-onderwijsbehoeften-en-ondersteuningsroute",
        "theme": "Onderwijsbehoeften en de ondersteuningsroute",
        "intro": "Van signaal naar passende ondersteuning: hoe brengt u onderwijsbehoeften in "
        "kaart en hoe helder is de ondersteuningsroute van uw school?",
        "goals": [
            "U formuleert onderwijsbehoeften concreet en handelingsgericht.",
            "U brengt de ondersteuningsroute van uw school in beeld, van signaal tot arrangement.",
            "U ziet waar de route hapert en wie daarover beslist.",
        ],
        "preparation": "Neem de beschrijving van de ondersteuningsroute van uw school mee, of "
        "teken de route zoals die in de praktijk loopt.",
    },
    {
        "number": 3,
        "slug": "dag-3-de-leraar-en-hulpvragen-op-groepsniveau",
        "theme": "De rol van de leraar en hulpvragen op groepsniveau",
        "intro": "De leraar maakt het verschil in de groep. Hoe ondersteunt u leraren bij "
        "hulpvragen die de hele groep raken?",
        "goals": [
            "U voert een coachend gesprek met een leraar over een hulpvraag op groepsniveau.",
            "U kent werkvormen voor groepsbesprekingen die leraren in hun kracht zetten.",
            "U verbindt groepsplannen met de ondersteuningsroute.",
        ],
        "preparation": "Kies een groep in uw school met een duidelijke hulpvraag en vraag de "
        "leraar wat hij of zij nodig heeft.",
    },
    {
        "number": 4,
        "slug": "dag-4-het-netwerk-rond-de-school",
        "theme": "Het netwerk rond de school, externe expertise en privacy",
        "intro": "Wie zijn uw partners buiten de school, hoe schakelt u hen op tijd in, en wat "
        "mag u delen zonder de privacy van leerlingen en ouders te schaden?",
        "goals": [
            "U brengt het netwerk rond uw school in kaart, met wijkteam en jeugdhulp.",
            "U weet wanneer en hoe u externe expertise inschakelt.",
            "U kent de regels van de AVG voor het delen van gegevens over leerlingen.",
        ],
        "preparation": "Maak een lijst van de externe partners met wie uw school het afgelopen "
        "jaar contact had, en hoe dat contact verliep.",
    },
    {
        "number": 5,
        "slug": "dag-5-praktijkdag",
        "theme": "Praktijkdag: goede voorbeelden en intervisie",
        "intro": "Op de praktijkdag bezoekt u scholen en partners waar de samenwerking tussen "
        "onderwijs en zorg goed loopt, en bespreekt u uw eigen vragen in intervisie.",
        "goals": [
            "U ziet hoe andere scholen de samenwerking met de zorg hebben georganiseerd.",
            "U brengt een eigen casus in volgens een vaste intervisiemethode.",
            "U neemt ten minste één idee mee dat u in uw school gaat uitproberen.",
        ],
        "preparation": "Bereid een korte casus voor uit uw eigen praktijk, zonder namen of "
        "andere gegevens waaraan een leerling te herkennen is.",
        "programme": [
            ("09:00", "Ontvangst op de gastschool"),
            ("09:30", "Bezoek aan een goed voorbeeld, in kleine groepen"),
            ("12:00", "Lunch en uitwisseling"),
            ("13:00", "Intervisie in vaste groepen"),
            ("15:30", "Wat neem ik mee?"),
            ("16:00", "Afsluiting"),
        ],
    },
    {
        "number": 6,
        "slug": "dag-6-persoonlijk-leiderschap",
        "theme": "Persoonlijk leiderschap, weerstand en verandering",
        "intro": "Als coördinator hebt u een voorbeeldrol. Hoe vult u die in, en hoe gaat u om "
        "met weerstand bij collega's en partners?",
        "goals": [
            "U kent uw eigen stijl van leidinggeven zonder formele positie.",
            "U herkent vormen van weerstand en reageert er oplossingsgericht op.",
            "U plant de volgende stap van de verandering in uw school.",
        ],
        "preparation": "Beschrijf een situatie waarin een verandering in uw school vastliep. "
        "Wat gebeurde er, en wat deed u?",
    },
    {
        "number": 7,
        "slug": "dag-7-eindopdracht-uitvoeringsplan",
        "theme": "Eindopdracht: het uitvoeringsplan presenteren",
        "intro": "U presenteert uw uitvoeringsplan aan directies en vertegenwoordigers van het "
        "samenwerkingsverband, en krijgt feedback van medecursisten en trainers.",
        "goals": [
            "U presenteert helder hoe u passend onderwijs in uw school verder wilt ontwikkelen.",
            "U gaat in gesprek over haalbaarheid en steun met directie en samenwerkingsverband.",
            "U geeft en ontvangt feedback op de plannen van medecursisten.",
        ],
        "preparation": "Lever uw uitvoeringsplan een week voor deze dag in en nodig uw "
        "directeur uit voor de presentatie.",
        "programme": [
            ("09:30", "Inloop"),
            ("10:00", "Presentaties van de uitvoeringsplannen, ronde 1"),
            ("12:00", "Lunch met directies en gasten van het samenwerkingsverband"),
            ("13:00", "Presentaties, ronde 2"),
            ("15:00", "Feedback en evaluatie van de opleiding"),
            ("16:00", "Uitreiking van de certificaten"),
        ],
    },
]

COHORTS = [
    {
        "slug": "zwolle-2027",
        "title": "Groep Zwolle 2027",
        "region": "Overijssel",
        "place": "Zwolle",
        "capacity": 20,
        "registration_opens": datetime.date(2026, 10, 1),
        "registration_closes": datetime.date(2027, 1, 4),
        "free_cancellation_until": datetime.date(2026, 12, 14),
        "venue": ("Vergadercentrum De Vechtoever", "Oeverweg 12, 8011 ZW Zwolle"),
        "practice_venue": ("Kindcentrum De Wilgenhof (gastschool)", "Wilgenlaan 3, 8022 ZW Zwolle"),
        "dates": [
            datetime.date(2027, 1, 14),
            datetime.date(2027, 2, 11),
            datetime.date(2027, 3, 18),
            datetime.date(2027, 4, 15),
            datetime.date(2027, 5, 20),
            datetime.date(2027, 6, 10),
            datetime.date(2027, 7, 1),
        ],
    },
    {
        "slug": "breda-2027",
        "title": "Groep Breda 2027",
        "region": "Brabant",
        "place": "Breda",
        "capacity": 18,
        "registration_opens": datetime.date(2026, 10, 15),
        "registration_closes": datetime.date(2027, 1, 12),
        "free_cancellation_until": datetime.date(2026, 12, 22),
        "venue": ("Zalencentrum Het Singelhuis", "Singelpad 40, 4811 BR Breda"),
        "practice_venue": ("Basisschool De Vlonder (gastschool)", "Vlonderstraat 8, 4822 BR Breda"),
        "dates": [
            datetime.date(2027, 1, 26),
            datetime.date(2027, 2, 23),
            datetime.date(2027, 3, 30),
            datetime.date(2027, 4, 20),
            datetime.date(2027, 5, 25),
            datetime.date(2027, 6, 15),
            datetime.date(2027, 7, 6),
        ],
    },
]

TESTIMONIALS = [
    {
        "name": "Marloes de Wit",
        "function": "intern begeleider en wijk-ib'er",
        "school": "Kindcentrum De Boomgaard, Deventer",
        "colour": (11, 83, 148),
        "why": "Mijn werk is de afgelopen jaren veel breder geworden. Ik wilde niet alleen "
        "meebewegen, maar zelf sturen op hoe onze school met de zorg samenwerkt.",
        "role": "Spannend en mooi. Ik zit niet meer alleen met de leraar om tafel, maar met "
        "ouders, het wijkteam en soms de jeugdarts. Eén kind, één plan: daar doe ik het voor.",
        "challenge": "Tijd vinden voor overleg terwijl iedereen het druk heeft. De opleiding "
        "hielp me om scherper te kiezen welke overleggen echt nodig zijn.",
    },
    {
        "name": "Youssef Benali",
        "function": "leraar groep 7 en startend ib'er",
        "school": "Basisschool Het Zeil, Tilburg",
        "colour": (30, 107, 52),
        "why": "Ik ben net begonnen als ib'er naast mijn werk in de groep. Deze opleiding gaf me "
        "in één jaar de kennis en het netwerk waar ik anders veel langer over had gedaan.",
        "role": "Ik ben de spin in het web geworden. Dat voelt soms groot, maar met de "
        "specialisten in ons team doen we het echt samen.",
        "challenge": "De wachttijden in de jeugdhulp. Ik leer nu hoe we als school in de "
        "tussentijd toch iets kunnen betekenen voor leerling en leraar.",
    },
    {
        "name": "Hanneke Verhoef",
        "function": "directeur",
        "school": "Basisschool De Speelwei, Oss",
        "colour": (181, 68, 11),
        "why": "Ik volg de opleiding samen met onze ib'er. Zo kan ik haar de ruimte geven die "
        "ze nodig heeft en bouwen we samen aan de ondersteuning in onze school.",
        "role": "De ib'er werkt meer preventief en overlegt veel met partners buiten de school. "
        "Het is een verantwoordelijke functie die steun van de directie verdient.",
        "challenge": "School, ouders en jeugdhulp vroeg genoeg samen aan tafel krijgen. Pas dan "
        "voorkomen we dat problemen groter worden.",
    },
]

LIBRARY_INTRO = (
    "<p>Artikelen, handreikingen en werkbladen bij de opleiding. Iedereen kan zien wat er in de "
    "materialenbank staat; een deel is alleen te openen voor deelnemers met een bevestigde "
    "plaats.</p>"
)

LIBRARY_ITEMS = [
    {
        "title": "Het samenwerkingsverband in het kort",
        "summary": "Wat doet een samenwerkingsverband, hoe komt het geld bij de school, en wat "
        "betekent dat voor de ib'er?",
        "day": 1,
        "tags": ["samenwerkingsverband", "passend onderwijs"],
        "participants_only": False,
        "body": _p(
            "Elk samenwerkingsverband is een regionale organisatie van schoolbesturen. Samen "
            "zorgen zij dat iedere leerling een passende plek krijgt.",
            "Sommige samenwerkingsverbanden laten scholen arrangementen aanvragen; andere geven "
            "het geld aan de scholen, die zelf ondersteuning inkopen. Beide hebben voor- en "
            "nadelen. Weet hoe het in uw regio werkt: daar begint uw regie.",
        ),
    },
    {
        "title": "Handreiking: de ondersteuningsroute in vijf stappen",
        "summary": "Een praktisch stappenplan van signaal tot arrangement, met vragen om de "
        "route in uw eigen school te toetsen.",
        "day": 2,
        "tags": ["ondersteuningsroute"],
        "participants_only": False,
        "document": (
            "handreiking-ondersteuningsroute.pdf",
            [
                "Handreiking: de ondersteuningsroute in vijf stappen",
                "",
                "1. Signaleren: de leraar merkt dat een leerling meer nodig heeft.",
                "2. Analyseren: leraar en ib'er beschrijven de onderwijsbehoeften.",
                "3. Handelen in de groep: wat kan de leraar zelf, met steun van de ib'er?",
                "4. Overleg met ouders en partners: wie doet wat, wie heeft de regie?",
                "5. Arrangement: extra ondersteuning via school of samenwerkingsverband.",
                "",
                "Toetsvraag: weet iedere leraar in uw school welke stap nu aan de beurt is?",
            ],
        ),
    },
    {
        "title": "Checklist privacy bij overleg met externe partners",
        "summary": "Wat mag u delen met het wijkteam of de jeugdhulp, met wiens toestemming, "
        "en hoe legt u dat vast?",
        "day": 4,
        "tags": ["privacy", "netwerk"],
        "participants_only": True,
        "document": (
            "checklist-privacy-overleg.pdf",
            [
                "Checklist privacy bij overleg met externe partners",
                "",
                "- Hebben de ouders toestemming gegeven voor dit overleg?",
                "- Deelt u alleen wat nodig is voor het doel van het overleg?",
                "- Gebruikt u geen BSN of andere nummers in verslagen?",
                "- Staat het verslag op een beveiligde plek, niet in de mail?",
                "- Weten de ouders wat er met de gegevens gebeurt?",
            ],
        ),
    },
    {
        "title": "Intervisie volgens de incidentmethode",
        "summary": "De stappen van de incidentmethode, met de rollen van casusinbrenger, "
        "gespreksleider en notulist. Voor de praktijkdag.",
        "day": 5,
        "tags": ["intervisie"],
        "participants_only": True,
        "text": (
            "intervisie-incidentmethode.txt",
            "Intervisie volgens de incidentmethode\n\n"
            "Rollen: casusinbrenger, gespreksleider, notulist.\n\n"
            "1. De casusinbrenger beschrijft kort een incident uit de eigen praktijk.\n"
            "2. De groep stelt informatieve vragen; nog geen adviezen.\n"
            "3. Iedereen bedenkt voor zichzelf hoe hij of zij zou handelen.\n"
            "4. De casusinbrenger vertelt wat er werkelijk gebeurde.\n"
            "5. Samen bespreken: wat leren we hiervan?\n\n"
            "Let op: noem geen namen van leerlingen of ouders.\n",
        ),
    },
    {
        "title": "Tien gespreksopeners bij weerstand",
        "summary": "Zinnen die helpen om een vastgelopen gesprek met een collega of partner "
        "weer op gang te brengen.",
        "day": 6,
        "tags": ["leiderschap", "verandering"],
        "participants_only": False,
        "document": (
            "gespreksopeners-bij-weerstand.pdf",
            [
                "Tien gespreksopeners bij weerstand",
                "",
                "1. Wat maakt dat dit voor jou zo belangrijk is?",
                "2. Wat zou je nodig hebben om het te proberen?",
                "3. Wat werkt nu al goed, en wat willen we houden?",
                "4. Stel dat het lukt: wat merk je dan als eerste?",
                "5. Waar maak je je de meeste zorgen over?",
                "6. Wat heb je eerder gezien dat wel werkte?",
                "7. Wie zou ons hierbij kunnen helpen?",
                "8. Wat is een kleine eerste stap?",
                "9. Hoe kan ik je daarbij ondersteunen?",
                "10. Wanneer kijken we samen terug?",
            ],
        ),
    },
    {
        "title": "Format uitvoeringsplan",
        "summary": "Het format voor de eindopdracht, met de onderdelen die de trainers bij de "
        "beoordeling gebruiken.",
        "day": 7,
        "tags": ["eindopdracht"],
        "participants_only": True,
        "text": (
            "format-uitvoeringsplan.txt",
            "Format uitvoeringsplan\n\n"
            "1. Uitgangssituatie: hoe is de ondersteuning nu georganiseerd?\n"
            "2. Ambitie: waar wilt u over twee jaar staan?\n"
            "3. Acties: wat doet u, met wie, wanneer?\n"
            "4. Draagvlak: hoe betrekt u team, directie en partners?\n"
            "5. Evaluatie: hoe weet u dat het werkt?\n\n"
            "Schrijf over de school, niet over individuele leerlingen.\n",
        ),
    },
]


def seed_course_content(home_page):
    """Create or update the course's public content under ``home_page``.

    Returns the training page. Needs the demo trainer to exist for the cohorts' trainers.
    """
    training = _upsert_page(
        home_page,
        TrainingPage,
        "opleiding",
        title="De opleiding",
        seo_title="Opleiding Coördinator passend onderwijs",
        search_description=TRAINING_INTRO,
        show_in_menus=True,
        intro=TRAINING_INTRO,
        body=TRAINING_BODY,
    )
    days = {spec["number"]: _course_day(training, spec) for spec in COURSE_DAYS}
    _upsert_page(
        training,
        LibraryPage,
        "materialenbank",
        title="Materialenbank",
        search_description="Artikelen, handreikingen en werkbladen bij de opleiding.",
        intro=LIBRARY_INTRO,
    )
    trainer = _demo_trainer()
    for spec in COHORTS:
        _cohort(training, spec, trainer)
    for position, spec in enumerate(TESTIMONIALS):
        _testimonial(spec, position)
    for spec in LIBRARY_ITEMS:
        _library_item(spec, days)
    return training


def _upsert_page(parent, model, slug, **fields):
    """The live child of ``parent`` with ``slug``, created or updated and published."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    page.save_revision().publish()
    return page


def _course_day(training, spec):
    programme = spec.get("programme") or [
        (time, activity.format(theme=spec["theme"].lower()))
        for time, activity in STANDARD_PROGRAMME
    ]
    return _upsert_page(
        training,
        CourseDayPage,
        spec["slug"],
        title=f"Dag {spec['number']}: {spec['theme']}",
        number=spec["number"],
        theme=spec["theme"],
        intro=spec["intro"],
        search_description=spec["intro"],
        learning_goals=[("goal", goal) for goal in spec["goals"]],
        programme=[("item", {"time": time, "activity": activity}) for time, activity in programme],
        preparation=_p(spec["preparation"]),
    )


def _demo_trainer():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email=TRAINER_EMAIL).first()


def _cohort(training, spec, trainer):
    page = CohortPage.objects.child_of(training).filter(slug=spec["slug"]).first()
    fields = {
        "title": spec["title"],
        "region": spec["region"],
        "place": spec["place"],
        "capacity": spec["capacity"],
        "price": PRICE,
        "registration_opens": spec["registration_opens"],
        "registration_closes": spec["registration_closes"],
        "free_cancellation_until": spec["free_cancellation_until"],
    }
    created = page is None
    if created:
        page = CohortPage(slug=spec["slug"], **fields)
    else:
        for name, value in fields.items():
            setattr(page, name, value)

    # Update days in place (matched by number) so their ids, and anything pointing at
    # them such as attendance, survive a second run.
    existing = {day.number: day for day in page.days.all()} if not created else {}
    days = []
    for number, date in enumerate(spec["dates"], start=1):
        practice_day = number == PRACTICE_DAY_NUMBER
        venue_name, venue_address = spec["practice_venue" if practice_day else "venue"]
        day = existing.get(number) or CohortDay(number=number)
        day.date = date
        day.starts_at = datetime.time(9, 0) if practice_day else datetime.time(9, 30)
        day.ends_at = datetime.time(16, 30) if number == COURSE_DAY_COUNT else datetime.time(16, 0)
        day.venue_name = venue_name
        day.venue_address = venue_address
        day.sort_order = number
        days.append(day)
    page.days = days
    page.trainers = [trainer] if trainer else []

    if created:
        training.add_child(instance=page)
    page.save_revision().publish()
    return page


def _testimonial(spec, position):
    alt = f"Getekend portret van {spec['name']}"
    photo = demo_image(
        f"Illustratie {spec['name']}",
        alt,
        draw_portrait(spec["name"], spec["colour"]),
        "illustratie-" + "-".join(spec["name"].lower().split()) + ".png",
    )
    Testimonial.objects.update_or_create(
        name=spec["name"],
        defaults={
            "function": spec["function"],
            "school": spec["school"],
            "photo": photo,
            "photo_alt": alt,
            "why_this_training": spec["why"],
            "view_on_new_role": spec["role"],
            "biggest_challenge": spec["challenge"],
            "sort_order": position,
        },
    )


def _document(title, filename, content):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is not None:
        return document
    document = Document(title=title, file=ContentFile(content, name=filename))
    document._set_document_file_metadata()
    document.save()
    return document


def _library_item(spec, days):
    document = None
    if "document" in spec:
        filename, lines = spec["document"]
        document = _document(spec["title"], filename, simple_pdf(lines))
    elif "text" in spec:
        filename, text = spec["text"]
        document = _document(spec["title"], filename, text.encode())
    item, _ = LibraryItem.objects.update_or_create(
        title=spec["title"],
        defaults={
            "summary": spec["summary"],
            "course_day": days.get(spec["day"]),
            "participants_only": spec["participants_only"],
            "document": document,
            "body": spec.get("body", ""),
        },
    )
    item.tags.set(spec["tags"])
    item.save()
    return item


def simple_pdf(lines):
    """A one-page A4 PDF with ``lines`` of Helvetica text; enough for a demo handout."""

    def escape(text):
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = ["BT", "/F1 11 Tf", "15 TL", "56 786 Td"]
    for line in lines:
        for part in textwrap.wrap(line, 90) or [""]:
            content.append(f"({escape(part)}) '")
    content.append("ET")
    stream = "\n".join(content).encode("cp1252", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out
