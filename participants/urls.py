from django.urls import path

from participants.views import clinical, records, retention, team

app_name = "participants"
urlpatterns = [
    path("", records.participant_list, name="list"),
    path("search/", records.participant_search_view, name="search"),
    path("new/", records.participant_create, name="create"),
    path("duplicates/", team.duplicates, name="duplicates"),
    path("retention/", retention.retention, name="retention"),
    path("merge/<int:first>/<int:second>/", team.merge, name="merge"),
    path("not-duplicate/<int:first>/<int:second>/", team.not_duplicate, name="not_duplicate"),
    path("merges/<int:pk>/", team.merge_record, name="merge_record"),
    path("merges/<int:pk>/undo/", team.merge_undo, name="merge_undo"),
    path("<int:pk>/", records.participant_detail, name="detail"),
    path("<int:pk>/edit/", records.participant_edit, name="edit"),
    path("<int:pk>/aliases/", records.alias_add, name="alias_add"),
    path("<int:pk>/aliases/<int:alias_pk>/remove/", records.alias_remove, name="alias_remove"),
    path("<int:pk>/status/", records.participant_status, name="status"),
    path("<int:pk>/care-team/", team.care_team, name="care_team"),
    path(
        "<int:pk>/care-team/<int:user_pk>/remove/",
        team.care_team_remove,
        name="care_team_remove",
    ),
    path("<int:pk>/intake/", clinical.intake, name="intake"),
    path("<int:pk>/releases/new/", clinical.consent_create, name="consent_create"),
    path(
        "<int:pk>/releases/<int:consent_pk>/revoke/",
        clinical.consent_revoke,
        name="consent_revoke",
    ),
    path(
        "<int:pk>/releases/<int:consent_pk>/form/",
        clinical.consent_form_file,
        name="consent_form",
    ),
]
