from django.core.management.base import BaseCommand

from lead.daily_jobs import DAILY_JOBS


class Command(BaseCommand):
    help = "Runs the daily jobs (idempotent; safe to run more than once a day)."

    def handle(self, *args, **options):
        for job in DAILY_JOBS:
            summary = job()
            self.stdout.write(f"{job.__name__}: {summary}")
