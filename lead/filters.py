import django_filters
from django import forms

from lead.models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(
        field_name="actor_username", lookup_expr="iexact", label="Username"
    )
    participant = django_filters.NumberFilter(field_name="participant_id", label="Participant id")
    action = django_filters.CharFilter(lookup_expr="istartswith")
    date_from = django_filters.DateFilter(
        field_name="occurred_at",
        lookup_expr="date__gte",
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="occurred_at",
        lookup_expr="date__lte",
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEvent
        fields = []
