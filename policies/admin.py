from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from policies.models import Clause, ClauseValue, Company, Finding, Policy, PolicyVersion, Section
from policies.services import api_token_issue


class PolicyInline(admin.TabularInline):
    model = Policy
    extra = 0
    fields = ("kind", "title", "source_url")


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "website", "jurisdiction", "created_at")
    search_fields = ("name", "slug", "website")
    list_filter = ("jurisdiction",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PolicyInline]


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ("title", "company", "kind", "source_url", "created_at")
    list_filter = ("kind",)
    search_fields = ("title", "company__name")
    list_select_related = ("company",)
    autocomplete_fields = ("company",)


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = (
        "id", "policy", "last_updated", "ingested_at", "source_kind", "media_type", "word_count",
        "uploaded_by",
    )
    list_filter = ("source_kind", "media_type", "ingested_at")
    search_fields = (
        "policy__company__name", "policy__title", "content_sha256", "original_filename"
    )
    list_select_related = ("policy__company", "uploaded_by")
    readonly_fields = ("content_sha256", "ingested_at", "word_count")
    raw_id_fields = ("policy", "uploaded_by")
    date_hierarchy = "ingested_at"


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("heading", "key", "order", "start", "end", "version")
    list_filter = ("key",)
    search_fields = ("heading", "version__policy__company__name")
    list_select_related = ("version__policy__company",)
    raw_id_fields = ("version",)


class ClauseValueInline(admin.TabularInline):
    model = ClauseValue
    extra = 0


@admin.register(Clause)
class ClauseAdmin(admin.ModelAdmin):
    list_display = (
        "short_text", "practice", "negated", "modality", "retention_duration",
        "retention_qualifier", "company", "pipeline_version",
    )
    list_filter = ("practice", "negated", "modality", "retention_qualifier", "pipeline_version")
    search_fields = ("text", "version__policy__company__name")
    list_select_related = ("version__policy__company",)
    raw_id_fields = ("version", "section")
    inlines = [ClauseValueInline]

    @admin.display(description="text")
    def short_text(self, obj: Clause) -> str:
        return obj.text[:90]

    @admin.display(description="company", ordering="version__policy__company__name")
    def company(self, obj: Clause) -> str:
        return obj.version.policy.company.name


@admin.register(ClauseValue)
class ClauseValueAdmin(admin.ModelAdmin):
    list_display = ("field", "value", "clause", "start", "end")
    list_filter = ("field",)
    search_fields = ("value",)
    raw_id_fields = ("clause",)


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("kind", "section_key", "message", "version")
    list_filter = ("kind", "section_key")
    search_fields = ("message", "version__policy__company__name")
    list_select_related = ("version__policy__company",)
    raw_id_fields = ("version",)


# --- API tokens: an action on users (the token itself is also listed under "Auth Token") ---

User = get_user_model()


@admin.action(description="Create or rotate API tokens (the keys are shown once)")
def issue_api_tokens(modeladmin, request, queryset):
    for user in queryset:
        token = api_token_issue(user=user, rotate=True)
        modeladmin.message_user(
            request, f"API token for {user.get_username()}: {token.key}", messages.SUCCESS
        )


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class AtlasUserAdmin(UserAdmin):
    actions = [*(UserAdmin.actions or []), issue_api_tokens]
