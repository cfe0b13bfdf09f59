from django.core.management.base import BaseCommand

from lead.db_roles import grant_app_role, use_owner_connection


class Command(BaseCommand):
    help = (
        "Grants the app's database role what the app needs and no more: read and write on the "
        "app's tables, but only read and insert on the append-only ones. Run it as the owner "
        "(MIGRATION_DATABASE_URL) after every migrate; it is idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="The role the app connects as, e.g. lead_app.")

    def handle(self, *args, role, **options):
        use_owner_connection()
        withheld = grant_app_role(role)
        self.stdout.write(f"{role}: read and write on the app's tables, except:")
        for table, privileges in sorted(withheld.items()):
            self.stdout.write(f"  {table}: no {', '.join(sorted(privileges))}")
