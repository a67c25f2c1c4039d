"""Write services for the core tables. Each is keyword-only, typed and atomic."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from policies.models import Company, Policy, PolicyVersion


def content_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def company_get_or_create(
    *, name: str, slug: str = "", website: str = "", jurisdiction: str = ""
) -> tuple[Company, bool]:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "A company needs a name."})
    slug = slug or slugify(name)[:100]
    if not slug:
        raise ValidationError({"name": "The name must contain letters or digits."})
    company, created = Company.objects.get_or_create(
        slug=slug, defaults={"name": name, "website": website, "jurisdiction": jurisdiction}
    )
    return company, created


@transaction.atomic
def policy_get_or_create(
    *, company: Company, kind: str = Policy.Kind.PRIVACY, title: str = "", source_url: str = ""
) -> Policy:
    policy, created = Policy.objects.get_or_create(
        company=company,
        kind=kind,
        defaults={"title": title or f"{company.name} privacy policy", "source_url": source_url},
    )
    return policy


@dataclass(frozen=True)
class VersionCreateResult:
    version: PolicyVersion
    created: bool


@transaction.atomic
def policy_version_create(
    *,
    policy: Policy,
    text: str,
    source_kind: str,
    source_url: str = "",
    original_filename: str = "",
    media_type: str = "text/plain",
    last_updated: date | None = None,
    uploaded_by: AbstractBaseUser | None = None,
) -> VersionCreateResult:
    """Store a version, or return the existing one when this policy already has this text."""
    if not text or not text.strip():
        raise ValidationError({"text": "The policy text is empty."})
    if "\x00" in text:
        raise ValidationError({"text": "The text contains NUL characters; is it a binary file?"})
    digest = content_sha256(text)
    existing = PolicyVersion.objects.filter(policy=policy, content_sha256=digest).first()
    if existing is not None:
        return VersionCreateResult(existing, False)
    try:
        with transaction.atomic():
            version = PolicyVersion.objects.create(
                policy=policy,
                text=text,
                content_sha256=digest,
                source_kind=source_kind,
                source_url=source_url,
                original_filename=original_filename[:255],
                media_type=media_type[:100],
                last_updated=last_updated,
                uploaded_by=uploaded_by if uploaded_by and uploaded_by.pk else None,
                word_count=len(text.split()),
            )
    except IntegrityError:
        # A concurrent upload of the same text won the race: return its version.
        return VersionCreateResult(
            PolicyVersion.objects.get(policy=policy, content_sha256=digest), False
        )
    return VersionCreateResult(version, True)


@transaction.atomic
def policy_version_delete(*, version: PolicyVersion) -> None:
    """Delete a version with its sections, clauses, findings and runs (cascade)."""
    PolicyVersion.objects.filter(pk=version.pk).delete()


@transaction.atomic
def api_token_issue(*, user: AbstractBaseUser, rotate: bool = False):
    """The user's REST API token, created if missing; ``rotate`` replaces it with a new key."""
    from rest_framework.authtoken.models import Token

    if rotate:
        Token.objects.filter(user=user).delete()
    token, _ = Token.objects.get_or_create(user=user)
    return token
