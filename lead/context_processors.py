from django.urls import reverse

from lead.access import Action, can


def navigation(request):
    """The navigation links the signed-in user's role may follow.

    The program's set-up pages, visited now and then, sit in an "Admin" dropdown
    (`nav_admin_links`) so that the bar stays on one line on a desk screen."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": [], "nav_admin_links": [], "nav_admin_active": False}
    links = [("Home", reverse("home"))]
    admin_links = []
    if can(user, Action.FILE_REFERRALS):
        links.append(("My referrals", reverse("referrals:list")))
    if can(user, Action.VIEW_REFERRALS):
        links.append(("Referrals", reverse("referrals:list")))
    if can(user, Action.VIEW_PARTICIPANTS):
        links.append(("Participants", reverse("participants:list")))
    if can(user, Action.SEARCH_PARTICIPANTS):
        links.append(("Find a person", reverse("participants:search")))
    if can(user, Action.MERGE_PARTICIPANTS):
        links.append(("Duplicates", reverse("participants:duplicates")))
    if can(user, Action.PARTNER_LOOKUP):
        links.append(("Look up", reverse("coordination:lookup")))
    if can(user, Action.MANAGE_WORKGROUP):
        links.append(("Workgroup", reverse("coordination:meeting_list")))
    if can(user, Action.VIEW_REPORTS):
        links.append(("Reports", reverse("reports:index")))
    if can(user, Action.EDIT_SITE_SETTINGS):
        admin_links.append(("Site settings", reverse("site_settings")))
        admin_links.append(("Services list", reverse("casework:service_types")))
    if can(user, Action.PURGE_RECORDS):
        admin_links.append(("Retention", reverse("participants:retention")))
    if can(user, Action.MANAGE_USERS):
        links.append(("Users", reverse("users")))
    if can(user, Action.VIEW_AUDIT_LOG):
        links.append(("Audit log", reverse("audit_log")))
    # Program managers record no casework, but the daily retention alert arrives in their inbox.
    if can(user, Action.RECORD_CASEWORK) or can(user, Action.PURGE_RECORDS):
        links.append(("Inbox", reverse("casework:notifications")))
    return {
        "nav_links": links,
        "nav_admin_links": admin_links,
        "nav_admin_active": any(request.path == url for _, url in admin_links),
    }
