"""Builds a whole synthetic program in one transaction, so an interrupted run leaves nothing.

Generated rows are recognised by their agencies' names (`PREFIX`); the program agency's
`area` carries a marker naming the size and seed, which makes a second identical run a no-op.
"""

import random
import time
from datetime import timedelta

import pgtrigger
from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from lead.models import Agency
from lead.scale import partners, people, work
from lead.scale.copy import Loader
from lead.scale.people import PREFIX, World


class RealDataPresent(Exception):
    """The database holds rows this generator did not make."""


class OtherGenerationPresent(Exception):
    """The database already holds generated data of another size or seed."""


# Bumped whenever the shape of the generated data changes, so old builds are not reused.
GENERATOR_VERSION = 2


def marker_for(n: int, seed: int) -> str:
    return f"generated: participants={n} seed={seed} v={GENERATOR_VERSION}"


def existing_marker() -> str | None:
    return (
        Agency.objects.filter(name=f"{PREFIX}Program", area__startswith="generated:")
        .values_list("area", flat=True)
        .first()
    )


def real_data_present() -> bool:
    """Any agency not made by the generator means the database is someone's real site."""
    return Agency.objects.exclude(name__startswith=PREFIX).exists()


def _is_superuser(cursor) -> bool:
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    row = cursor.fetchone()
    return bool(row and row[0])


def generate(*, n: int, seed: int = 1, force: bool = False, out=None) -> dict[str, int] | None:
    """Build the program; returns row counts per table, or None when it was already built."""
    marker = marker_for(n, seed)
    found = existing_marker()
    if found == marker:
        return None
    if found is not None:
        raise OtherGenerationPresent(found)
    if real_data_present() and not force:
        raise RealDataPresent
    started = time.monotonic()
    loader = Loader(out)
    rng = random.Random(seed)  # noqa: S311 - repeatable synthetic data, not secrets
    faker = Faker("en_US")
    faker.seed_instance(seed)
    now = timezone.now()
    world = World(
        n=n, rng=rng, now=now, start=now - timedelta(days=365 * people.YEARS), faker=faker
    )
    world.first_names = sorted({faker.first_name() for _ in range(600)})
    world.last_names = sorted({faker.last_name() for _ in range(1500)})
    # pghistory's and the append-only triggers are pgtrigger triggers: ignoring them for this
    # one transaction keeps history tables from doubling a bulk load that no person made.
    # Foreign keys and check constraints still apply.
    with transaction.atomic(), pgtrigger.ignore():
        with connection.cursor() as cursor:
            # The ignore setting is sent with the next statement, and COPY bypasses Django's
            # cursor wrappers, so send one now; it holds until the transaction ends.
            cursor.execute("SELECT 1")
            cursor.execute("SET LOCAL synchronous_commit = off")
            if _is_superuser(cursor):
                # A superuser can skip every trigger, foreign-key checks included: the rows
                # are consistent by construction, and this makes the load several times faster.
                cursor.execute("SET LOCAL session_replication_role = replica")
        people.write_agencies_and_staff(world, loader, marker)
        people.plan_people(world)
        people.write_people(world, loader)
        work.write_referrals(world, loader)
        goals_of = work.write_plans(world, loader)
        work.write_contacts(world, loader, goals_of)
        work.write_checkins(world, loader)
        partners.write_legal(world, loader)
        partners.write_workgroup(world, loader)
        partners.write_inboxes_and_audit(world, loader)
        partners.write_report_tables(world, loader)
    analyze_started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    loader.out.write(
        f"  {'ANALYZE':<40} {'':>10}      {time.monotonic() - analyze_started:7.1f} s\n"
    )
    loader.counts["_seconds"] = round(time.monotonic() - started, 1)
    return loader.counts
