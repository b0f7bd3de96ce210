import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

pytestmark = pytest.mark.django_db


def test_anonymous_admin_visit_redirects_to_the_login_page(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    final_url = response.redirect_chain[-1][0]
    assert final_url.startswith(reverse("account_login"))
    assert "next=%2Fadmin%2F" in final_url


def test_wagtail_login_form_is_replaced_by_the_rate_limited_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/admin/"


def test_participant_is_refused_the_admin(client, participant, home_page):
    client.force_login(participant)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert response.redirect_chain[-1][0].startswith("/admin/login/")
    assert _("No access to management") in response.content.decode()


def test_participant_is_refused_admin_pages_deeper_down(client, participant, home_page):
    client.force_login(participant)
    for url in ["/admin/pages/", "/admin/users/", "/admin/documents/"]:
        response = client.get(url, follow=True)
        assert response.status_code == 403, url


@pytest.mark.parametrize("role_user", ["trainer", "coordinator"])
def test_trainer_and_coordinator_reach_the_admin(client, request, role_user):
    user = request.getfixturevalue(role_user)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200


def test_coordinator_may_edit_pages_but_trainer_may_not(coordinator, trainer, home_page):
    assert home_page.permissions_for_user(coordinator).can_edit()
    assert home_page.permissions_for_user(coordinator).can_publish()
    assert not home_page.permissions_for_user(trainer).can_edit()


def test_header_shows_admin_link_only_to_staff_roles(client, participant, trainer, home_page):
    client.force_login(participant)
    assert b'href="/admin/"' not in client.get("/").content
    client.force_login(trainer)
    assert b'href="/admin/"' in client.get("/").content


def test_role_permissions_are_applied_again_after_migrate(db):
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from website.models import Role

    coordinator = Group.objects.get(name=Role.COORDINATOR)
    coordinator.permissions.clear()
    call_command("migrate", verbosity=0)
    codenames = set(coordinator.permissions.values_list("codename", flat=True))
    # One declaration per app (AppConfig.role_permissions): website, course, practice_day.
    assert {"change_siteconfig", "change_registration", "view_practiceday"} <= codenames
