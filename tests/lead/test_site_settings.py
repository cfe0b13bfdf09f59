from django.urls import reverse

from lead.models import AuditEvent, SiteSettings

URL = reverse("site_settings")


def valid_form(**changes):
    site = SiteSettings.load()
    data = {
        "intake_deadline_days": site.intake_deadline_days,
        "social_contact_lookback_months": site.social_contact_lookback_months,
        "drug_quantity_threshold_grams": site.drug_quantity_threshold_grams,
        "caseload_warn": site.caseload_warn,
        "caseload_block": site.caseload_block,
        "no_contact_alert_days": site.no_contact_alert_days,
        "arrest_diversion_enabled": "on",
        "social_contact_enabled": "on",
        "referral_reviewer": site.referral_reviewer,
        "program_capacity": site.program_capacity,
        "account_inactivity_days": site.account_inactivity_days,
        "retention_years_after_exit": site.retention_years_after_exit,
        "login_banner": site.login_banner,
        "eligibility_exclusions": "\n".join(site.eligibility_exclusions),
    }
    return data | changes


def test_defaults_follow_the_domain_rules(db):
    site = SiteSettings.load()
    assert site.intake_deadline_days == 30
    assert site.social_contact_lookback_months == 24
    assert (site.caseload_warn, site.caseload_block) == (20, 25)
    assert site.no_contact_alert_days == 30
    assert site.community_referral_enabled is False
    assert "Not amenable" in site.eligibility_exclusions


def test_program_manager_changes_the_intake_deadline(personas, client_for):
    response = client_for("program_manager").post(
        URL,
        valid_form(intake_deadline_days=14, eligibility_exclusions="Under 18\n\nNot amenable\n"),
    )
    assert response.status_code == 302
    site = SiteSettings.load()
    assert site.intake_deadline_days == 14
    assert site.eligibility_exclusions == ["Under 18", "Not amenable"]
    assert AuditEvent.objects.filter(
        action="site_settings.update", actor=personas.program_manager
    ).exists()
    assert site.events.order_by("pgh_id").last().intake_deadline_days == 14


def test_block_below_warn_is_refused_and_the_input_is_kept(personas, client_for):
    response = client_for("program_manager").post(
        URL, valid_form(caseload_warn=30, caseload_block=10, intake_deadline_days=9)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The block level cannot be below the warning level." in page
    assert 'value="9"' in page
    assert SiteSettings.load().intake_deadline_days == 30


def test_at_least_one_required_pathway_stays_on(personas, client_for):
    data = valid_form()
    del data["arrest_diversion_enabled"], data["social_contact_enabled"]
    response = client_for("program_manager").post(URL, data)
    assert response.status_code == 200
    assert "Turn on at least one" in response.content.decode()


def test_case_manager_cannot_change_site_settings(personas, client_for):
    response = client_for("case_manager_a").post(URL, valid_form(intake_deadline_days=7))
    assert response.status_code == 403
    assert SiteSettings.load().intake_deadline_days == 30
