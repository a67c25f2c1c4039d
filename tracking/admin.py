from django.contrib import admin

from tracking.models import (
    ChangeEvent,
    Delivery,
    DigestSubscription,
    Source,
    SourceCheck,
    Subscription,
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("company", "kind", "url", "status", "paused", "last_checked_at",
                    "next_check_at", "failure_count")
    list_filter = ("status", "paused", "kind")
    search_fields = ("url", "company__name")
    raw_id_fields = ("company", "policy", "last_version", "created_by")
    readonly_fields = ("claim_token", "claimed_until", "queued_at", "content_fingerprint")


@admin.register(SourceCheck)
class SourceCheckAdmin(admin.ModelAdmin):
    list_display = ("source", "started_at", "outcome", "http_status", "duration_ms", "worker")
    list_filter = ("outcome",)
    raw_id_fields = ("source", "version")


@admin.register(ChangeEvent)
class ChangeEventAdmin(admin.ModelAdmin):
    list_display = ("company", "occurred_at", "status", "max_materiality", "summary")
    list_filter = ("status",)
    search_fields = ("company__name", "summary")
    raw_id_fields = ("company", "policy", "source", "from_version", "to_version")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("target", "owner", "company", "section", "min_materiality", "active")
    raw_id_fields = ("owner", "company")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("event", "subscription", "status", "attempts", "last_status_code",
                    "next_attempt_at")
    list_filter = ("status",)
    raw_id_fields = ("event", "subscription")


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("email", "owner", "company", "frequency", "min_materiality", "last_sent_at")
    raw_id_fields = ("owner", "company")
