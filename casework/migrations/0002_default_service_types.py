"""A starting list of services and referrals; each site edits it from then on."""

from django.db import migrations

SERVICES = [
    "Harm-reduction supplies",
    "Naloxone",
    "Food",
    "Clothing or hygiene items",
    "Transport",
    "Phone or phone minutes",
    "Help with ID or documents",
    "Help with benefits application",
    "Accompanied to an appointment",
    "Court support",
]
REFERRALS = [
    "Shelter",
    "Housing program",
    "Substance-use treatment",
    "MAT prescriber",
    "Mental-health care",
    "Primary or urgent care",
    "Legal aid",
    "Employment or training program",
]


def add(apps, schema_editor):
    ServiceType = apps.get_model("casework", "ServiceType")
    for name in SERVICES:
        ServiceType.objects.get_or_create(name=name, defaults={"kind": "service"})
    for name in REFERRALS:
        ServiceType.objects.get_or_create(name=f"Referral: {name}", defaults={"kind": "referral"})


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_plans_contacts_checkins_notifications")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
