from django.db import connection
from django.db.models import Aggregate, Case, CharField, F, FloatField, Func, Q, Value, When

from participants.models import RaceEthnicity

NOT_RECORDED = "not_recorded"
MULTIPLE = "multiple"
NOT_MATCHED = "not_matched"
RACE_LABELS = dict(RaceEthnicity.choices) | {
    MULTIPLE: "More than one race or ethnicity",
    NOT_RECORDED: "Not recorded",
    NOT_MATCHED: "Not yet matched to a person",
}
RACE_ORDER = [*RaceEthnicity.values, MULTIPLE, NOT_RECORDED, NOT_MATCHED]


def race_group(path: str = "race_ethnicity", *, nullable: bool = False):
    """One group per person: their single answer, "more than one", or "not recorded".

    People who give several answers are counted once, so every table's groups add up to its
    total.
    """
    whens = [
        When(**{f"{path}__len": 0}, then=Value(NOT_RECORDED)),
        When(**{f"{path}__len__gt": 1}, then=Value(MULTIPLE)),
    ]
    if nullable:
        whens.insert(0, When(**{f"{path}__isnull": True}, then=Value(NOT_MATCHED)))
    return Case(*whens, default=F(f"{path}__0"), output_field=CharField())


RACE_GROUP_SQL = """CASE WHEN cardinality({col}) = 0 THEN 'not_recorded'
    WHEN cardinality({col}) > 1 THEN 'multiple' ELSE {col}[1] END"""


def race_label(code) -> str:
    return RACE_LABELS.get(code, str(code))


def race_sorted(counts: dict) -> list:
    """Group codes in the fixed order of the race list, then any others."""
    known = [code for code in RACE_ORDER if code in counts]
    return known + sorted(code for code in counts if code not in RACE_ORDER)


class Median(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def epoch_seconds(later: str, earlier: str):
    return Func(F(later) - F(earlier), template="EXTRACT(EPOCH FROM %(expressions)s)")


def participant_scope(filters, prefix: str = "") -> Q:
    """Participants the report covers: not merged away, of the agency and area chosen."""
    q = Q(**{f"{prefix}merged_into__isnull": True})
    if filters.agency_id:
        q &= Q(**{f"{prefix}agency_id": filters.agency_id})
    if filters.area:
        q &= Q(**{f"{prefix}agency__area": filters.area})
    return q


_AREA_SQL = (
    " AND EXISTS (SELECT 1 FROM lead_agency fa WHERE fa.id = {alias}.agency_id AND fa.area = %s)"
)


def participant_scope_sql(filters, alias: str = "p") -> tuple[str, list]:
    """The same rule as participant_scope, as SQL for the raw queries."""
    sql = f"{alias}.merged_into_id IS NULL"
    params: list = []
    if filters.agency_id:
        sql += f" AND {alias}.agency_id = %s"
        params.append(filters.agency_id)
    if filters.area:
        # `alias` is always a constant of this module's callers, never input.
        sql += _AREA_SQL.format(alias=alias)
        params.append(filters.area)
    return sql, params


def fetch(sql: str, params) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c.name for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def named_scope(filters, params: dict, alias: str = "p") -> str:
    """participant_scope_sql with named parameters, added to `params`."""
    scope, values = participant_scope_sql(filters, alias)
    for index, value in enumerate(values):
        name = f"scope_{alias}_{index}"
        params[name] = value
        scope = scope.replace("%s", f"%({name})s", 1)
    return scope
