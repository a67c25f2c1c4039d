FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY contract ./contract
COPY config ./config
COPY policies ./policies
COPY extraction ./extraction
COPY comparison ./comparison
RUN pip install .
COPY . .
RUN useradd --create-home atlas && mkdir -p /app/var && chown -R atlas /app/var
USER atlas
ENV DJANGO_SETTINGS_MODULE=config.settings.production
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
