"""Settings for the test suite. DATABASE_URL / CELERY_BROKER_URL still apply (the CI pass)."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the app/project folders without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Deterministic tests: eager tasks run in the on-commit callback itself (tests that check the
# background thread turn this on).
POLICY_EAGER_IN_BACKGROUND = False
