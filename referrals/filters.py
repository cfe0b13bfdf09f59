import django_filters
from django import forms

from lead.models import Agency
from lead.roles import AgencyType
from referrals.models import Pathway, Referral
from referrals.status import OutcomeStatus

DATE = forms.DateInput(attrs={"type": "date"})


class OfficerReferralFilter(django_filters.FilterSet):
    """An officer filters their own referrals; nothing here can reach anyone else's."""

    pathway = django_filters.ChoiceFilter(
        choices=Pathway.choices, empty_label="Any pathway", label="Pathway"
    )
    # outcome_status is an annotation, so django-filter cannot derive a label from the model.
    status = django_filters.ChoiceFilter(
        field_name="outcome_status",
        choices=OutcomeStatus.choices,
        empty_label="Any status",
        label="Status",
    )

    class Meta:
        model = Referral
        fields = []


class ReferralFilter(OfficerReferralFilter):
    """The program's full list: by pathway, status, agency, area and date."""

    agency = django_filters.ModelChoiceFilter(
        field_name="referring_agency",
        queryset=Agency.objects.filter(agency_type=AgencyType.POLICE),
        empty_label="Any agency",
    )
    area = django_filters.CharFilter(lookup_expr="icontains")
    date_from = django_filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__gte", label="From", widget=DATE
    )
    date_to = django_filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__lte", label="To", widget=DATE
    )

    class Meta:
        model = Referral
        fields = []
