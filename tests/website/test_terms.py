"""The terms page (terms and conditions, cancellation, privacy) is a Wagtail page that the
registration form links to, chosen in the site configuration."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site

from tests.factories import CohortPageFactory
from website.models import InformationPage, SiteConfig

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms_page(home_page):
    page = InformationPage(title="Voorwaarden", slug="voorwaarden-test", intro="Lees dit.")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    config = SiteConfig.for_site(Site.objects.get(is_default_site=True))
    config.terms_page = page
    config.save()
    return page


def test_the_registration_form_links_to_the_chosen_terms_page(client, participant, terms_page):
    cohort = CohortPageFactory()
    client.force_login(participant)
    html = client.get(reverse("registration:register", args=[cohort.pk])).content.decode()
    assert f'href="{terms_page.url}"' in html
    assert client.get(terms_page.url).status_code == 200


def test_an_unpublished_terms_page_is_not_linked(client, participant, terms_page):
    terms_page.unpublish()
    client.force_login(participant)
    html = client.get(
        reverse("registration:register", args=[CohortPageFactory().pk])
    ).content.decode()
    assert 'id="terms-link"' not in html


def test_the_demo_seeding_creates_the_terms_page_and_links_it(client, participant):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    config = SiteConfig.for_site(Site.objects.get(is_default_site=True))
    page = config.terms_page.specific
    assert isinstance(page, InformationPage) and page.live
    html = client.get(page.url).content.decode()
    for heading in ("Algemene voorwaarden", "Annuleren", "Privacyverklaring"):
        assert heading in html
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # idempotent
    assert InformationPage.objects.count() == 1
