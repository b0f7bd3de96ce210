"""The terms page: which page the registration form links to, and its demo text."""

from django.utils.text import slugify


def terms_page_for(request):
    """The live terms page chosen in ``SiteConfig`` for ``request``'s site, or None.

    Kept per content version in process memory (``website.content``), with the site and
    Wagtail's site root paths on the request, so ``{% pageurl %}`` needs no query either.
    """
    from .content import memo, site_root_paths, site_setting
    from .models import SiteConfig

    config = site_setting(request, SiteConfig)
    site_root_paths(request)

    def build():
        page = config.terms_page
        return page if page is not None and page.live else None

    return memo(request, "terms_page", build, config.pk)


TERMS_TITLE = "Algemene voorwaarden, annulering en privacy"
TERMS_SLUG = slugify("voorwaarden")
TERMS_INTRO = (
    "Deze voorwaarden gelden voor elke aanmelding voor de opleiding Coördinator passend "
    "onderwijs. Lees ze voordat u zich aanmeldt; met het vinkje op het aanmeldformulier "
    "gaat u ermee akkoord."
)
TERMS_BODY = [
    ("heading", "Algemene voorwaarden"),
    (
        "paragraph",
        "<p>Uw aanmelding is definitief zodra u haar hebt bevestigd en uw e-mailadres is "
        "bevestigd. U ontvangt dan een bevestiging per e-mail. De opleiding bestaat uit zeven "
        "lesdagen; voor het certificaat woont u ten minste zes lesdagen bij en rondt u het "
        "uitvoeringsplan af.</p>"
        "<p>De prijs staat bij de groep vermeld en is vrijgesteld van btw. Leden van de LBBO "
        "krijgen korting op een individuele aanmelding; wij controleren het lidmaatschapsnummer "
        "bij de LBBO. Staat het nummer niet op de ledenlijst, dan vervalt de korting en "
        "krijgt u bericht. Betaalt uw school of bestuur, dan sturen wij de factuur naar het "
        "factuuradres dat u opgaf.</p>",
    ),
    ("heading", "Annuleren"),
    (
        "paragraph",
        "<p>Tot de datum die bij de groep als 'kosteloos annuleren tot' staat vermeld, "
        "annuleert u zonder kosten via 'Mijn aanmeldingen'. Daarna neemt u contact op met "
        "de opleidingscoördinator; u mag dan een collega in uw plaats laten deelnemen.</p>"
        "<p>Staat u op de wachtlijst en komt er een plaats vrij, dan krijgt u een aanbod per "
        "e-mail. Neemt u het niet binnen de genoemde termijn aan, dan gaat de plaats naar de "
        "volgende op de wachtlijst. Van de wachtlijst afgaan kan altijd, zonder kosten.</p>",
    ),
    ("heading", "Privacyverklaring"),
    (
        "paragraph",
        "<p>Wij verwerken uw naam, e-mailadres, functie, school en factuurgegevens om uw "
        "aanmelding, de lesdagen en de facturering te regelen, op grond van de overeenkomst "
        "die u met uw aanmelding sluit. Trainers zien alleen de gegevens van deelnemers in "
        "hun eigen groepen.</p>"
        "<p>Casussen en uitvoeringsplannen gaan over de school, nooit over herkenbare "
        "leerlingen: de site waarschuwt als u een BSN, geboortedatum of naam van een leerling "
        "lijkt te noemen. Intervisieverslagen worden na afloop van de opleiding verwijderd.</p>"
        "<p>Op 'Mijn gegevens' bij uw profiel ziet en downloadt u alles wat wij van u "
        "bewaren. Wilt u dat wij uw gegevens wissen, vraag het de opleidingscoördinator; "
        "bedragen van facturen bewaren wij zonder uw naam zolang de wet dat eist.</p>",
    ),
]
