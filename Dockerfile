# Production image: gunicorn serving the app, static files collected at build time.
# Needs an external PostgreSQL (DATABASE_URL) and a SECRET_KEY at run time; see README.md.

# --- Stage 1: front-end packages (Bootstrap, Bootstrap Icons) -------------------------------
FROM node:20-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev

# --- Stage 2: the app -----------------------------------------------------------------------
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=lead.settings.production \
    MEDIA_ROOT=/data/media

WORKDIR /app

# Dependencies first, read from pyproject.toml, so code changes do not reinstall them.
COPY pyproject.toml README.md ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt

# The app itself. Listed one by one so that a local .env, tests or data never enter the image.
COPY manage.py ./
COPY lead ./lead
COPY participants ./participants
COPY referrals ./referrals
COPY casework ./casework
COPY coordination ./coordination
COPY reports ./reports
COPY templates ./templates
COPY static ./static
COPY --from=assets /src/node_modules/bootstrap/dist ./node_modules/bootstrap/dist
COPY --from=assets /src/node_modules/bootstrap-icons/font ./node_modules/bootstrap-icons/font

# Install the project (not the `local` extra: production always uses DATABASE_URL), then
# collect static files. Production settings refuse to load without a SECRET_KEY and a
# DATABASE_URL; collectstatic never connects, so a throwaway key and a dummy URL do.
RUN pip install --no-deps . \
 && rm -rf build ./*.egg-info \
 && SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    DATABASE_URL="postgres://build:build@127.0.0.1:5432/build" \
    python manage.py collectstatic --noinput \
 && groupadd --system lead \
 && useradd --system --gid lead --home-dir /app --no-create-home --shell /usr/sbin/nologin lead \
 && mkdir -p /data/media \
 && chown lead:lead /data/media

# Code stays owned by root and read-only for the app user.
USER lead

EXPOSE 8000

# /healthz is exempt from the HTTPS redirect. The Host header is the first ALLOWED_HOSTS
# entry, so the probe passes host validation whatever the deployment's host name is.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; h = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4)"]

# No access log by default: query strings may hold search terms. Tune with GUNICORN_CMD_ARGS
# or WEB_CONCURRENCY (the number of workers).
CMD ["gunicorn", "lead.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-tmp-dir", "/dev/shm"]
