"""A newcomer's first impression (issue 15), in Chromium at phone and laptop width: the home
page leads to a cohort's "Aanmelden", the sign-up form shows every error at once, and the
school select shows a long school name whole, on the sign-up form and on the profile.
Every page is also checked for "je/jij" (tests/browser/conftest.py)."""

import pytest
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from tests.factories import PASSWORD, CohortPageFactory, ParticipantFactory, SchoolFactory

from .helpers import Journey, skip_module_without_chromium

skip_module_without_chromium()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LONG_SCHOOL = "Openbare Basisschool De Regenboog voor Dalton-onderwijs en Kindcentrum"

# Whether the select shows its chosen text whole: the text, measured in the select's own
# font, needs N lines of the select's inner width, and the select is tall enough for N lines.
SHOWS_WHOLE_CHOICE = """sel => {
    const el = document.querySelector(sel);
    const style = getComputedStyle(el);
    const text = el.options[el.selectedIndex].text;
    const context = document.createElement('canvas').getContext('2d');
    context.font = style.font;
    const inner = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const lines = Math.ceil(context.measureText(text).width / inner);
    const lineHeight = parseFloat(style.lineHeight);
    const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    const contentHeight = el.clientHeight - padding;
    return {text, lines, fits: contentHeight + 1 >= lines * lineHeight * 0.95,
            inside: el.getBoundingClientRect().right <= document.documentElement.clientWidth};
}"""


def assert_select_shows_whole_name(page, selector):
    state = page.evaluate(SHOWS_WHOLE_CHOICE, selector)
    assert LONG_SCHOOL in state["text"]
    assert state["fits"], f"the school select cuts off {state['text']!r} ({state})"
    assert state["inside"], "the school select sticks out of the screen"


def test_a_newcomer_goes_from_the_home_page_to_aanmelden_and_meets_every_error_at_once(
    page, viewport, live_home_page
):
    cohort = CohortPageFactory(title="Groep Zwolle najaar", place="Zwolle", days=True)
    SchoolFactory(name=LONG_SCHOOL, place="Amersfoort")
    journey = Journey(page, "first-impression", viewport)

    page.goto("/")
    card = page.locator(".cohort-card", has_text="Groep Zwolle najaar")
    expect(card).to_be_visible()
    expect(card.get_by_role("link", name=_("Register"))).to_have_attribute(
        "href", f"/aanmelden/groep/{cohort.pk}/"
    )
    journey.step("home")

    page.goto("/accounts/signup/")
    page.select_option("#id_school", label=f"{LONG_SCHOOL}, Amersfoort")
    assert_select_shows_whole_name(page, "#id_school")
    journey.step("signup-long-school")

    # A password mismatch and a missing school: both errors at once.
    page.select_option("#id_school", index=0)
    page.fill("#id_full_name", "Noor van Dijk")
    page.fill("#id_email", f"noor-{viewport}@example.nl")
    page.fill("#id_password1", "zeven-lesdagen-samen")
    page.fill("#id_password2", "acht-lesdagen-samen")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state("load")
    main = page.locator("main")
    expect(main).to_contain_text(_("Choose your school from the list, or give its name and place."))
    expect(main).to_contain_text("Vul twee keer hetzelfde wachtwoord in.")
    # Both in the error summary, which has the focus; the password links to its field.
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Vul twee keer hetzelfde wachtwoord in.")
    expect(summary).to_contain_text(
        _("Choose your school from the list, or give its name and place.")
    )
    journey.assert_error_summary("signup-all-errors", fields=["id_password2"])


def test_the_profile_shows_a_long_school_name_whole(page, viewport, live_home_page):
    school = SchoolFactory(name=LONG_SCHOOL, place="Amersfoort")
    person = ParticipantFactory(school=school)
    journey = Journey(page, "profile-school", viewport)
    page.goto("/accounts/login/?next=/accounts/profile/")
    page.fill("#id_login", person.email)
    page.fill("#id_password", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/accounts/profile/")
    assert_select_shows_whole_name(page, "#id_school")
    journey.step("profile")
