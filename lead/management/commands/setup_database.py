from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from lead.db_roles import OWNER_URL_VARIABLE, use_owner_connection


class Command(BaseCommand):
    help = (
        "Migrates as the owner (MIGRATION_DATABASE_URL), then grants the DATABASE_URL role "
        "what the app needs. Without MIGRATION_DATABASE_URL it only migrates."
    )

    def handle(self, *args, **options):
        app_role = connections[DEFAULT_DB_ALIAS].settings_dict["USER"]
        as_owner = use_owner_connection()
        call_command("migrate", interactive=False, verbosity=options["verbosity"])
        if not as_owner:
            self.stdout.write(
                f"{OWNER_URL_VARIABLE} is not set: the app connects as the owner, so nothing "
                "was granted."
            )
            return
        call_command("grant_app_role", app_role, stdout=self.stdout)
