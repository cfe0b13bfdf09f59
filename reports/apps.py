from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Reports and evaluation"

    def ready(self):
        from participants.services import PURGE_CALLBACKS
        from reports.services.snapshots import discard_after_purge

        # Stored report figures can list a purged person (the out-of-contact table), so a
        # purge drops every snapshot; pages compute live until the next nightly rebuild.
        if discard_after_purge not in PURGE_CALLBACKS:
            PURGE_CALLBACKS.append(discard_after_purge)
