from django.urls import reverse

from participants.models import MergeRecord, NotDuplicate
from participants.services import participant_create
from tests.lead.test_pages import SESSION


def twin(personas, **fields):
    return participant_create(
        created_by=personas.supervisor,
        agency=personas.provider,
        **({"first_name": "Patt", "last_name": "Exampel"} | fields),
    )


def test_the_queue_lists_likely_duplicates_and_not_strangers(personas, client_for):
    dup = twin(personas)
    twin(personas, first_name="Barbara", last_name="Okafor")
    response = client_for("supervisor").get(reverse("participants:duplicates"))
    pairs = {(a.pk, b.pk) for a, b, _ in response.context["pairs"]}
    assert pairs == {(personas.participant.pk, dup.pk)}


def test_supervisor_merges_and_unmerges_from_the_pages(personas, client_for):
    dup = twin(personas)
    client = client_for("supervisor")
    url = reverse("participants:merge", args=[personas.participant.pk, dup.pk])
    response = client.post(url, {"survivor": personas.participant.pk, "reason": "Same DOB"})
    record = MergeRecord.objects.get()
    assert response.url == reverse("participants:merge_record", args=[record.pk])
    assert client.get(reverse("participants:detail", args=[dup.pk])).status_code == 404
    assert client.get(reverse("participants:duplicates")).context["pairs"] == []
    client.post(reverse("participants:merge_undo", args=[record.pk]))
    record.refresh_from_db()
    assert record.is_undone
    assert client.get(reverse("participants:detail", args=[dup.pk])).status_code == 200


def test_a_merge_needs_a_reason(personas, client_for):
    dup = twin(personas)
    url = reverse("participants:merge", args=[personas.participant.pk, dup.pk])
    response = client_for("supervisor").post(url, {"survivor": dup.pk, "reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    assert not MergeRecord.objects.exists()


def test_case_manager_cannot_merge_records(personas, client_for):
    dup = twin(personas)
    url = reverse("participants:merge", args=[personas.participant.pk, dup.pk])
    assert (
        client_for("case_manager_a").post(url, {"survivor": dup.pk, "reason": "x"}).status_code
        == 403
    )
    assert not MergeRecord.objects.exists()


def test_different_people_leave_the_queue(personas, client_for):
    dup = twin(personas)
    client = client_for("supervisor")
    client.post(reverse("participants:not_duplicate", args=[dup.pk, personas.participant.pk]))
    assert NotDuplicate.objects.count() == 1
    assert client.get(reverse("participants:duplicates")).context["pairs"] == []


def test_duplicates_page_query_count(personas, client_for, django_assert_num_queries):
    for i in range(3):
        twin(personas, last_name=f"Exampel{i}")
    client = client_for("supervisor")
    # session + pairs (raw SQL) + their records + recent merges
    with django_assert_num_queries(SESSION + 3):
        response = client.get(reverse("participants:duplicates"))
    assert len(response.context["pairs"]) == 6
