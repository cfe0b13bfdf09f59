"""Walks every URL pattern and checks each persona against tests/permission_table.py."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permission_table import LOGIN, PERMISSIONS, REDIRECT
from tests.personas import PERSONA_NAMES

# Django admin's unnamed patterns: its catch-all and the old-style "<id>/" redirects.
UNNAMED_ALLOWED_PREFIX = "admin/"


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern)


def all_url_patterns():
    return list(_walk(get_resolver().url_patterns))


def test_every_url_is_in_the_permission_table():
    named = {name for name, _ in all_url_patterns() if name}
    missing = sorted(named - set(PERMISSIONS))
    stale = sorted(set(PERMISSIONS) - named)
    assert not missing, f"URLs missing from tests/permission_table.py: {missing}"
    assert not stale, f"Table rows for URLs that no longer exist: {stale}"


def test_no_unnamed_url_outside_django_admin():
    unnamed = [route for name, route in all_url_patterns() if not name]
    assert unnamed, "the walk must see Django admin's unnamed patterns"
    assert all(route.startswith(UNNAMED_ALLOWED_PREFIX) for route in unnamed), unnamed


def _outcome(response):
    if response.status_code == 302:
        login = reverse(settings.LOGIN_URL)
        return LOGIN if response.url.startswith(login) else REDIRECT
    return response.status_code


@pytest.mark.parametrize("url_name", sorted(PERMISSIONS))
def test_url_answers_every_persona_as_the_table_says(url_name, personas):
    row = PERMISSIONS[url_name]
    assert set(row.expect) == set(PERSONA_NAMES), f"{url_name}: every persona needs an outcome"
    url = reverse(url_name, kwargs=row.kwargs(personas))
    wrong = {}
    for persona in PERSONA_NAMES:
        client = Client()
        user = personas.by_name(persona)
        if user is not None:
            client.force_login(user)
        got = _outcome(client.get(url))
        if got != row.expect[persona]:
            wrong[persona] = f"expected {row.expect[persona]}, got {got}"
    assert not wrong, f"{url_name} ({url}): {wrong}"
