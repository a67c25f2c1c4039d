"""The Celery application. Workers start with ``celery -A config worker -Q extraction``.

Without ``CELERY_BROKER_URL`` tasks run eagerly in the calling process (the embedded default).
Reliability settings (late acks, prefetch 1, time limits, visibility timeout, publish retry
policy, the beat sweep) live in the ``CELERY_*`` block of ``config/settings/base.py``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("policy_atlas")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Worker-process hooks (load the NLP pipeline once per process). Importing this module does
# not import spaCy: the handlers import it only when a worker process starts.
import extraction.signals  # noqa: E402, F401
