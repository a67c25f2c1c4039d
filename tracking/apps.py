from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "Tracking"

    def ready(self) -> None:
        # Build change events when an extraction run finishes (uploads and fetches alike).
        # Register the Celery tasks: services send them by name, without importing them.
        from tracking import (
            receivers,  # noqa: F401
            tasks,  # noqa: F401
        )
