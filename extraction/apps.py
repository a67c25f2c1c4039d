from django.apps import AppConfig


class ExtractionConfig(AppConfig):
    name = "extraction"
    verbose_name = "Extraction"

    def ready(self) -> None:
        # Register the Celery tasks with the app: the run services send them by name
        # (extraction.services.runs.EXTRACT_RUN_TASK), without importing this module.
        from extraction import tasks  # noqa: F401
