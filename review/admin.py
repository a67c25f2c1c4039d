"""Admin: reviews with their audit log inline, the audit log itself (read-only), the model
registry."""

from __future__ import annotations

from django.contrib import admin

from review.models import Review, ReviewEvent, TrainedModel


class ReviewEventInline(admin.TabularInline):
    model = ReviewEvent
    extra = 0
    can_delete = False
    fields = ("at", "kind", "actor", "details")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("id", "created_at", "reviewer", "action", "reason", "field", "value",
                    "new_value", "status", "version")
    list_filter = ("status", "action", "field", "reviewer")
    search_fields = ("sentence", "value", "new_value", "note", "reviewer__username")
    date_hierarchy = "created_at"
    list_select_related = ("reviewer", "version__policy__company")
    raw_id_fields = ("version", "clause", "carried_from")
    inlines = [ReviewEventInline]
    # Reviews are written through the app (services record the audit trail); the admin shows.
    readonly_fields = [f.name for f in Review._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "actor", "review", "details")
    list_filter = ("kind", "actor")
    date_hierarchy = "at"
    list_select_related = ("actor", "review")
    readonly_fields = ("review", "kind", "actor", "at", "details")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TrainedModel)
class TrainedModelAdmin(admin.ModelAdmin):
    list_display = ("name", "created_at", "training_policies", "held_out_policies", "score",
                    "rules_score", "active_score", "active")
    list_filter = ("active",)
    readonly_fields = [f.name for f in TrainedModel._meta.fields]
