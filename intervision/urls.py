from django.urls import path

from .views import cases, groups, reflections, sessions

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
    path("bijeenkomst/<int:session_id>/casus/", cases.CaseView.as_view(), name="case"),
    path(
        "bijeenkomst/<int:session_id>/casus/schrijven/",
        cases.CaseEditView.as_view(),
        name="case_edit",
    ),
    path(
        "bijeenkomst/<int:session_id>/casus/controle/",
        cases.CaseReviewView.as_view(),
        name="case_review",
    ),
    path(
        "bijeenkomst/<int:session_id>/casus/controle/vervangen/",
        cases.CaseReplaceView.as_view(),
        name="case_replace",
    ),
    path(
        "bijeenkomst/<int:session_id>/casus/controle/alles-vervangen/",
        cases.CaseReplaceAllView.as_view(),
        name="case_replace_all",
    ),
    path(
        "bijeenkomst/<int:session_id>/casus/controle/geen-persoonsgegeven/",
        cases.CaseDismissView.as_view(),
        name="case_dismiss",
    ),
    path(
        "bijeenkomst/<int:session_id>/casus/controle/namen/",
        cases.CaseMarkNamesView.as_view(),
        name="case_mark_names",
    ),
    path(
        "bijeenkomst/<int:session_id>/casus/delen/",
        cases.CaseShareView.as_view(),
        name="case_share",
    ),
    path(
        "bijeenkomst/<int:session_id>/casus/terugtrekken/",
        cases.CaseUnshareView.as_view(),
        name="case_unshare",
    ),
    path("bijeenkomst/<int:session_id>/verslag/", cases.NoteView.as_view(), name="note"),
    path(
        "bijeenkomst/<int:session_id>/verslag/schrijven/",
        cases.NoteEditView.as_view(),
        name="note_edit",
    ),
    path(
        "groep/<int:group_id>/reflecties/",
        reflections.ReflectionListView.as_view(),
        name="reflections",
    ),
    path(
        "groep/<int:group_id>/reflecties/gedeeld/",
        reflections.SharedReflectionListView.as_view(),
        name="reflections_shared",
    ),
    path(
        "groep/<int:group_id>/reflecties/export.md",
        reflections.ReflectionExportView.as_view(),
        name="reflection_export",
    ),
    path("reflectie/<int:pk>/", reflections.ReflectionDetailView.as_view(), name="reflection"),
    path(
        "reflectie/<int:pk>/wijzigen/",
        reflections.ReflectionEditView.as_view(),
        name="reflection_edit",
    ),
    path(
        "reflectie/<int:pk>/verwijderen/",
        reflections.ReflectionDeleteView.as_view(),
        name="reflection_delete",
    ),
]
