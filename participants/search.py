"""Finding people by name, alias or date of birth, tolerant of how names really get written.

Names arrive misspelled ("Jonathon Smyth"), as nicknames ("Bill"), with first and last swapped,
or as a street name. Each candidate gets a `search_score` from 0 to about 1.3:

- trigram similarity (pg_trgm) of the query, and of its nickname variants, to the legal name,
  the preferred name and every alias; trigrams ignore word order, so swapped names score the
  same as the right order;
- the share of query words whose phonetic codes (fuzzystrmatch dmetaphone, or soundex) equal
  the code of a first, last, preferred or alias name;
- a bonus when the date of birth matches.

The search terms are never logged or written anywhere.
"""

import re
from datetime import date
from itertools import islice

from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat, Greatest, Lower

from lead import audit
from lead.access import Action, can
from participants.models import Participant, ParticipantAlias
from participants.nicknames import name_variants

MIN_SCORE = 0.3
MAX_TOKENS = 5
MAX_VARIANTS = 8
DOB_BONUS = 0.3
DOB_MISMATCH_PENALTY = 0.1

# What a cross-agency match may show: who the person is, never how they are doing.
IDENTITY_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "agency",
    "status",
    "merged_into",
)


def tokenize(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", text.lower())[:MAX_TOKENS]


def query_variants(tokens: list[str]) -> list[str]:
    """The query itself, then the query with one word swapped for a nickname or full name."""
    variants = [" ".join(tokens)]
    for i, token in enumerate(tokens):
        for alt in sorted(name_variants(token)):
            variants.append(" ".join([*tokens[:i], alt, *tokens[i + 1 :]]))
    return list(islice(dict.fromkeys(variants), MAX_VARIANTS))


def _code(function: str, value):
    return Func(value, function=function)


def _token_matches(token: str) -> Q:
    """True where some name of the person sounds like `token` (or a nickname of it)."""
    spellings = [token, *sorted(name_variants(token))]
    q = Q()
    for spelling in spellings:
        dm = _code("dmetaphone", Value(spelling))
        sx = _code("soundex", Value(spelling))
        alias_sounds = ParticipantAlias.objects.annotate(
            _alias_dm=_code("dmetaphone", F("name")), _alias_sx=_code("soundex", F("name"))
        ).filter(Q(participant=OuterRef("pk")), Q(_alias_dm=dm) | Q(_alias_sx=sx))
        q |= (
            Q(_first_dm=dm)
            | Q(_last_dm=dm)
            | Q(_pref_dm=dm)
            | Q(_last_sx=sx)
            | Q(_first_sx=sx)
            | Exists(alias_sounds)
        )
    return q


def _ranked(queryset: QuerySet, text: str, date_of_birth: date | None, limit: int) -> list:
    tokens = tokenize(text)
    if not tokens and date_of_birth is None:
        return []
    # A purged record has no name or birth date left to match.
    qs = queryset.filter(merged_into__isnull=True, purged_at__isnull=True)
    if not tokens:
        return list(
            qs.filter(date_of_birth=date_of_birth)
            .annotate(search_score=Value(1.0, output_field=FloatField()))
            .order_by("last_name", "first_name", "id")[:limit]
        )

    variants = query_variants(tokens)
    qs = qs.annotate(
        _first_l=Lower("first_name"),
        _last_l=Lower("last_name"),
        _pref_l=Lower("preferred_name"),
        _full=Lower(Concat("first_name", Value(" "), "last_name")),
        _pref_full=Lower(Concat("preferred_name", Value(" "), "last_name")),
        _first_dm=_code("dmetaphone", F("first_name")),
        _last_dm=_code("dmetaphone", F("last_name")),
        _pref_dm=_code("dmetaphone", F("preferred_name")),
        _first_sx=_code("soundex", F("first_name")),
        _last_sx=_code("soundex", F("last_name")),
    )

    # A cheap first cut the trigram (GIN) and dmetaphone indexes can serve.
    alias_near = ParticipantAlias.objects.annotate(_l=Lower("name")).filter(
        participant=OuterRef("pk")
    )
    word_near = Q()
    for word in {w for v in variants for w in v.split()}:
        word_near |= (
            Q(_first_l__trigram_similar=word)
            | Q(_last_l__trigram_similar=word)
            | Q(_pref_l__trigram_similar=word)
            | Q(_first_dm=_code("dmetaphone", Value(word)))
            | Q(_last_dm=_code("dmetaphone", Value(word)))
        )
    alias_q = Q()
    for v in variants:
        alias_q |= Q(_l__trigram_similar=v)
    for word in tokens:
        alias_q |= Q(_l__trigram_similar=word)
    candidates = word_near | Exists(alias_near.filter(alias_q))
    if date_of_birth is not None:
        candidates |= Q(date_of_birth=date_of_birth)
    qs = qs.filter(candidates)

    name_sims = []
    for v in variants:
        name_sims += [TrigramSimilarity("_full", v), TrigramSimilarity("_pref_full", v)]
    alias_sim = Subquery(
        ParticipantAlias.objects.filter(participant=OuterRef("pk"))
        .annotate(_s=Greatest(*[TrigramSimilarity(Lower("name"), v) for v in variants], 0.0))
        .order_by("-_s")
        .values("_s")[:1],
        output_field=FloatField(),
    )
    qs = qs.annotate(
        _name_sim=Greatest(*name_sims, Coalesce(alias_sim, 0.0), output_field=FloatField())
    )
    phonetic_hits = [_token_matches(t) for t in tokens]
    qs = qs.alias(
        **{f"_sound_{i}": _as_float(hit) for i, hit in enumerate(phonetic_hits)},
    )
    phonetic = sum((F(f"_sound_{i}") for i in range(len(tokens))), Value(0.0)) / len(tokens)
    score = 0.6 * F("_name_sim") + 0.4 * phonetic
    if date_of_birth is not None:
        score = score + _as_float(Q(date_of_birth=date_of_birth), DOB_BONUS)
        score = score - _as_float(
            Q(date_of_birth__isnull=False) & ~Q(date_of_birth=date_of_birth),
            DOB_MISMATCH_PENALTY,
        )
    qs = qs.annotate(search_score=_float(score))
    return list(
        qs.filter(search_score__gte=MIN_SCORE).order_by("-search_score", "last_name", "id")[:limit]
    )


def _float(expression):
    return Func(expression, function="", output_field=FloatField(), template="(%(expressions)s)")


def _as_float(condition: Q, weight: float = 1.0):
    from django.db.models import Case, When

    return Case(When(condition, then=Value(weight)), default=Value(0.0), output_field=FloatField())


def participant_search(
    *, user, text: str, date_of_birth: date | None = None, limit: int = 20
) -> list[Participant]:
    """People `user` may see, best match first; each carries a float `search_score`."""
    visible = Participant.objects.visible_to(user).select_related("agency")
    return _ranked(visible, text, date_of_birth, limit)


def participant_search_for_matching(
    *, user, text: str, date_of_birth: date | None = None, limit: int = 20
) -> list[Participant]:
    """Program-wide search, so a person referred again attaches to their existing record even
    when another provider serves them. Identity fields only; care and program staff only.
    """
    if not can(user, Action.MATCH_PARTICIPANTS):
        raise PermissionDenied
    audit.record(
        actor=user, action="participant.match_search", object_type="participants.participant"
    )
    base = Participant.objects.only(*IDENTITY_FIELDS, "agency__name").select_related("agency")
    return _ranked(base, text, date_of_birth, limit)
