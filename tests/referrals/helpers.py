from datetime import timedelta

from django.utils import timezone


def form_time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def arrest_post(token, **overrides) -> dict:
    """What an officer's phone posts for a typical arrest diversion."""
    now = timezone.now()
    data = {
        "token": str(token),
        "pathway": "arrest_diversion",
        "first_name": "Robin",
        "last_name": "Fieldsworth",
        "aliases": "Birdie",
        "date_of_birth": "1988-04-02",
        "approximate_age": "",
        "physical_description": "Green jacket",
        "how_to_find": "Under the bridge on 4th",
        "incident_number": "INC-1001",
        "incident_at": form_time(now - timedelta(minutes=40)),
        "location": "4th and Main",
        "area": "Downtown",
        "offenses": "Possession",
        "drug_type": "Heroin",
        "drug_quantity_grams": "0.5",
        "hold_requested": "on",
        "handoff_called_at": form_time(now - timedelta(minutes=35)),
        "handoff_arrived_at": form_time(now - timedelta(minutes=10)),
        "narrative": "Contact in the field; open to services.",
        "flag_reason": "",
    }
    data.update(overrides)
    return data


def social_post(token, **overrides) -> dict:
    data = arrest_post(token)
    for name in ("offenses", "drug_type", "drug_quantity_grams", "hold_requested"):
        data.pop(name)
    data |= {
        "pathway": "social_contact",
        "incident_number": "",
        "verification": "observation",
        "activity_date": (timezone.localdate() - timedelta(days=30)).isoformat(),
        "activity_place": "Pine St market",
        "activity_inside_area": "on",
    }
    data.update(overrides)
    return data
