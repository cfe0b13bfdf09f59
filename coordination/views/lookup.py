from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from coordination.forms import PartnerLookupForm
from coordination.selectors.partner import partner_lookup
from coordination.services.disclosures import disclosure_record
from lead import audit
from lead.access import Action, require
from lead.ratelimits import LOOKUP, limited


@require(Action.PARTNER_LOOKUP)
@require_http_methods(["GET", "POST"])
@limited(LOOKUP, method="POST")
def lookup(request):
    """Search by name and date of birth (POST, so nothing identifying lands in a URL or log).

    With no release naming the partner's agency the answer is exactly the answer for someone
    who is not in the program: same template, same context, same bytes.
    """
    form = PartnerLookupForm(request.POST or None)
    cards, searched = [], False
    if request.method == "POST" and form.is_valid():
        searched = True
        cards = partner_lookup(user=request.user, **form.cleaned_data)
        audit.record(actor=request.user, action="partner.lookup")
        for card in cards:
            disclosure_record(card=card, disclosed_to=request.user)
    context = {"form": form, "cards": cards, "searched": searched}
    if request.htmx and request.method == "POST":
        return render(request, "coordination/_lookup_results.html", context)
    return render(request, "coordination/lookup.html", context)
