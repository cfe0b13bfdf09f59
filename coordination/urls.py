from django.urls import path

from coordination.views import consultations, fragments, imports, legal_events, lookup, workgroup

app_name = "coordination"
urlpatterns = [
    path("lookup/", lookup.lookup, name="lookup"),
    path("queue/", fragments.prosecutor_queue, name="prosecutor_queue"),
    path(
        "participants/<int:pk>/section/", fragments.participant_section, name="participant_section"
    ),
    path(
        "participants/<int:pk>/legal-events/new/",
        legal_events.legal_event_create,
        name="legal_event_create",
    ),
    path("participants/<int:pk>/flag/clear/", legal_events.flag_clear, name="flag_clear"),
    path("legal-events/", legal_events.legal_event_list, name="legal_event_list"),
    path("legal-events/<int:pk>/", legal_events.legal_event_detail, name="legal_event_detail"),
    path(
        "legal-events/<int:pk>/consult/",
        consultations.consultation_create,
        name="consultation_create",
    ),
    path("legal-events/import/", imports.import_upload, name="import_upload"),
    path("legal-events/import/<int:pk>/", imports.import_preview, name="import_preview"),
    path("consultations/", consultations.consultation_list, name="consultation_list"),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation_detail"),
    path(
        "consultations/<int:pk>/answer/",
        consultations.consultation_answer_view,
        name="consultation_answer",
    ),
    path(
        "consultations/<int:pk>/decide/",
        consultations.consultation_decide_view,
        name="consultation_decide",
    ),
    path("workgroup/", workgroup.meeting_list, name="meeting_list"),
    path("workgroup/new/", workgroup.meeting_create, name="meeting_create"),
    path("workgroup/<int:pk>/", workgroup.meeting_detail, name="meeting_detail"),
    path("workgroup/<int:pk>/generate/", workgroup.agenda_generate_view, name="agenda_generate"),
    path(
        "workgroup/<int:pk>/items/<int:item_pk>/",
        workgroup.agenda_item_update,
        name="agenda_item_update",
    ),
    path("workgroup/<int:pk>/actions/", workgroup.action_item_add, name="action_item_add"),
    path("workgroup/actions/<int:pk>/done/", workgroup.action_item_close, name="action_item_close"),
    path("workgroup/<int:pk>/minutes/", workgroup.meeting_minutes, name="meeting_minutes"),
    path(
        "workgroup/<int:pk>/minutes.txt",
        workgroup.meeting_minutes_download,
        name="meeting_minutes_download",
    ),
]
