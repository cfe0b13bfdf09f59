"""Production: refuses to start without a real secret and a real database."""

import os
from pathlib import Path

import environ

from lead.config_errors import refuse_to_start

environ.Env.read_env(Path(__file__).resolve().parents[2] / ".env", overwrite=False)

# Checked before the base settings load, so that a missing DATABASE_URL never starts an
# embedded database in production.
_secret = os.environ.get("SECRET_KEY", "")
if not _secret:
    refuse_to_start("SECRET_KEY is not set: set SECRET_KEY to a random string of 50+ characters.")
if len(_secret) < 50 or len(set(_secret)) < 5 or _secret.startswith("django-insecure"):
    refuse_to_start("SECRET_KEY is too weak: set SECRET_KEY to a random string of 50+ characters.")
if not os.environ.get("DATABASE_URL"):
    refuse_to_start("DATABASE_URL is not set: set DATABASE_URL=postgres://user:pass@host/db.")

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

DEBUG = env.bool("DEBUG", default=False)
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=True)

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz is probed over plain HTTP from inside the container.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and Path=/.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
