from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "Analyst review"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from review import receivers  # noqa: F401  (connects the re-anchoring receiver)
