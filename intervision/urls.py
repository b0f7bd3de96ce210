from django.urls import path

from .views import groups, sessions

app_name = "intervision"

urlpatterns = [
    # groups and sessions (iv-groups)
    path("", groups.MyGroupsView.as_view(), name="index"),
    path("groep/<int:group_id>/", groups.GroupDetailView.as_view(), name="group"),
    path(
        "groep/<int:group_id>/bijeenkomst/nieuw/",
        sessions.SessionCreateView.as_view(),
        name="session_create",
    ),
    path("bijeenkomst/<int:session_id>/", sessions.SessionDetailView.as_view(), name="session"),
    path(
        "bijeenkomst/<int:session_id>/wijzigen/",
        sessions.SessionUpdateView.as_view(),
        name="session_update",
    ),
    path(
        "bijeenkomst/<int:session_id>/leidraad/",
        sessions.SessionGuideView.as_view(),
        name="session_guide",
    ),
    path(
        "bijeenkomst/<int:session_id>/rol-ruilen/",
        sessions.RequestSwapView.as_view(),
        name="swap_request",
    ),
    path("rolruil/<int:swap_id>/", sessions.AnswerSwapView.as_view(), name="swap_answer"),
    path("cohort/<int:cohort_id>/", groups.CohortGroupsView.as_view(), name="cohort_groups"),
    path(
        "cohort/<int:cohort_id>/voorstellen/",
        groups.SuggestGroupsView.as_view(),
        name="suggest",
    ),
    path("cohort/<int:cohort_id>/verplaatsen/", groups.MoveMemberView.as_view(), name="move"),
    path("cohort/<int:cohort_id>/publiceren/", groups.PublishGroupsView.as_view(), name="publish"),
    # cases, notes, reflections (iv-cases)
]
