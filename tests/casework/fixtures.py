"""Casework rows on Pat's record, made through the services as a case manager would."""

import uuid

from django.utils import timezone

from casework import services
from casework.choices import ContactMode, Domain, LocationType, StepOwner
from tests.personas import Personas


def pat_goal(p: Personas, text="Get my ID back"):
    return services.goal_create(
        participant=p.participant,
        created_by=p.case_manager_a,
        text=text,
        domain=Domain.ID_DOCUMENTS,
        token=uuid.uuid4(),
    )


def pat_step(p: Personas, goal=None, **kwargs):
    fields = {"text": "Call the records office", "owner": StepOwner.CASE_MANAGER} | kwargs
    return services.step_create(
        goal=goal or pat_goal(p), created_by=p.case_manager_a, token=uuid.uuid4(), **fields
    )


def pat_contact(p: Personas, **kwargs):
    fields = {
        "occurred_at": timezone.now(),
        "mode": ContactMode.IN_PERSON,
        "location_type": LocationType.STREET,
        "duration_minutes": 15,
        "substantive": True,
        "note": "Talked about the ID appointment.",
    } | kwargs
    return services.contact_log(
        participant=p.participant, logged_by=p.case_manager_a, token=uuid.uuid4(), **fields
    )
