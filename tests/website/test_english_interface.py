"""The English interface is complete (issue 15): key pages rendered in English hold no
Dutch of ours. Editorial content (titles, names, places) is the editors' own language, so the
test gives its content English names and looks only at the interface around it."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from course.services.registration import cancel_registration
from tests.factories import (
    CohortDayFactory,
    CohortPageFactory,
    ParticipantFactory,
    RegistrationFactory,
    TrainingPageFactory,
)
from website.models import User

pytestmark = pytest.mark.django_db

# Words that are Dutch and never English: one of them in the interface is an untranslated
# string. ("of", "die", "is", "we" are left out: English has them too.)
DUTCH = re.compile(
    r"\b(de|het|een|van|voor|uw|mijn|niet|naar|bij|met|zijn|wordt|deze|dit|geen|nog|ook|"
    r"wilt|hebt|heeft|opleiding|aanmelden|aanmelding|aanmeldingen|inloggen|uitloggen|groep|"
    r"lesdag|bevestigd|wachtlijst|plaatsen|gegevens|terug|zoeken|intern|begeleider|"
    r"zorgcoördinator|bijeenkomst|maandag|dinsdag|woensdag|donderdag|vrijdag|januari|"
    r"februari|maart|mei|juni|juli|augustus|oktober|ma|di|wo|do|vr|za|zo)\b",
    re.IGNORECASE,
)


def visible_text(html):
    html = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", html)
    html = re.sub(r'(?is)<option value="nl"[^>]*>.*?</option>', " ", html)  # "Nederlands"
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(text.split())


def dutch_in(text, content=()):
    for value in content:
        text = text.replace(value, " ")
    return sorted({m.group(0) for m in DUTCH.finditer(text)})


@pytest.fixture
def english_site(client, home_page):
    home_page.title = "Inclusive education coordinator"
    home_page.save()
    training = TrainingPageFactory(title="The training", intro="Seven days.", slug="training")
    cohort = CohortPageFactory(
        parent=training, title="Cohort North", slug="north", region="North", place="Zwolle"
    )
    CohortDayFactory(cohort=cohort, number=1, venue_name="Hall", venue_address="Street 1")
    person = ParticipantFactory(full_name="Anna Smith", function=User.Function.CARE_COORDINATOR)
    person.school.name, person.school.place = "Sunny School", "Zwolle"
    person.school.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return {"cohort": cohort, "person": person, "training": training}


def get_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<html lang="en"' in html
    return visible_text(html)


CONTENT = [
    "Inclusive education coordinator",
    "Cohort North",
    "Anna Smith",
    "Sunny School",
    "Zwolle",
]


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_the_account_pages_have_no_dutch_in_english(client, english_site, name):
    assert dutch_in(get_text(client, reverse(name)), CONTENT) == []


def test_the_public_pages_have_no_dutch_in_english(client, english_site):
    for url in ["/", english_site["training"].url, english_site["cohort"].url]:
        assert dutch_in(get_text(client, url), CONTENT) == [], url


def test_mijn_opleiding_and_the_profile_have_no_dutch_in_english(client, english_site):
    person, cohort = english_site["person"], english_site["cohort"]
    RegistrationFactory(participant=person, cohort=cohort)
    client.force_login(person)
    for url in [reverse("course:dashboard"), reverse("profile")]:
        text = get_text(client, url)
        assert dutch_in(text, CONTENT) == [], url
    assert "My training" in get_text(client, reverse("course:dashboard"))
    assert "care coordinator" in get_text(client, reverse("profile"))


def test_the_registration_history_is_in_the_readers_language(client, english_site, coordinator):
    person, cohort = english_site["person"], english_site["cohort"]
    registration = RegistrationFactory(participant=person, cohort=cohort)
    with translation.override("nl"):  # the coordinator works in Dutch
        cancel_registration(registration, coordinator)
    client.force_login(person)
    text = get_text(client, reverse("registration:detail", args=[registration.pk]))
    assert "cancelled by the coordinator" in text
    assert dutch_in(text, CONTENT) == []
