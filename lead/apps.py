from django.apps import AppConfig


class LeadConfig(AppConfig):
    name = "lead"
    verbose_name = "LEAD platform"
