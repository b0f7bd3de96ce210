"""The final assignment's URLs, under /mijn-opleiding/uitvoeringsplan/ (website/urls.py)."""

from django.urls import path

from .views import progress, reviews

app_name = "assignments"

urlpatterns = [
    # plans (plan-a)
    # reviews (plan-b)
    path("feedback/", reviews.my_reviews, name="my_reviews"),
    path("feedback/<int:review_id>/", reviews.review, name="review"),
    path("feedback/<int:review_id>/bijlage/", reviews.attachment, name="review_attachment"),
    path("feedback/<int:review_id>/waardering/", reviews.rate, name="rate"),
    path("feedback/ontvangen/<int:plan_id>/", reviews.received, name="received"),
    path("herziening/<int:plan_id>/", reviews.revision, name="revision"),
    path("voortgang/<int:cohort_id>/", progress.progress, name="progress"),
    path("voortgang/<int:cohort_id>/toewijzen/", progress.allocate, name="allocate"),
    path(
        "voortgang/<int:cohort_id>/plan/<int:plan_id>/",
        progress.plan_reviews,
        name="plan_reviews",
    ),
    path(
        "voortgang/<int:cohort_id>/plan/<int:plan_id>/toevoegen/",
        progress.add,
        name="add_review",
    ),
    path(
        "voortgang/<int:cohort_id>/feedback/<int:review_id>/verwijderen/",
        progress.remove,
        name="remove_review",
    ),
    path(
        "voortgang/<int:cohort_id>/feedback/<int:review_id>/verplaatsen/",
        progress.move,
        name="move_review",
    ),
]
