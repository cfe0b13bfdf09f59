"""Purging records past the site's retention period, once a program manager confirms.

`run_daily` only reports what is due (participants.daily); nothing is purged without a
program manager's confirmation on the retention page, one batch of at most
PURGE_BATCH_SIZE records (participants.selectors) per confirmation. A purge removes
clinical and identifying content and keeps the de-identified skeleton that reports count,
in place, so every figure computed from raw rows stays the same after a purge. It costs
a fixed number of queries per record, however many rows the record has.

What happens to each field of every model linked to a purged participant (C: cleared or
removed, K: kept as the report skeleton):

participants.Participant
    C first, last and preferred name, date of birth, gender identity in their words, language,
      phone, email, address, best way to find, booking number, other identifier,
      coordination summary, exit reason, "coordinate before filing", creation token
    K id, status, gender identity and race/ethnicity categories, agency, created and updated;
      purged_at, purged_by and purge_batch are set
participants.ParticipantAlias   C the row (a name and nothing else)
participants.Episode            C close reason;  K opened, intake completed and closed dates
participants.StatusChange       C reason;  K from and to status, who, when
participants.CareTeamMember     C caseload override reason;  K who, primary, added
participants.Consent
    C purpose, the scanned form (its file is deleted from storage) and its type
    K categories, recipients, dates, Part 2 flag, revocation (disclosures cite releases by id)
participants.IntakeAssessment
    C every notes field; substance use, MAT, mental and physical health, documents, legal
      obligations, immediate needs
    K status, dates, who; housing, income sources, employment and insurance at intake (the
      outcomes report compares them with the latest check-in)
participants.MergeRecord        C reason;  K the two records, moved rows (ids only), dates
participants.NotDuplicate       K all (ids, who, when)
referrals.Referral (matched, or never linked to a participant and due on its own)
    C names, aliases, date of birth, approximate age, physical description, how to find,
      incident number, location, offences, drug type and quantity, place of the activity,
      community referrer, narrative, flag reason, decision note
    K pathway, officer, agency, area, dates, verification, hand-off times, eligibility answers
      and flags, decision and reason codes, waitlist, match; purged_at is set
referrals.ReferralNotification  K all (kind, recipient, time)
casework.Plan                   K start date, who
casework.Goal                   C text;  K domain, status, dates
casework.Step                   C what, partner's name;  K owner kind, due and done dates
casework.ProgressNote           C the row (a note and its date; no report uses them)
casework.PlanReview             C summary;  K review date, reviewer
casework.Contact
    C note; a voided contact's reason reads "purged"
    K when, staff, mode, location type, minutes, substantive, domains, goals, services,
      Part 2 flag, void date
casework.CheckIn                K every answer (categories the outcomes report counts)
casework.Notification (linking to the record, its events, consultations or referrals)
    C text reads "purged";  K user, kind, dates, link
coordination.LegalEvent
    C case number, offence text, notes
    K type, date, agency, level, release date, source and source id
coordination.FilingFlag         C clear reason;  K dates, who
coordination.Consultation
    C question, partner-safe summary, decision note;  K recommendation, decision, who, dates
coordination.AgendaItem (about the participant)
    C text reads "purged", notes, decision;  K meeting, section, position
coordination.ActionItem (of those agenda items)
    C description reads "purged";  K owner, due and done dates
coordination.ImportBatch (not yet committed)
    C the rows of the participant in a previewed upload (case numbers, offences, notes)
coordination.Disclosure         K all: the accounting of disclosures (ids, categories, dates)
django-pghistory event tables   C every event row of every row above
lead.AuditEvent                 K all: append-only, and its rows hold ids, never names

A record merged into a purged one is the same person, so it is purged with it.

A referral never linked to a participant (declined, declined by the person, approved and never
matched, or never decided) is due on its own once its last event is past the same period
(participants.selectors.referral_retention_due). The same confirmation purges a batch of
them, at most PURGE_BATCH_SIZE besides the records, through the same code as a matched
referral (_purge_referrals), with its history and one `referral.purge` audit event each.

When a purge ends, each callable in PURGE_CALLBACKS is called inside the same transaction
with the batch and the purged participant ids; other apps register there to discard what they
derived from those records (cached report snapshots, say).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import pghistory.models
from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone

from casework.models import (
    CheckIn,
    Contact,
    Goal,
    Notification,
    Plan,
    PlanReview,
    ProgressNote,
    Step,
)
from coordination.models import (
    ActionItem,
    AgendaItem,
    Consultation,
    FilingFlag,
    ImportBatch,
    LegalEvent,
)
from lead import audit
from lead.access import Action, check
from lead.models import SiteSettings
from participants.models import (
    PURGED_LABEL,
    CareTeamMember,
    Consent,
    Episode,
    IntakeAssessment,
    MergeRecord,
    Participant,
    ParticipantAlias,
    RetentionPurge,
    StatusChange,
)
from participants.selectors import (
    referral_retention_due,
    referral_retention_next_batch,
    retention_cutoff,
    retention_due,
    retention_next_batch,
)
from referrals.models import Referral

PURGED_NOTIFICATION = "About a record since purged under the retention policy"

# Called as callback(batch=..., participant_ids=[...]) at the end of every purge, inside its
# transaction. Register with PURGE_CALLBACKS.append(...) from an app's ready().
PURGE_CALLBACKS: list[Callable[..., None]] = []

CLINICAL_INTAKE_FIELDS = {
    "housing_notes": "",
    "income_notes": "",
    "employment_notes": "",
    "health_insurance_notes": "",
    "substance_use": "",
    "mat_interest": "",
    "substance_use_notes": "",
    "mental_health": "",
    "mental_health_notes": "",
    "physical_health": "",
    "physical_health_notes": "",
    "documents": [],
    "documents_notes": "",
    "legal_obligations": [],
    "legal_notes": "",
    "immediate_needs": [],
    "immediate_needs_notes": "",
}

IDENTIFYING_PARTICIPANT_FIELDS = {
    "first_name": "",
    "last_name": "",
    "preferred_name": "",
    "date_of_birth": None,
    "gender_identity_detail": "",
    "preferred_language": "",
    "phone": "",
    "email": "",
    "mailing_address": "",
    "best_way_to_find": "",
    "booking_number": "",
    "other_identifier": "",
    "coordination_summary": "",
    "coordinate_before_filing": False,
    "exit_reason": "",
    "creation_token": None,
}

IDENTIFYING_REFERRAL_FIELDS = {
    "first_name": "",
    "last_name": "",
    "aliases": "",
    "date_of_birth": None,
    "approximate_age": None,
    "physical_description": "",
    "how_to_find": "",
    "incident_number": "",
    "location": "",
    "offenses": "",
    "drug_type": "",
    "drug_quantity_grams": None,
    "activity_place": "",
    "community_referrer": "",
    "narrative": "",
    "flag_reason": "",
    "decision_note": "",
}


@dataclass(frozen=True)
class PurgeResult:
    batch: RetentionPurge | None
    purged: int
    # Records still due once this call is done: the next batches.
    remaining: int
    # The same confirmation was submitted before: this call purged nothing.
    repeated: bool = False
    # Referrals never linked to a participant: purged by this call, and still due after it.
    referrals_purged: int = 0
    referrals_remaining: int = 0


def retention_purge(
    *, purged_by, participant_ids, token, referral_ids=(), now: datetime | None = None
):
    """Purge the listed records and unlinked referrals that are still due, as one batch named
    by the form's token.

    At most PURGE_BATCH_SIZE records, those who exited longest ago, plus the records merged
    into those; and at most PURGE_BATCH_SIZE referrals never linked to a participant, those
    whose last event is oldest. Idempotent: a second call with the same token purges nothing
    and returns the first batch; a record purged meanwhile, or no longer due (the person came
    back, the referral was matched), is skipped.
    """
    check(purged_by, Action.PURGE_RECORDS)
    now = now or timezone.now()
    years = SiteSettings.load().retention_years_after_exit
    cutoff = retention_cutoff(years, now)
    with transaction.atomic():
        done = RetentionPurge.objects.filter(token=token).first()
        if done is not None:
            return _repeated(done, cutoff)
        ids = sorted({int(pk) for pk in participant_ids})
        chosen = retention_next_batch(retention_due(cutoff=cutoff).filter(pk__in=ids))
        # Locked in id order, so two purges never wait on each other in a circle. Waiting
        # for a concurrent purge re-checks the row, which then is no longer due.
        due = list(
            retention_due(cutoff=cutoff)
            .filter(pk__in=chosen.values("pk"))
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        merged = list(
            Participant.objects.filter(merged_into__in=[p.pk for p in due], purged_at__isnull=True)
            .select_for_update()
            .order_by("pk")
        )
        records = due + merged
        listed = sorted({int(pk) for pk in referral_ids})
        chosen_referrals = referral_retention_next_batch(
            referral_retention_due(cutoff=cutoff).filter(pk__in=listed)
        )
        referrals = list(
            referral_retention_due(cutoff=cutoff)
            .filter(pk__in=chosen_referrals.values("pk"))
            .select_for_update(of=("self",))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not records and not referrals:
            done = RetentionPurge.objects.filter(token=token).first()
            if done is not None:
                return _repeated(done, cutoff)
            return PurgeResult(None, 0, **_remaining(cutoff))
        try:
            with transaction.atomic():
                batch = RetentionPurge.objects.create(
                    token=token,
                    purged_by=purged_by,
                    purged_at=now,
                    retention_years=years,
                    exited_before=cutoff,
                    participant_ids=[p.pk for p in records],
                    purged_count=len(records),
                    referral_ids=referrals,
                )
        except IntegrityError:
            return _repeated(RetentionPurge.objects.get(token=token), cutoff)
        for participant in records:
            _purge_record(participant, batch=batch, purged_by=purged_by, now=now)
            audit.record(
                actor=purged_by,
                action="participant.purge",
                obj=batch,
                participant_id=participant.pk,
            )
        if referrals:
            history = {Referral: list(referrals)}
            links = _purge_referrals(referrals, now=now)
            Notification.objects.filter(link__in=links).update(text=PURGED_NOTIFICATION)
            _delete_history(history)
            for pk in referrals:
                audit.record(
                    actor=purged_by,
                    action="referral.purge",
                    object_type="referrals.referral",
                    object_id=pk,
                )
        audit.record(actor=purged_by, action="retention.purge", obj=batch)
        for callback in PURGE_CALLBACKS:
            callback(batch=batch, participant_ids=list(batch.participant_ids))
        remaining = _remaining(cutoff)
    return PurgeResult(batch, len(records), referrals_purged=len(referrals), **remaining)


def _remaining(cutoff) -> dict:
    return {
        "remaining": retention_due(cutoff=cutoff).count(),
        "referrals_remaining": referral_retention_due(cutoff=cutoff).count(),
    }


def _repeated(done: RetentionPurge, cutoff) -> PurgeResult:
    return PurgeResult(
        done,
        done.purged_count,
        repeated=True,
        referrals_purged=len(done.referral_ids),
        **_remaining(cutoff),
    )


def _purge_referrals(pks: list[int], *, now) -> list[str]:
    """Clear what identifies the person in these referrals; return the links to them.

    The one definition of what a purged referral keeps, for referrals matched to a purged
    record and for those never linked to one.
    """
    Referral.objects.filter(pk__in=pks).update(**IDENTIFYING_REFERRAL_FIELDS, purged_at=now)
    return [reverse("referrals:detail", args=[r]) for r in pks]


def _purge_record(participant: Participant, *, batch, purged_by, now) -> None:
    pk = participant.pk
    history: dict[type, list[int]] = {}

    def ids(queryset) -> list[int]:
        found = list(queryset.values_list("pk", flat=True))
        history[queryset.model] = history.get(queryset.model, []) + found
        return found

    Participant.objects.filter(pk=pk).update(
        **IDENTIFYING_PARTICIPANT_FIELDS,
        purged_at=now,
        purged_by=purged_by,
        purge_batch=batch,
        updated_at=now,
    )
    history[Participant] = [pk]
    ParticipantAlias.objects.filter(
        pk__in=ids(ParticipantAlias.objects.filter(participant_id=pk))
    ).delete()
    Episode.objects.filter(pk__in=ids(Episode.objects.filter(participant_id=pk))).update(
        close_reason=""
    )
    StatusChange.objects.filter(participant_id=pk).update(reason="")
    CareTeamMember.objects.filter(
        pk__in=ids(CareTeamMember.objects.filter(participant_id=pk))
    ).update(caseload_override_reason="")
    consents = Consent.objects.filter(pk__in=ids(Consent.objects.filter(participant_id=pk)))
    for consent in consents.exclude(form_scan=""):
        consent.form_scan.storage.delete(consent.form_scan.name)
    consents.update(purpose="", form_scan="", form_content_type="")
    IntakeAssessment.objects.filter(
        pk__in=ids(IntakeAssessment.objects.filter(participant_id=pk))
    ).update(**CLINICAL_INTAKE_FIELDS)
    MergeRecord.objects.filter(
        pk__in=ids(MergeRecord.objects.filter(Q(survivor_id=pk) | Q(merged_id=pk)))
    ).update(reason="")

    referral_links = _purge_referrals(ids(Referral.objects.filter(participant_id=pk)), now=now)

    ids(Plan.objects.filter(participant_id=pk))
    Goal.objects.filter(pk__in=ids(Goal.objects.filter(plan__participant_id=pk))).update(text="")
    Step.objects.filter(pk__in=ids(Step.objects.filter(goal__plan__participant_id=pk))).update(
        text="", partner_name=""
    )
    ProgressNote.objects.filter(
        pk__in=ids(ProgressNote.objects.filter(goal__plan__participant_id=pk))
    ).delete()
    PlanReview.objects.filter(
        pk__in=ids(PlanReview.objects.filter(plan__participant_id=pk))
    ).update(summary="")
    contacts = Contact.objects.filter(pk__in=ids(Contact.objects.filter(participant_id=pk)))
    contacts.update(note="")
    contacts.filter(voided_at__isnull=False).update(void_reason=PURGED_LABEL)
    ids(CheckIn.objects.filter(participant_id=pk))

    events = ids(LegalEvent.objects.filter(participant_id=pk))
    LegalEvent.objects.filter(pk__in=events).update(case_number="", offence="", notes="")
    FilingFlag.objects.filter(participant_id=pk).update(clear_reason="")
    consultations = ids(Consultation.objects.filter(participant_id=pk))
    Consultation.objects.filter(pk__in=consultations).update(
        question="", summary="", decision_note=""
    )
    AgendaItem.objects.filter(participant_id=pk).update(text=PURGED_LABEL, notes="", decision="")
    ActionItem.objects.filter(agenda_item__participant_id=pk).update(description=PURGED_LABEL)

    # One statement for every previewed upload, however many hold the record's rows. The SQL
    # is a constant; the record's id goes in as a parameter.
    mine = {"participant_id": pk}
    ImportBatch.objects.filter(state=ImportBatch.State.PREVIEW, rows__contains=[mine]).update(
        rows=RawSQL(_OTHER_ROWS, [json.dumps(mine)]),  # noqa: S611  # nosec B611
        new_count=RawSQL(_OTHER_ROW_COUNT, [json.dumps(mine)]),  # noqa: S611  # nosec B611
    )

    links = [reverse("coordination:legal_event_detail", args=[e]) for e in events]
    links += [reverse("coordination:consultation_detail", args=[c]) for c in consultations]
    links += referral_links
    about = Q(link__startswith=reverse("participants:detail", args=[pk])) | Q(link__in=links)
    about |= Q(link__startswith=reverse("casework:plan", args=[pk]).removesuffix("plan/"))
    Notification.objects.filter(about).update(text=PURGED_NOTIFICATION)

    _delete_history(history)


# The rows of a previewed upload that are not about the given participant, in their order.
_OTHER_ROWS = """
    COALESCE(
        (SELECT jsonb_agg(kept.item ORDER BY kept.n)
         FROM jsonb_array_elements("rows") WITH ORDINALITY AS kept(item, n)
         WHERE NOT kept.item @> %s::jsonb),
        '[]'::jsonb
    )
"""
_OTHER_ROW_COUNT = """
    (SELECT count(*) FROM jsonb_array_elements("rows") AS kept(item)
     WHERE NOT kept.item @> %s::jsonb)
"""


def _delete_history(history: dict[type, list[int]]) -> None:
    """Delete every django-pghistory event row that copies one of these rows."""
    by_model = {
        model.pgh_tracked_model: model
        for model in apps.get_models()
        if issubclass(model, pghistory.models.Event)
    }
    for tracked, pks in history.items():
        event_model = by_model.get(tracked)
        if event_model is not None and pks:
            event_model.objects.filter(pgh_obj_id__in=pks).delete()
