"""The one form pattern (website/form_rendering.py, templates/forms/; issue 18).

Three layers: every template of ours is read (``novalidate`` on each form with fields, no
label or legend written by hand around the pattern); the renderer is tried on a form defined
here, as a new feature's form would be; and the forms people meet first are sent empty and the
page they get back is read as a screen-reader user would meet it.
"""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils.translation import gettext as _

from tests.factories import CohortPageFactory, TrainingPageFactory
from website.form_rendering import AutocompleteMixin, form_errors

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"] + sorted(
    Path(settings.BASE_DIR).glob("*/templates")
)
OUR_TEMPLATES = sorted(
    path
    for directory in TEMPLATE_DIRS
    if ".venv" not in directory.parts
    for path in directory.rglob("*.html")
)
FORM = re.compile(r"<form\b(?P<tag>[^>]*)>(?P<body>.*?)</form>", re.S)
# What makes a form one a person fills in: a Django form or field, or a visible control.
FIELDS = re.compile(
    r"\{\{\s*[\w.]*form\b|as_field_group|\{%\s*(element fields|include \"forms/)"
    r"|<select|<textarea|<input(?![^>]*type=\"(hidden|submit)\")"
)
# A Django field's label or legend written by hand skips the "verplicht" marker.
HAND_LABEL = re.compile(
    r"<(label|legend)\b[^>]*>\s*\{\{\s*[\w.]+\.label\b|\.label_tag\b|\.legend_tag\b"
)
REQUIRED = _("required")


def relative(path):
    return str(path.relative_to(settings.BASE_DIR))


def test_the_templates_are_found():
    names = {relative(path) for path in OUR_TEMPLATES}
    assert "templates/course/registration/form.html" in names
    assert "website/templates/website/forms/school_choice.html" in names


@pytest.mark.parametrize("path", OUR_TEMPLATES, ids=relative)
def test_every_form_with_fields_has_novalidate_so_our_dutch_messages_come_first(path):
    text = path.read_text()
    for match in FORM.finditer(text):
        if FIELDS.search(match.group("body")):
            assert "novalidate" in match.group("tag"), (
                f"{relative(path)}: <form{match.group('tag')}> has fields but no novalidate"
            )


@pytest.mark.parametrize(
    "path", [p for p in OUR_TEMPLATES if "forms" not in p.parent.parts], ids=relative
)
def test_no_template_writes_a_field_label_by_hand(path):
    """A label written by hand would not say "verplicht": use ``{{ field.as_field_group }}``,
    ``{% include "forms/label.html" with field=... %}`` or ``forms/required_marker.html``."""
    found = HAND_LABEL.search(path.read_text())
    assert not found, f"{relative(path)}: {found.group(0)!r}"


def test_the_template_checks_catch_a_form_that_breaks_the_pattern():
    broken = (
        '<form method="post">{% csrf_token %}'
        '<label for="{{ form.name.id_for_label }}">{{ form.name.label }}</label>{{ form.name }}'
        "</form>"
    )
    [match] = FORM.finditer(broken)
    assert FIELDS.search(match.group("body")) and "novalidate" not in match.group("tag")
    assert HAND_LABEL.search(broken)
    button_only = '<form method="post">{% csrf_token %}<button type="submit">Uit</button></form>'
    assert not FIELDS.search(next(FORM.finditer(button_only)).group("body"))


# --- The renderer, on a form a new feature could add -------------------------------------


class NewFeatureForm(AutocompleteMixin, forms.Form):
    autocomplete_fields = {"phone": "tel", "email": "email"}

    title = forms.CharField(label="titel")
    note = forms.CharField(label="toelichting", required=False)
    phone = forms.CharField(label="telefoon")
    email = forms.CharField(label="e-mail", required=False)
    choice = forms.ChoiceField(
        label="keuze", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="akkoord")


def soup_of(html):
    return BeautifulSoup(str(html), "html.parser")


def label_text(soup, control_id):
    """The label of a control; for a radio button, the legend of its group."""
    control = soup.find(id=control_id)
    label = soup.find("label", attrs={"for": control_id})
    if label is not None and control.get("type") != "radio":
        return label.get_text(" ", strip=True)
    legend = control.find_parent("fieldset").find("legend")
    return legend.get_text(" ", strip=True)


def test_a_new_form_marks_its_required_fields_in_text_and_for_assistive_technology():
    soup = soup_of(NewFeatureForm().render())
    assert label_text(soup, "id_title") == f"Titel ({REQUIRED})"
    assert label_text(soup, "id_note") == "Toelichting"
    assert label_text(soup, "id_agree") == f"Akkoord ({REQUIRED})"
    assert soup.find(id="id_title").get("aria-required") == "true"
    assert soup.find(id="id_title").has_attr("required")
    assert not soup.find(id="id_note").has_attr("aria-required")
    # The radio buttons: the legend says it; ARIA allows aria-required on no single radio.
    assert soup.find("fieldset").find("legend").get_text(" ", strip=True) == f"Keuze ({REQUIRED})"
    assert not soup.find(id="id_choice_0").has_attr("aria-required")


def test_a_single_field_group_is_marked_too():
    soup = soup_of(NewFeatureForm()["title"].as_field_group())
    assert label_text(soup, "id_title") == f"Titel ({REQUIRED})"


