"""The monthly outcome check-in."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework import services
from casework.choices import Employment, HousingStatus, IncomeSource
from casework.models import CheckIn

DEC_2026 = "2026-12-10 12:00:00-08:00"


def _post(**overrides):
    return {
        "month": "2026-12-01",
        "housing": HousingStatus.SHELTER,
        "employment": Employment.NONE,
        "has_income": "yes",
        "income_sources": [IncomeSource.SNAP],
        "has_insurance": "no",
    } | overrides


@time_machine.travel(DEC_2026, tick=False)
def test_case_manager_records_monthly_checkin(personas, client_for):
    client = client_for("case_manager_a")
    url = reverse("casework:checkin", args=[personas.participant.pk])
    assert client.post(url, _post()).status_code == 302
    checkin = CheckIn.objects.get()
    assert checkin.month == date(2026, 12, 1)
    assert checkin.income_sources == [IncomeSource.SNAP]
    assert checkin.has_insurance is False
    assert checkin.recorded_by == personas.case_manager_a


@time_machine.travel(DEC_2026, tick=False)
def test_second_checkin_for_a_month_corrects_the_first(personas, client_for):
    client = client_for("case_manager_a")
    url = reverse("casework:checkin", args=[personas.participant.pk])
    client.post(url, _post())
    client.post(url, _post(housing=HousingStatus.TRANSITIONAL))
    assert CheckIn.objects.get().housing == HousingStatus.TRANSITIONAL
    assert CheckIn.objects.get().events.count() == 2


@time_machine.travel(DEC_2026, tick=False)
def test_checkin_needs_yes_or_no_answers_and_keeps_input(personas, client_for):
    client = client_for("case_manager_a")
    url = reverse("casework:checkin", args=[personas.participant.pk])
    response = client.post(url, _post(has_insurance="", has_income="no"))
    form = response.context["form"]
    assert form.errors["has_insurance"] == ["Answer yes or no."]
    assert form.errors["has_income"] == ["You picked income sources: answer yes here."]
    assert form["housing"].value() == HousingStatus.SHELTER
    assert not CheckIn.objects.exists()


@time_machine.travel(DEC_2026, tick=False)
def test_checkin_cannot_cover_a_future_month(personas):
    with pytest.raises(ValidationError) as error:
        services.checkin_record(
            participant=personas.participant,
            recorded_by=personas.case_manager_a,
            month=date(2027, 1, 1),
            housing=HousingStatus.SHELTER,
            employment=Employment.NONE,
            has_income=False,
            has_insurance=True,
        )
    assert "month" in error.value.error_dict


def test_new_checkin_starts_from_the_last_one(personas, client_for):
    with time_machine.travel("2026-11-10 12:00:00-08:00", tick=False):
        client_for("case_manager_a").post(
            reverse("casework:checkin", args=[personas.participant.pk]),
            _post(month="2026-11-01", housing=HousingStatus.PERMANENT),
        )
    with time_machine.travel(DEC_2026, tick=False):
        response = client_for("case_manager_a").get(
            reverse("casework:checkin", args=[personas.participant.pk])
        )
    form = response.context["form"]
    assert form["housing"].value() == HousingStatus.PERMANENT
    assert form["has_income"].value() == "yes"
    assert form["has_insurance"].value() == "no"
    assert "November 2026" in response.context["source"]


def test_first_checkin_starts_from_the_intake_assessment(personas, client_for):
    from django.utils import timezone

    from participants.models import AssessmentStatus, IntakeAssessment

    IntakeAssessment.objects.create(
        participant=personas.participant,
        episode=personas.participant.episodes.get(),
        status=AssessmentStatus.COMPLETE,
        housing_status="unsheltered",
        employment="informal",  # no check-in equivalent: left for the case manager
        income_sources=["snap", "informal"],
        health_insurance="medicaid",
        started_by=personas.case_manager_a,
        updated_by=personas.case_manager_a,
        completed_by=personas.case_manager_a,
        completed_at=timezone.now(),
    )
    url = reverse("casework:checkin", args=[personas.participant.pk])
    response = client_for("case_manager_a").get(url)
    form = response.context["form"]
    assert response.context["source"] == "intake assessment"
    assert form["housing"].value() == HousingStatus.STREET
    assert form["employment"].value() is None
    assert form["has_income"].value() == "yes"
    assert form["income_sources"].value() == [IncomeSource.SNAP]
    assert form["has_insurance"].value() == "yes"


def test_first_checkin_without_intake_starts_blank(personas, client_for):
    url = reverse("casework:checkin", args=[personas.participant.pk])
    form = client_for("case_manager_a").get(url).context["form"]
    assert form["housing"].value() is None and form["has_income"].value() is None


def test_program_manager_cannot_record_checkin(personas, client_for):
    url = reverse("casework:checkin", args=[personas.participant.pk])
    assert client_for("program_manager").post(url, _post()).status_code == 403
    assert client_for("case_manager_b").post(url, _post()).status_code == 404
    assert not CheckIn.objects.exists()
