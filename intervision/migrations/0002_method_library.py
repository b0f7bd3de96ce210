"""Ship the three intervision methods every cohort uses: reference data, not demo data.

Coordinators may edit them or add more in the admin; the reverse removes only methods that
no session uses yet.
"""

from django.db import migrations

METHODS = [
    {
        "slug": "incidentmethode",
        "name": "Incidentmethode",
        "summary": (
            "De inbrenger beschrijft een kort, concreet voorval waarin hij of zij niet goed wist wat te doen. "
            "De groep verkent het voorval met vragen en zegt daarna ieder wat hij of zij zelf zou doen."
        ),
        "steps": [
            ("Incident vertellen", "De inbrenger vertelt in een paar minuten wat er gebeurde: wie, wat, waar en "
             "wat deed u zelf? Houd het bij één moment en sluit af bij het punt waarop u moest beslissen.", 5),
            ("Informatieve vragen", "De groep stelt alleen vragen om de situatie te begrijpen (feiten, "
             "omstandigheden). Nog geen adviezen, geen verkapte adviezen als 'heb je al eens ...?'.", 10),
            ("Vraag scherp krijgen", "De inbrenger formuleert de vraag waar het eigenlijk om gaat. De "
             "gespreksleider schrijft de vraag op zodat iedereen hem ziet.", 5),
            ("Wat zou ik doen?", "Ieder schrijft eerst voor zich op wat hij of zij op het beslismoment zou doen en "
             "waarom. Daarna vertelt iedereen om de beurt; de inbrenger luistert en reageert nog niet.", 15),
            ("Wat deed de inbrenger?", "De inbrenger vertelt wat hij of zij werkelijk deed en hoe dat afliep, en "
             "vergelijkt dat met de oplossingen van de groep.", 5),
            ("Lessen en afronding", "Wat neemt de inbrenger mee, wat nemen de anderen mee? Kort nagesprek over "
             "hoe de bespreking verliep.", 5),
        ],
    },
    {
        "slug": "roddelmethode",
        "name": "Roddelmethode",
        "summary": (
            "Na de vragenronde draait de inbrenger zich om en luistert, terwijl de groep vrijuit over de casus "
            "praat alsof de inbrenger er niet bij is. Dat geeft ruimte voor onverwachte hypothesen."
        ),
        "steps": [
            ("Casus inbrengen", "De inbrenger schetst de situatie en de vraag. Gebruik geen namen van leerlingen, "
             "ouders of collega's.", 5),
            ("Verhelderende vragen", "De groep vraagt door tot de situatie helder is. De inbrenger antwoordt kort "
             "en feitelijk.", 10),
            ("Roddelen", "De inbrenger draait de stoel om of zet de camera uit en zegt niets. De groep praat over "
             "de casus in de derde persoon: wat valt op, wat zou er spelen, welke ideeën en adviezen zijn er? "
             "Alles mag genoemd worden; de notulist schrijft mee.", 20),
            ("Reactie van de inbrenger", "De inbrenger draait terug en vertelt wat het luisteren opleverde: wat "
             "herkent u, wat verraste u, wat gaat u doen?", 10),
            ("Afronding", "Korte evaluatie van de methode en van de rollen. De notulist leest de belangrijkste "
             "adviezen voor.", 5),
        ],
    },
    {
        "slug": "balintmethode",
        "name": "Balintmethode",
        "summary": (
            "Een methode die de beleving centraal zet: de groep onderzoekt welke gevoelens en beelden de situatie "
            "oproept, om de relatie tussen inbrenger, leerling en omgeving beter te begrijpen."
        ),
        "steps": [
            ("Vrij vertellen", "De inbrenger vertelt zonder aantekeningen over een situatie die hem of haar bezig "
             "houdt, zoals die zich nu aandient.", 10),
            ("Feitelijke vragen", "De groep stelt alleen vragen naar feiten die nodig zijn om het verhaal te "
             "volgen.", 10),
            ("Beelden en gevoelens", "De inbrenger luistert zwijgend. De groepsleden vertellen welke gevoelens, "
             "beelden en associaties het verhaal bij hen oproept en hoe zij zich in de betrokkenen verplaatsen.",
             20),
            ("Reactie van de inbrenger", "De inbrenger zegt wat hij of zij herkent en wat nieuw is.", 10),
            ("Samen naar de kern", "Groep en inbrenger zoeken samen wat de kern van de situatie is en wat de "
             "inbrenger kan helpen. Pas nu mogen adviezen worden gegeven.", 10),
            ("Afsluiting", "Iedereen zegt in één zin wat de bespreking hem of haar heeft gebracht.", 5),
        ],
    },
]


def add_methods(apps, schema_editor):
    Method = apps.get_model("intervision", "Method")
    MethodStep = apps.get_model("intervision", "MethodStep")
    for data in METHODS:
        method, created = Method.objects.get_or_create(
            slug=data["slug"], defaults={"name": data["name"], "summary": data["summary"]}
        )
        if not created:
            continue
        for order, (title, explanation, minutes) in enumerate(data["steps"]):
            MethodStep.objects.create(
                method=method, sort_order=order, title=title, explanation=explanation, minutes=minutes
            )


def remove_methods(apps, schema_editor):
    Method = apps.get_model("intervision", "Method")
    Method.objects.filter(slug__in=[m["slug"] for m in METHODS], sessions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("intervision", "0001_intervision_groups_sessions_cases")]

    operations = [migrations.RunPython(add_methods, remove_methods)]
