"""The final assignment's URLs, under /mijn-opleiding/uitvoeringsplan/ (website/urls.py)."""

from django.urls import path

from .views import grading, plans, presentation, progress, reviews

app_name = "assignments"

urlpatterns = [
    # plans (plan-a)
    path("", plans.index, name="index"),
    path("<int:cohort_id>/", plans.plan, name="plan"),
    path("<int:cohort_id>/autosave/", plans.autosave, name="autosave"),
    path("<int:cohort_id>/versies/", plans.versions, name="versions"),
    path("<int:cohort_id>/bijlage/", plans.attachment, name="attachment"),
    path("<int:cohort_id>/privacy/", plans.privacy, name="privacy"),
    path("<int:cohort_id>/privacy/vervangen/", plans.privacy_replace, name="privacy_replace"),
    path(
        "<int:cohort_id>/privacy/alles-vervangen/",
        plans.privacy_replace_all,
        name="privacy_replace_all",
    ),
    path(
        "<int:cohort_id>/privacy/geen-persoonsgegeven/",
        plans.privacy_dismiss,
        name="privacy_dismiss",
    ),
    path("<int:cohort_id>/privacy/namen/", plans.privacy_names, name="privacy_names"),
    path("<int:cohort_id>/indienen/", plans.submit, name="submit"),
    path("<int:cohort_id>/plannen/", plans.cohort_plans, name="cohort_plans"),
    path("<int:cohort_id>/uitstel/<int:participant_id>/", plans.extension, name="extension"),
    path("plan/<int:plan_id>/", plans.plan_detail, name="plan_detail"),
    path("plan/<int:plan_id>/bijlage/", plans.download_attachment, name="attachment_download"),
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
    # presentation day (issue 14)
    path("presentatie/<int:cohort_id>/", presentation.mine, name="presentation"),
    path(
        "presentatie/<int:cohort_id>/gast/<int:guest_id>/intrekken/",
        presentation.revoke_guest,
        name="revoke_guest",
    ),
    path("presentatie/<int:cohort_id>/rooster/", presentation.schedule, name="schedule"),
    path(
        "presentatie/<int:cohort_id>/rooster/instellingen/",
        presentation.schedule_settings,
        name="schedule_settings",
    ),
    path(
        "presentatie/<int:cohort_id>/rooster/genereren/",
        presentation.generate,
        name="generate_schedule",
    ),
    path(
        "presentatie/<int:cohort_id>/rooster/publiceren/",
        presentation.publish,
        name="publish_schedule",
    ),
    path(
        "presentatie/<int:cohort_id>/rooster/<int:slot_id>/",
        presentation.change_slot,
        name="change_slot",
    ),
    # grading (issue 14)
    path("beoordelen/<int:cohort_id>/", grading.grading_list, name="grading"),
    path("beoordelen/<int:cohort_id>/vrijgeven/", grading.release, name="release_grades"),
    path("beoordelen/<int:cohort_id>/beoordelingen.csv", grading.export, name="grades_export"),
    path(
        "beoordelen/<int:cohort_id>/plan/<int:plan_id>/",
        grading.grade_plan,
        name="grade_plan",
    ),
    path(
        "beoordelen/<int:cohort_id>/plan/<int:plan_id>/beslissen/",
        grading.settle_grade,
        name="settle_grade",
    ),
    path(
        "beoordelen/<int:cohort_id>/plan/<int:plan_id>/heropenen/",
        grading.reopen_grade,
        name="reopen_grade",
    ),
    path("beoordeling/<int:plan_id>/", grading.my_grade, name="my_grade"),
]
