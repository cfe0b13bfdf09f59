from django.core.management.base import BaseCommand

from lead import demo_data


class Command(BaseCommand):
    help = "Creates or refreshes the fictional demo site. Safe to run again."

    def handle(self, *args, **options):
        password = demo_data.demo_password()
        users = demo_data.seed(password)
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in as any of:"))
        width = max(len(u.username) for u in users)
        for user in users:
            self.stdout.write(
                f"  {user.username:<{width}}  {user.get_role_display():<16} {user.agency}"
            )
        self.stdout.write(f"Password for every demo account: {password}")
