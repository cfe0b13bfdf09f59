"""Names and dates of birth never reach the logs or URLs.

Representative flows run with a sentinel name and date of birth (create a participant, open
the record, search, a partner lookup, a failed sign-in, a refused CSRF post, a missing page)
while every logger is captured at DEBUG; no record may contain the sentinel.
"""

import logging
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from participants.models import Participant
from tests.lead.test_auth import sign_in

FIRST, LAST = "Zorvex", "Quillfeather"
DOB = "1979-04-23"
SENTINELS = (FIRST, LAST, DOB, "04/23/1979", "1979-4-23")


def _record_text(record: logging.LogRecord) -> str:
    parts = [record.getMessage(), record.exc_text or ""]
    if record.exc_info and record.exc_info[1] is not None:
        parts.append(repr(record.exc_info[1]))
    parts += [repr(value) for value in vars(record).values()]
    return "\n".join(parts)


@pytest.fixture
def all_logs(caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("django", "django.request", "django.server", "django.security", "axes"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def leaked(caplog) -> list[str]:
    return [
        f"{record.name}: {record.getMessage()[:120]}"
        for record in caplog.records
        if any(sentinel in _record_text(record) for sentinel in SENTINELS)
    ]


def test_flows_with_names_and_birth_dates_log_neither(personas, client_for, all_logs):
    case_manager = client_for("case_manager_a")
    created = case_manager.post(
        reverse("participants:create"),
        {
            "first_name": FIRST,
            "last_name": LAST,
            "date_of_birth": DOB,
            "confirm_new": "on",
            "creation_token": str(uuid.uuid4()),
        },
    )
    participant = Participant.objects.filter(last_name=LAST).first()
    assert participant is not None, created.content.decode()[:2000]
    detail = case_manager.get(reverse("participants:detail", args=[participant.pk]))
    assert LAST in detail.content.decode()
    found = case_manager.post(reverse("participants:search"), {"text": f"{FIRST} {LAST}"})
    assert found.status_code == 200
    assert (
        case_manager.post(reverse("participants:search"), {"date_of_birth": DOB}).status_code == 200
    )

    officer = client_for("officer")
    lookup = officer.post(
        reverse("coordination:lookup"),
        {"first_name": FIRST, "last_name": LAST, "date_of_birth": DOB},
    )
    assert lookup.status_code == 200

    sign_in(Client(), LAST, password=f"{FIRST} {DOB}")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(personas.case_manager_a)
    refused = strict.post(reverse("participants:search"), {"text": LAST})
    assert refused.status_code == 403
    case_manager.get(f"/participants/{participant.pk + 10_000}/")

    assert all_logs.records, "the flows should log something (requests, warnings)"
    assert not leaked(all_logs), leaked(all_logs)


def test_the_leak_check_would_see_a_name_in_a_log(all_logs):
    logging.getLogger("lead.example").info("looked up %s", LAST)
    assert leaked(all_logs)


def test_urls_the_flows_use_hold_no_names(personas, client_for):
    client = client_for("case_manager_a")
    response = client.post(reverse("participants:search"), {"text": LAST}, follow=True)
    for url, _ in response.redirect_chain:
        assert LAST not in url
    assert LAST not in response.request["PATH_INFO"] + response.request.get("QUERY_STRING", "")


@pytest.mark.parametrize(
    ("url_name", "fields"),
    [
        ("login", ("password",)),
        ("password_change", ("old_password", "new_password1", "new_password2")),
        ("mfa_verify", ("code",)),
        ("mfa_setup", ("password", "code")),
    ],
)
def test_secrets_are_hidden_from_error_reports(personas, client_for, url_name, fields):
    client = Client() if url_name == "login" else client_for("officer")
    response = client.post(reverse(url_name), dict.fromkeys(fields, "x"))
    marked = response.wsgi_request.sensitive_post_parameters
    assert marked == "__ALL__" or set(fields) <= set(marked), marked
