from django.db import migrations

# A starting list; each site edits it in Django admin.
CODES = [
    ("meets-criteria", "Meets the site's criteria", "approved", 10),
    ("exclusion-waived", "Presumptive exclusion reviewed and waived", "approved", 20),
    ("over-quantity", "Drug quantity over the site threshold", "declined", 30),
    ("dealing-for-profit", "Dealing for profit above subsistence", "declined", 40),
    ("under-18", "Under 18", "declined", 50),
    ("violent-history", "Violent history within the look-back period", "declined", 60),
    ("pending-specialty-court", "Pending drug-court or mental-health-court case", "declined", 70),
    ("no-contact-order", "No-contact order protecting a current participant", "declined", 80),
    ("outside-area", "Outside the LEAD area", "declined", 90),
    ("not-verified", "Qualifying activity not verified", "declined", 100),
    ("not-amenable", "Not amenable", "declined", 110),
    ("other", "Other (see note)", "both", 200),
]


def add_codes(apps, schema_editor):
    ReasonCode = apps.get_model("referrals", "ReasonCode")
    for code, label, applies_to, order in CODES:
        ReasonCode.objects.get_or_create(
            code=code, defaults={"label": label, "applies_to": applies_to, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_referrals_reason_codes_notifications")]

    operations = [migrations.RunPython(add_codes, migrations.RunPython.noop)]
