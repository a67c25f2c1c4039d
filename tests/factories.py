"""factory_boy factories for the core tables."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from policies.models import Company, Policy, PolicyVersion
from policies.services import content_sha256
from policies.textcheck import normalized_sha256


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"analyst{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Example Company {n}")
    slug = factory.Sequence(lambda n: f"example-company-{n}")


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    company = factory.SubFactory(CompanyFactory)
    title = factory.LazyAttribute(lambda p: f"{p.company.name} privacy policy")


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyVersion

    policy = factory.SubFactory(PolicyFactory)
    text = factory.Sequence(
        lambda n: (
            f"Privacy Policy {n}\n\nINFORMATION WE COLLECT\n\nWe collect your email address "
            "and your IP address when you sign up.\n\nRETENTION\n\nWe keep account data for "
            "2 years after you close your account.\n"
        )
    )
    content_sha256 = factory.LazyAttribute(lambda v: content_sha256(v.text))
    normalized_sha256 = factory.LazyAttribute(lambda v: normalized_sha256(v.text))
    last_updated = None
    effective_date = factory.LazyAttribute(lambda v: v.last_updated or timezone.localdate())
    source_kind = PolicyVersion.SourceKind.PASTE
    word_count = factory.LazyAttribute(lambda v: len(v.text.split()))


def clause_value(clause, field: str, value: str, **kwargs):
    """An unsaved ``ClauseValue`` of ``clause`` with its list position copied (as the results
    service writes them)."""
    from policies.models import ClauseValue

    return ClauseValue(
        clause=clause, field=field, value=value,
        sort_version=clause.version_id, sort_order=clause.order, **kwargs,
    )
