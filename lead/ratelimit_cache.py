"""A cache of whole-number counters in PostgreSQL, for django-ratelimit.

django-ratelimit needs a cache that every gunicorn worker shares and that increments
atomically; the deployment has PostgreSQL and nothing else, and Django's own database cache
does not increment atomically (read, then write). Here every operation is one SQL statement
on `lead.RateLimitCounter`: `add` is an INSERT ... ON CONFLICT that takes over only an expired
row, and `incr` is an UPDATE ... RETURNING, which PostgreSQL serialises on the row lock, so
concurrent increments never lose a count.

Only integers are stored: this is the rate-limit cache, not a general one. Expiry follows the
clock Django's caches use (`time.time()`, which also places django-ratelimit's windows), and
`delete_expired_rate_limit_counters` (a daily job) removes rows whose time is up.
"""

from datetime import UTC, datetime

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

# Plain statements on lead.models.RateLimitCounter. A row is live while "expires_at" is NULL
# (never expires) or later than the time passed in.
GET = (
    'SELECT "count" FROM lead_ratelimitcounter '
    'WHERE "key" = %s AND ("expires_at" IS NULL OR "expires_at" > %s)'
)
SET = (
    'INSERT INTO lead_ratelimitcounter ("key", "count", "expires_at") VALUES (%s, %s, %s) '
    'ON CONFLICT ("key") DO UPDATE '
    'SET "count" = EXCLUDED."count", "expires_at" = EXCLUDED."expires_at"'
)
# SET, but taking over an existing row only when it has expired; RETURNING yields a row only
# when the statement wrote one.
ADD = (
    'INSERT INTO lead_ratelimitcounter ("key", "count", "expires_at") VALUES (%s, %s, %s) '
    'ON CONFLICT ("key") DO UPDATE '
    'SET "count" = EXCLUDED."count", "expires_at" = EXCLUDED."expires_at" '
    'WHERE lead_ratelimitcounter."expires_at" <= %s '
    'RETURNING "count"'
)
INCR = (
    'UPDATE lead_ratelimitcounter SET "count" = "count" + %s '
    'WHERE "key" = %s AND ("expires_at" IS NULL OR "expires_at" > %s) '
    'RETURNING "count"'
)
TOUCH = (
    'UPDATE lead_ratelimitcounter SET "expires_at" = %s '
    'WHERE "key" = %s AND ("expires_at" IS NULL OR "expires_at" > %s)'
)
DELETE = 'DELETE FROM lead_ratelimitcounter WHERE "key" = %s'
CLEAR = "DELETE FROM lead_ratelimitcounter"
DELETE_EXPIRED = 'DELETE FROM lead_ratelimitcounter WHERE "expires_at" <= %s'


class DatabaseCounterCache(BaseCache):
    """`LOCATION` names the database alias (default: "default")."""

    def __init__(self, location, params):
        super().__init__(params)
        self._alias = location or DEFAULT_DB_ALIAS

    def _expires_at(self, timeout) -> datetime | None:
        expires = self.get_backend_timeout(timeout)
        return None if expires is None else datetime.fromtimestamp(expires, tz=UTC)

    def _execute(self, sql: str, params: list):
        with connections[self._alias].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if cursor.description else cursor.rowcount

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        row = self._execute(GET, [key, timezone.now()])
        return default if row is None else row[0]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._execute(SET, [key, _whole_number(value), self._expires_at(timeout)])

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        """Sets the key unless it holds a live value; True when it was set."""
        key = self.make_and_validate_key(key, version=version)
        params = [key, _whole_number(value), self._expires_at(timeout), timezone.now()]
        return self._execute(ADD, params) is not None

    def incr(self, key, delta=1, version=None) -> int:
        key = self.make_and_validate_key(key, version=version)
        row = self._execute(INCR, [_whole_number(delta), key, timezone.now()])
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        return row[0]

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return self._execute(TOUCH, [self._expires_at(timeout), key, timezone.now()]) > 0

    def delete(self, key, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return self._execute(DELETE, [key]) > 0

    def clear(self) -> None:
        self._execute(CLEAR, [])

    def delete_expired(self) -> int:
        return self._execute(DELETE_EXPIRED, [timezone.now()])


def _whole_number(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("the rate-limit cache stores whole numbers only")
    return value


def delete_expired_rate_limit_counters() -> str:
    """Daily job: counters of windows that have ended."""
    from django.conf import settings

    cache = caches[settings.RATELIMIT_USE_CACHE]
    deleted = cache.delete_expired() if isinstance(cache, DatabaseCounterCache) else 0
    return f"deleted {deleted} expired rate-limit counter(s)"
