"""Input and output serializers for sources, change events, subscriptions and deliveries."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.links import link
from policies.models import Company, Policy, SectionKey
from tracking.models import ChangeEvent, Delivery, Source, SourceCheck, Subscription
from tracking.selectors import absolute, diff_path
from tracking.services.sources import MAX_INTERVAL, MIN_INTERVAL

CHANGE_FIELDS = (
    "retention", "recipient", "data_type", "country", "recipient_category", "right",
    "purpose", "children_age", "negation", "practice", "section", "clause",
)


class CompanySlugField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        kwargs.setdefault("queryset", Company.objects.all())
        kwargs.setdefault("help_text", "Company slug.")
        super().__init__(**kwargs)


# --- sources -----------------------------------------------------------------------------------


class SourceCreateSerializer(serializers.Serializer):
    company = CompanySlugField()
    url = serializers.URLField(max_length=1000, help_text="The policy's address (http/https).")
    kind = serializers.ChoiceField(choices=Policy.Kind.choices, default=Policy.Kind.PRIVACY,
                                   help_text="Which document it is (default: privacy policy).")
    check_interval = serializers.IntegerField(
        default=86_400, min_value=MIN_INTERVAL, max_value=MAX_INTERVAL,
        help_text="Seconds between checks (default 86400: daily).",
    )
    paused = serializers.BooleanField(default=False, help_text="Create it paused.")


class SourceUpdateSerializer(serializers.Serializer):
    paused = serializers.BooleanField(required=False, help_text="Pause or resume it.")
    check_interval = serializers.IntegerField(
        required=False, min_value=MIN_INTERVAL, max_value=MAX_INTERVAL,
        help_text="Seconds between checks.",
    )


class SourceSerializer(serializers.ModelSerializer):
    api_url = serializers.SerializerMethodField(help_text="This source in the API.")
    company = serializers.SlugField(source="company.slug", read_only=True,
                                    help_text="Company slug.")
    company_name = serializers.CharField(source="company.name", read_only=True,
                                         help_text="Company name.")

    class Meta:
        model = Source
        fields = [
            "id", "api_url", "company", "company_name", "policy", "kind", "url", "paused",
            "check_interval", "status", "last_http_status", "last_error", "last_checked_at",
            "last_changed_at", "next_check_at", "failure_count", "check_count", "last_version",
            "created_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "status": {"help_text": "new (not checked yet), ok, failing or paused."},
            "last_http_status": {"help_text": "What the server answered last time (304: not "
                                              "modified); null when no answer came."},
            "last_error": {"help_text": "Why the last check failed (empty when it did not)."},
            "failure_count": {"help_text": "Consecutive failed checks (the retry backs off)."},
            "next_check_at": {"help_text": "When it is checked next."},
            "last_version": {"help_text": "Id of the version its text last matched."},
            "id": {"help_text": "Source id."},
            "policy": {"help_text": "Id of the policy its versions belong to."},
            "kind": {"help_text": "Which document it is."},
            "url": {"help_text": "The address checked."},
            "paused": {"help_text": "Paused sources are not checked."},
            "check_interval": {"help_text": "Seconds between checks."},
            "last_checked_at": {"help_text": "When it was last checked (null: never)."},
            "last_changed_at": {"help_text": "When a check last found new text."},
            "check_count": {"help_text": "Checks so far."},
            "created_at": {"help_text": "When it was added."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj: Source) -> str | None:
        return link(self.context, "sources", obj.pk)


class SourceCheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = SourceCheck
        fields = ["id", "started_at", "finished_at", "duration_ms", "outcome", "http_status",
                  "error", "version"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "Check id."},
            "started_at": {"help_text": "When it started."},
            "finished_at": {"help_text": "When it finished."},
            "duration_ms": {"help_text": "How long it took, in milliseconds."},
            "outcome": {"help_text": "not_modified, unchanged, new_version, known_version or "
                                     "failed."},
            "http_status": {"help_text": "The server's answer (null: none came)."},
            "error": {"help_text": "Why it failed."},
            "version": {"help_text": "The version it stored or matched."},
        }


class CheckQueuedSerializer(serializers.Serializer):
    source = serializers.IntegerField(help_text="Source id.")
    queued = serializers.BooleanField(help_text="A check was queued (false: one is running).")


# --- change events -----------------------------------------------------------------------------


class EventClauseSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Clause id.")
    text = serializers.CharField(help_text="The evidence sentence.")
    url = serializers.CharField(help_text="Its place on the version page.")


class ChangeEntrySerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="added, removed or changed.")
    field = serializers.CharField(help_text="What changed: " + ", ".join(CHANGE_FIELDS) + ".")
    section = serializers.CharField(help_text="Section key.")
    summary = serializers.CharField(help_text="What changed, in words.")
    before = serializers.CharField(allow_blank=True, help_text="The old value (\"\" if none).")
    after = serializers.CharField(allow_blank=True, help_text="The new value (\"\" if none).")
    materiality = serializers.IntegerField(help_text="0–100; most material first.")
    old_clause = EventClauseSerializer(allow_null=True, help_text="The sentence before.")
    new_clause = EventClauseSerializer(allow_null=True, help_text="The sentence after.")


class ChangeEventSerializer(serializers.ModelSerializer):
    api_url = serializers.SerializerMethodField(help_text="This change event in the API.")
    company = serializers.SlugField(source="company.slug", read_only=True,
                                    help_text="Company slug.")
    company_name = serializers.CharField(source="company.name", read_only=True,
                                         help_text="Company name.")
    kind = serializers.CharField(source="policy.kind", read_only=True,
                                 help_text="Which document changed (privacy, cookies, terms).")
    changes = ChangeEntrySerializer(many=True, read_only=True,
                                    help_text="Clause-level changes, most material first.")
    diff_url = serializers.SerializerMethodField(help_text="The diff page of the two versions.")
    stats = serializers.DictField(child=serializers.IntegerField(), read_only=True,
                                  help_text="Counts: added, removed, changed, lines_added, "
                                            "lines_removed.")

    class Meta:
        model = ChangeEvent
        fields = [
            "id", "api_url", "company", "company_name", "policy", "kind", "source",
            "from_version", "to_version", "occurred_at", "summary", "max_materiality",
            "change_count", "changes", "stats", "diff_url",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "from_version": {"help_text": "The version before (null: the first version)."},
            "to_version": {"help_text": "The new version."},
            "source": {"help_text": "The tracked source it was fetched from (null: upload)."},
            "occurred_at": {"help_text": "When the new version was stored."},
            "id": {"help_text": "Change event id."},
            "policy": {"help_text": "Id of the policy that changed."},
            "summary": {"help_text": "The top changes in words."},
            "max_materiality": {"help_text": "The highest materiality of its changes."},
            "change_count": {"help_text": "How many clause-level changes."},
            "stats": {"help_text": "Counts: added, removed, changed, lines_added, "
                                   "lines_removed."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj: ChangeEvent) -> str | None:
        return link(self.context, "changes", obj.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_diff_url(self, obj: ChangeEvent) -> str:
        return absolute(diff_path(obj))


# --- webhooks ----------------------------------------------------------------------------------


class SubscriptionCreateSerializer(serializers.Serializer):
    target = serializers.URLField(max_length=1000, help_text="Where change events are POSTed.")
    secret = serializers.CharField(min_length=16, max_length=200, write_only=True,
                                   help_text="Key of the X-Atlas-Signature HMAC (16+ chars).")
    company = CompanySlugField(required=False, allow_null=True,
                               help_text="Only this company's changes (default: all).")
    section = serializers.ChoiceField(choices=SectionKey.choices, required=False,
                                      allow_blank=True, help_text="Only changes in it.")
    min_materiality = serializers.IntegerField(default=0, min_value=0, max_value=100,
                                               help_text="Only events with a change this "
                                                         "material (0–100).")


class SubscriptionSerializer(serializers.ModelSerializer):
    api_url = serializers.SerializerMethodField(help_text="This subscription in the API.")
    company = serializers.SlugField(source="company.slug", read_only=True, allow_null=True,
                                    default=None, help_text="Only this company (null: all).")
    deliveries_url = serializers.SerializerMethodField(help_text="Its delivery log.")

    class Meta:
        model = Subscription
        fields = ["id", "api_url", "target", "company", "section", "min_materiality", "active",
                  "created_at", "deliveries_url"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "Subscription id."},
            "target": {"help_text": "Where change events are POSTed."},
            "section": {"help_text": "Only changes in this section (\"\": any)."},
            "min_materiality": {"help_text": "Only events with a change this material."},
            "active": {"help_text": "Inactive subscriptions get nothing."},
            "created_at": {"help_text": "When it was made."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj: Subscription) -> str | None:
        return link(self.context, "subscriptions", obj.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_deliveries_url(self, obj: Subscription) -> str | None:
        base = link(self.context, "subscriptions", obj.pk)
        return f"{base}deliveries/" if base else None


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = ["id", "subscription", "event", "idempotency_key", "status", "attempts",
                  "last_status_code", "last_error", "next_attempt_at", "created_at",
                  "delivered_at"]
        read_only_fields = fields
        extra_kwargs = {
            "status": {"help_text": "pending (retrying with backoff), delivered, or failed."},
            "last_status_code": {"help_text": "The target's last HTTP status (null: none)."},
            "idempotency_key": {"help_text": "Sent as Idempotency-Key on every attempt."},
            "id": {"help_text": "Delivery id."},
            "subscription": {"help_text": "Subscription id."},
            "event": {"help_text": "Change event id."},
            "attempts": {"help_text": "POSTs so far."},
            "last_error": {"help_text": "Why the last attempt failed."},
            "next_attempt_at": {"help_text": "When it is retried (null: not again)."},
            "created_at": {"help_text": "When the event was matched."},
            "delivered_at": {"help_text": "When the target accepted it."},
        }
