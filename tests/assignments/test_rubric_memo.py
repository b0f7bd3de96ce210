"""The rubric is kept per content version for the pages that show it
(``services.plans.rubric(assignment, request)``): a change shows on the next request."""

from django.urls import reverse

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
