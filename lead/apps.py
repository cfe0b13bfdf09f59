from django.apps import AppConfig


class LeadConfig(AppConfig):
    name = "lead"
    verbose_name = "LEAD platform"

    def ready(self):
        from lead import ratelimits, signals  # noqa: F401
