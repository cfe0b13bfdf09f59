from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from referrals.models import Referral


class ReferralFactory(DjangoModelFactory):
    """A plain arrest diversion filed by `referred_by`, awaiting review."""

    class Meta:
        model = Referral

    pathway = "arrest_diversion"
    referring_agency = factory.SelfAttribute("referred_by.agency")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=20, maximum_age=60)
    how_to_find = "Near the library"
    incident_number = factory.Sequence(lambda n: f"INC-{n:05d}")
    incident_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    location = "3rd and Pine"
    area = "Downtown"
    offenses = "Possession"
    narrative = "Met in the field."
    submitted_at = factory.LazyFunction(timezone.now)
