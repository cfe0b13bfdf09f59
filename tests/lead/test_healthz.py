from unittest import mock

from django.db import DatabaseError, connection
from django.test import Client


def test_healthz_answers_200_without_login_when_the_database_is_up(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


def test_healthz_answers_503_when_the_database_is_down(db):
    client = Client()
    with mock.patch.object(connection, "cursor", side_effect=DatabaseError("refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"
