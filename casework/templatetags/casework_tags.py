from django import template

from lead.access import Action, can

register = template.Library()


@register.filter
def sees_casework(user) -> bool:
    return can(user, Action.VIEW_CLINICAL)


@register.filter
def records_casework(user) -> bool:
    return can(user, Action.RECORD_CASEWORK)


@register.filter
def may_reassign(user) -> bool:
    return can(user, Action.REASSIGN_CASELOAD)
