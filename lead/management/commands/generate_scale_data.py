from django.core.management.base import BaseCommand, CommandError

from lead.scale.generate import OtherGenerationPresent, RealDataPresent, generate


class Command(BaseCommand):
    help = (
        "Builds a synthetic LEAD program of N participants with every table in proportion, "
        "for benchmarks. One transaction: an interrupted run leaves nothing behind."
    )

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add generated data even though the database holds real data.",
        )

    def handle(self, *args, participants, seed, force, **options):
        if participants < 10:
            raise CommandError("--participants must be at least 10.")
        self.stdout.write(f"Generating a program of {participants:,} participants (seed {seed}):")
        try:
            counts = generate(n=participants, seed=seed, force=force, out=self.stdout)
        except RealDataPresent:
            raise CommandError(
                "This database holds real (non-generated) data: agencies that the generator "
                "did not make. Refusing to add synthetic data to it. Use an empty database, "
                "or pass --force if you really mean to."
            ) from None
        except OtherGenerationPresent as found:
            raise CommandError(
                f"This database already holds generated data ({found}). Generated contacts "
                "and audit rows cannot be deleted, so drop and recreate the database first."
            ) from None
        if counts is None:
            self.stdout.write(self.style.SUCCESS("Already generated with these settings."))
            return
        rows = sum(v for k, v in counts.items() if not k.startswith("_"))
        self.stdout.write(self.style.SUCCESS(f"Done: {rows:,} rows in {counts['_seconds']:.0f} s."))
