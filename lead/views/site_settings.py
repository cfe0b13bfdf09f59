from django.contrib import messages
from django.shortcuts import redirect, render

from lead import services
from lead.access import Action, require
from lead.forms import SiteSettingsForm
from lead.models import SiteSettings


@require(Action.EDIT_SITE_SETTINGS)
def site_settings(request):
    form = SiteSettingsForm(request.POST or None, instance=SiteSettings.load())
    if request.method == "POST" and form.is_valid():
        services.site_settings_update(form=form, updated_by=request.user)
        messages.success(request, "Site settings saved.")
        return redirect("site_settings")
    return render(request, "lead/site_settings.html", {"form": form})
