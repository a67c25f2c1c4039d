from django.contrib import admin

from extraction.models import ExtractionRun


@admin.register(ExtractionRun)
class ExtractionRunAdmin(admin.ModelAdmin):
    list_display = (
        "id", "version", "status", "stage", "progress", "pipeline_version", "attempts",
        "clause_count", "created_at", "finished_at",
    )
    list_filter = ("status", "stage", "pipeline_version")
    search_fields = ("version__policy__company__name", "task_id", "error")
    list_select_related = ("version__policy__company",)
    raw_id_fields = ("version",)
    readonly_fields = ("created_at", "dispatched_at", "started_at", "finished_at", "timings")
