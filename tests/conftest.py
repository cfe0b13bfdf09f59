import pytest
from django.test import Client

from tests.personas import make_personas


@pytest.fixture
def personas(db):
    return make_personas()


@pytest.fixture
def client_for(personas):
    """A logged-in test client for a persona name ("anonymous" gives a plain client)."""

    def make(name: str) -> Client:
        client = Client()
        user = personas.by_name(name)
        if user is not None:
            client.force_login(user)
        return client

    return make
