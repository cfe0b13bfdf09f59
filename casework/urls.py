from django.urls import path

from casework.views import caseload, checkins, contacts, inbox, plan

app_name = "casework"
urlpatterns = [
    path("participants/<int:pk>/section/", contacts.section, name="section"),
    path("participants/<int:pk>/plan/", plan.plan, name="plan"),
    path("participants/<int:pk>/goals/new/", plan.goal_create, name="goal_create"),
    path("participants/<int:pk>/reviews/new/", plan.plan_review_create, name="review_create"),
    path("participants/<int:pk>/contacts/", contacts.contact_list, name="contacts"),
    path("participants/<int:pk>/contacts/new/", contacts.contact_create, name="contact_create"),
    path("participants/<int:pk>/checkin/", checkins.checkin, name="checkin"),
    path("participants/<int:pk>/reassign/", caseload.reassign, name="reassign"),
    path("goals/<int:pk>/", plan.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/steps/new/", plan.step_create, name="step_create"),
    path("goals/<int:pk>/notes/new/", plan.progress_note_create, name="note_create"),
    path("steps/<int:pk>/done/", plan.step_done, name="step_done"),
    path("contacts/<int:pk>/void/", contacts.contact_void, name="contact_void"),
    path("inbox/", inbox.notifications, name="notifications"),
    path("inbox/<int:pk>/done/", inbox.notification_done, name="notification_done"),
    path("services/", caseload.service_types, name="service_types"),
    path("services/<int:pk>/toggle/", caseload.service_type_toggle, name="service_type_toggle"),
]
