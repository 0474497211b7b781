# Production image: gunicorn / Celery, static files collected and served by WhiteNoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first (cached until pyproject.toml changes). `packages = []` in pyproject.toml:
# installing the project installs only its dependencies; the code runs from /app.
COPY pyproject.toml README.md ./
RUN pip install .

# pg_dump / pg_restore for the nightly backup (backups/, issue 26). Debian 12's client is PostgreSQL 15, the
# compose file's server: pg_dump refuses a server newer than itself.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

COPY . .

# collectstatic in production mode (DEBUG=false → manifest storage); the key is for this step only.
RUN DEBUG=false SECRET_KEY=collectstatic-only-not-a-runtime-secret-0123456789abcdefghijklmnop \
    python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home portal \
    && mkdir -p /app/var/media /app/var/beat /app/var/backups \
    && chown -R portal:portal /app/var

USER portal

EXPOSE 8000

CMD ["gunicorn", "disclosure_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", \
     "--access-logfile", "-", "--error-logfile", "-"]