def test_autocomplete_tokens_bring_the_matching_input_type():
    soup = soup_of(NewFeatureForm().render())
    phone, email, title = (
        soup.find(id="id_phone"),
        soup.find(id="id_email"),
        soup.find(id="id_title"),
    )
    assert (phone["type"], phone["autocomplete"]) == ("tel", "tel")
    assert (email["type"], email["autocomplete"]) == ("email", "email")
    assert title["type"] == "text" and not title.has_attr("autocomplete")


def test_the_errors_of_every_bound_form_are_collected_in_field_order_with_their_targets():
    form = NewFeatureForm(data={"note": "x", "email": "a@example.nl"})
    unbound = NewFeatureForm()
    errors = form_errors(Context({"form": form, "same_form_again": form, "other": unbound}))
    assert [(label, target) for label, _message, target in errors] == [
        ("titel", "id_title"),
        ("telefoon", "id_phone"),
        ("keuze", "id_choice"),  # Django's radio widget wraps the options in this id
        ("akkoord", "id_agree"),
    ]
    assert 'id="id_choice"' in form.render()


def test_a_valid_or_unbound_form_gives_no_summary_and_no_title_prefix():
    valid = NewFeatureForm(data={"title": "t", "phone": "0612345678", "choice": "a", "agree": "on"})
    template = Template(
        "{% load form_tags %}[{% form_error_title_prefix %}]{% form_error_summary %}"
    )
    assert template.render(Context({"form": valid, "other": NewFeatureForm()})) == "[]"


# --- The forms people meet first, sent empty -----------------------------------------------


def assert_error_page(response):
    """What a person meets after sending a form with mistakes."""
    assert response.status_code in (200, 400)
    soup = soup_of(response.content.decode())
    assert soup.title.get_text(strip=True).startswith(_("Error: ")), soup.title
    summary = soup.find(id="error-summary")
    assert summary is not None, "no error summary"
    # First in <main> (after any flash messages), focusable and focused on load.
    main = summary.find_parent("main")
    assert main is not None
    earlier_form = summary.find_previous("form")
    assert earlier_form is None or earlier_form.find_parent("main") is None, "not at the top"
    assert summary.get("tabindex") == "-1"
    assert soup.find("script", src=re.compile(r"/js/forms\.js$")), "nothing moves the focus"
    assert len(soup.select("[autofocus]")) <= 1
    assert summary.find("h2", id=summary["aria-labelledby"])
    links = summary.find_all("a")
    assert links, "the summary links to no field"
    for link in links:
        target = soup.find(id=link["href"][1:])
        assert target is not None, f"{link['href']} points at nothing"
        assert target.find_parent("form") is not None
    for form in soup.find_all("form"):
        controls = form.find_all(["input", "select", "textarea"])
        if any(c.get("type") not in ("hidden", "submit") for c in controls):
            assert form.has_attr("novalidate"), form.attrs
    for control in soup.select("main [required]"):
        assert f"({REQUIRED})" in label_text(soup, control["id"]), control
    return soup


@pytest.mark.django_db
def test_sign_up_sent_empty(client):
    soup = assert_error_page(client.post(reverse("account_signup"), {}))
    assert soup.find(id="id_full_name")["autocomplete"] == "name"
    assert soup.find(id="id_new_school_name")["autocomplete"] == "organization"


@pytest.mark.django_db
def test_login_sent_empty(client):
    assert_error_page(client.post(reverse("account_login"), {}))


@pytest.mark.django_db
def test_password_reset_sent_empty(client):
    assert_error_page(client.post(reverse("account_reset_password"), {"email": "geen-adres"}))


@pytest.mark.django_db
def test_in_company_request_sent_empty(client, home_page):
    soup = assert_error_page(client.post(reverse("registration:incompany"), {}))
    phone = soup.find(id="id_phone")
    assert (phone["type"], phone["autocomplete"]) == ("tel", "tel")
    email = soup.find(id="id_email")
    assert (email["type"], email["autocomplete"]) == ("email", "email")
    assert soup.find(id="id_organisation")["autocomplete"] == "organization"
    assert soup.find(id="id_contact_name")["autocomplete"] == "name"


@pytest.mark.django_db
def test_registration_sent_empty(client, participant, home_page):
    cohort = CohortPageFactory(parent=TrainingPageFactory(parent=home_page))
    client.force_login(participant)
    url = reverse("registration:register", args=[cohort.pk])
    soup = assert_error_page(client.post(url, {"step": "preview"}))
    assert label_text(soup, "id_school_name") == f"{_('School')} ({REQUIRED})"
    assert label_text(soup, "id_board_name") == _("School board")
    assert soup.find(id="id_school_name")["autocomplete"] == "organization"
    assert soup.find(id="id_function")["autocomplete"] == "organization-title"


@pytest.mark.django_db
def test_profile_sent_empty(client, participant):
    client.force_login(participant)
    assert_error_page(client.post(reverse("profile"), {}))


@pytest.mark.django_db
def test_english_visitors_get_the_english_title_prefix(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("account_login"), {})
    title = soup_of(response.content.decode()).title.get_text(strip=True)
    assert title.startswith("Error: ")
