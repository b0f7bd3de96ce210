"""Fill the site with demo content and demo people. Safe to run again and again.

The website's own part (home page, site settings, one demo user per role) is made here;
then every installed app's ``demo`` module runs its ``seed(stdout)``, in INSTALLED_APPS
order (the convention is documented in course/hooks.py, ``DEMO_MODULE``).
"""

from importlib import import_module

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import module_has_submodule
from wagtail.models import Page, Site

from website.links import default_site_address
from website.models import HomePage, InformationPage, Role, SiteConfig, User
from website.services import find_or_create_board, find_or_create_school
from website.terms import TERMS_BODY, TERMS_INTRO, TERMS_SLUG, TERMS_TITLE

DEMO_PASSWORD = "oefenen-2026"
LOCMEM_MAIL = "django.core.mail.backends.locmem.EmailBackend"

# Invented people and schools; none of them appear in the source articles.
DEMO_USERS = [
    {
        "email": "deelnemer@example.nl",
        "full_name": "Noor Verbeek",
        "function": User.Function.INTERNAL_COORDINATOR,
        "school": ("Basisschool De Klimop", "Zwolle", "31KL00", "Stichting Kindkracht"),
        "role": Role.PARTICIPANT,
    },
    {
        "email": "directeur@example.nl",
        "full_name": "Bram Oosterhuis",
        "function": User.Function.DIRECTOR,
        "school": ("Basisschool De Klimop", "Zwolle", "31KL00", "Stichting Kindkracht"),
        "role": Role.PARTICIPANT,
    },
    {
        "email": "trainer@example.nl",
        "full_name": "Joost Hermans",
        "function": User.Function.OTHER,
        "school": None,
        "role": Role.TRAINER,
    },
    {
        "email": "coordinator@example.nl",
        "full_name": "Ingrid Bakker",
        "function": User.Function.OTHER,
        "school": None,
        "role": Role.COORDINATOR,
    },
]

HOME_INTRO = (
    "Sinds de invoering van passend onderwijs is de intern begeleider steeds vaker de schakel "
    "tussen de ondersteuning in de school en de zorg daarbuiten. In zeven lesdagen, verspreid "
    "over een schooljaar, groeit u van ib'er of zorgcoördinator naar coördinator passend onderwijs."
)

HOME_BODY = [
    ("heading", "Voor wie is de opleiding?"),
    (
        "paragraph",
        "<p>Voor intern begeleiders en zorgcoördinatoren in het primair onderwijs die de regie "
        "willen nemen over de ondersteuning in hun school en de samenwerking met het "
        "samenwerkingsverband, het sociaal wijkteam en de jeugdhulp. Directeuren volgen de "
        "module regelmatig samen met hun ib'er: zo werkt u als team aan dezelfde verandering.</p>",
    ),
    ("heading", "Wat leert u?"),
    (
        "paragraph",
        "<p>U verdiept zich in de onderwijsbehoeften van leerlingen en de ondersteuningsroute "
        "van uw school, in de rol van de leraar en hulpvragen op groepsniveau, en in het netwerk "
        "rond de school: externe expertise inschakelen en zorgvuldig omgaan met privacy. Op de "
        "praktijkdag bezoekt u goede voorbeelden en doet u aan intervisie. U werkt aan persoonlijk "
        "leiderschap en het omgaan met weerstand, en u sluit af met een uitvoeringsplan voor uw "
        "eigen school, dat u presenteert aan directies en het samenwerkingsverband.</p>",
    ),
    ("heading", "Korting voor leden van de LBBO"),
    (
        "paragraph",
        "<p>Leden van de LBBO krijgen 5% korting wanneer zij zich individueel aanmelden en hun "
        "lidmaatschapsnummer in het aanmeldformulier vermelden. Voor incompany-trajecten geldt "
        "deze korting niet.</p>",
    ),
]


class Command(BaseCommand):
    help = "Create or update the demo content and demo users (idempotent)."

    def handle(self, *args, **options):
        # The demo's own events (grades released, guests invited, places confirmed) mail the
        # demo people after commit; those mails are kept in memory, so the terminal shows
        # the logins and not thirty invented emails. The site's mails are printed as before.
        with override_settings(MAILERS={"default": {"BACKEND": LOCMEM_MAIL}}):
            users = self.seed()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write("Demo logins (password for all: %s):" % DEMO_PASSWORD)
        for spec, user in zip(DEMO_USERS, users, strict=True):
            self.stdout.write(f"  {spec['role'].label:<22} {user.email}")

    @transaction.atomic
    def seed(self):
        home = self.home_page()
        self.site_config(home, self.terms_page(home))
        users = [self.demo_user(spec) for spec in DEMO_USERS]
        for app_config in apps.get_app_configs():
            if module_has_submodule(app_config.module, "demo"):
                import_module(f"{app_config.name}.demo").seed(self.stdout)
        return users

    def home_page(self):
        root = Page.get_first_root_node()
        home = HomePage.objects.first()
        if home is None:
            home = HomePage(title="Coördinator passend onderwijs", slug="home-nl")
            root.add_child(instance=home)
        home.title = "Coördinator passend onderwijs"
        home.seo_title = "Opleiding Coördinator passend onderwijs"
        home.search_description = HOME_INTRO
        home.intro = HOME_INTRO
        home.body = HOME_BODY
        home.save_revision().publish()

        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            hostname, port = default_site_address()
            site = Site(hostname=hostname, port=port, is_default_site=True)
        site.root_page = home
        site.site_name = "Coördinator passend onderwijs"
        site.save()

        # Wagtail's "Welcome to your new Wagtail site!" placeholder.
        for page in root.get_children().exclude(pk=home.pk).not_type(HomePage):
            is_site_root = Site.objects.filter(root_page=page).exists()
            if not page.get_children().exists() and not is_site_root:
                page.delete()
        return home

    def terms_page(self, home):
        """The terms, cancellation and privacy page the registration form links to."""
        page = InformationPage.objects.child_of(home).filter(slug=TERMS_SLUG).first()
        if page is None:
            page = InformationPage(slug=TERMS_SLUG, title=TERMS_TITLE)
            home.add_child(instance=page)
        page.title = TERMS_TITLE
        page.intro = TERMS_INTRO
        page.body = TERMS_BODY
        page.save_revision().publish()
        return page

    def site_config(self, home, terms_page):
        config = SiteConfig.for_site(Site.objects.get(root_page=home))
        config.terms_page = terms_page
        config.contact_email = "opleidingen@example.nl"
        config.contact_phone = "030 123 45 67"
        config.provider_name = "Academie Passend Leren"
        config.save()

    def demo_user(self, spec):
        school = None
        if spec["school"]:
            name, place, code, board_name = spec["school"]
            board = find_or_create_board(board_name, place)
            school = find_or_create_school(name, place, code, board)
        user, _ = User.objects.update_or_create(
            email=spec["email"],
            defaults={
                "full_name": spec["full_name"],
                "function": spec["function"],
                "school": school,
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=spec["role"])])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        return user
