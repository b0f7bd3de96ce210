"""What the review form keeps per content version (``services.plans.rubric(assignment,
request)``, ``anonymity.plan_ids(assignment, request)``): a change shows on the next
request."""

from django.urls import reverse
from django.utils.translation import gettext as _

from assignments.models import Review, RubricLevel


def test_a_changed_rubric_shows_on_the_next_review_form(client, peer_cohort):
    person, other = peer_cohort.people[0], peer_cohort.people[1]
    review = Review.objects.create(plan=peer_cohort.plan_of(other), reviewer=person)
    client.force_login(person)
    url = reverse("assignments:review", args=[review.pk])
    assert "Onderwijsbehoeften" in client.get(url).content.decode()

    criterion = peer_cohort.criteria[0]
    criterion.title = "Doelen en aanpak"
    criterion.save()
    RubricLevel.objects.create(criterion=criterion, label="uitstekend", points=4, sort_order=9)

    body = client.get(url).content.decode()
    assert "Doelen en aanpak" in body
    assert "uitstekend" in body


def test_a_removed_plan_renames_the_later_plans_on_the_next_review_form(client, peer_cohort):
    person, gone, last = peer_cohort.people[0], peer_cohort.people[1], peer_cohort.people[-1]
    review = Review.objects.create(plan=peer_cohort.plan_of(last), reviewer=person)
    client.force_login(person)
    url = reverse("assignments:review", args=[review.pk])
    count = len(peer_cohort.plans)

    def label(index):
        return _("Plan %(code)s") % {"code": "ABCDEFGHIJ"[index]}

    assert label(count - 1) in client.get(url).content.decode()
    peer_cohort.plan_of(gone).delete()
    body = client.get(url).content.decode()
    assert label(count - 2) in body
    assert label(count - 1) not in body
