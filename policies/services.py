"""Write services for the core tables. Each is keyword-only, typed and atomic."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from policies import textcheck
from policies.models import Company, Policy, PolicyVersion
from policies.selectors import (
    company_similar,
    company_slug,
    policy_latest_version,
    version_headings,
)


def content_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SimilarCompanyError(ValidationError):
    """The name slugifies like (or reads as) an existing company's: the caller must say which
    is meant (that company, or a new one with ``distinct=True``)."""

    def __init__(self, name: str, existing: list[Company]) -> None:
        self.existing = existing
        shown = ", ".join(f"“{c.name}” ({c.slug})" for c in existing)
        super().__init__(
            {"name": ValidationError(
                f"“{name}” is very like {shown}, which already exists. Choose it, or confirm "
                "that this is a different company.", code="similar_company"
            )}
        )


@transaction.atomic
def company_get_or_create(
    *,
    name: str,
    slug: str = "",
    website: str = "",
    jurisdiction: str = "",
    distinct: bool = False,
) -> tuple[Company, bool]:
    """The company with this slug (derived from the name unless given), or a new one.

    Names never merge silently: a name whose slug is taken by a company of another name, or
    that reads the same as another's (``company_name_key``: "ALL IN PRINT" for "All in Print"),
    raises ``SimilarCompanyError``
    unless ``distinct`` — then the new company gets a free slug (``-2``, ``-3``…).
    """
    name = " ".join(unicodedata.normalize("NFKC", name).split())
    if not name:
        raise ValidationError({"name": "A company needs a name."}, code="required")
    given = bool(slug)
    slug = slug or company_slug(name)
    if not slug:
        raise ValidationError(
            {"name": "The name must contain letters or digits."}, code="invalid"
        )
    existing = Company.objects.filter(slug=slug).first()
    if existing is not None and (given or existing.name == name) and not distinct:
        return existing, False
    if not distinct:
        similar = [c for c in company_similar(name=name) if c != existing]
        if existing is not None:
            similar.insert(0, existing)
        if similar:
            raise SimilarCompanyError(name, similar)
    if existing is not None:
        base, n = slug[:95], 2
        while Company.objects.filter(slug=f"{base}-{n}").exists():
            n += 1
        slug = f"{base}-{n}"
    company = Company.objects.create(
        slug=slug, name=name, website=website, jurisdiction=jurisdiction
    )
    return company, True


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
    """``created`` False: ``version`` is the existing one with this text (``exact`` False: it
    differs only in whitespace or Unicode forms). A created version with
    ``version.held_back`` was flagged (``version.suspicious_reasons``) and is not the latest."""

    version: PolicyVersion
    created: bool
    exact: bool = True


# A stated date this far past today is a typo or a test value, not a policy's own date.
FUTURE_DATE_SLACK = timedelta(days=1)


def last_updated_check(value: date | None) -> None:
    """Refuse a ``last_updated`` in the future (a day of slack for time zones)."""
    if value is not None and value > timezone.localdate() + FUTURE_DATE_SLACK:
        raise ValidationError(
            {"last_updated": f"{value.isoformat()} is in the future; give the date the policy "
                             "states, or leave it empty."},
            code="future_date",
        )


def effective_date_of(
    *, last_updated: date | None, fetched_at: datetime | None, ingested_at: datetime | None
) -> date:
    """The policy's own date, else the day it was fetched, else the day it was ingested."""
    if last_updated is not None:
        return last_updated
    when = fetched_at or ingested_at or timezone.now()
    return timezone.localdate(when) if timezone.is_aware(when) else when.date()


def suspicion_baseline(*, policy: Policy) -> textcheck.Baseline | None:
    """The current latest version of ``policy``, as the suspicious-version check needs it."""
    latest = policy_latest_version(policy=policy)
    if latest is None:
        return None
    return textcheck.Baseline(
        word_count=latest.word_count,
        headings=version_headings(version=latest) or textcheck.heading_lines(latest.text),
        english=textcheck.looks_english(latest.text[:200_000]),
    )


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
    fetched_at: datetime | None = None,
    uploaded_by: AbstractBaseUser | None = None,
) -> VersionCreateResult:
    """Store a version, or return the existing one when this policy already has this text.

    Identity is the normalised text (textcheck.normalized_text); the exact text is stored.
    Every new version goes through the suspicious-version check against the current latest:
    a flagged one is stored ``held_back`` (never the latest) until ``policy_version_confirm``.
    Its ``effective_date`` (``last_updated``, else ``fetched_at``, else now) orders it among
    the policy's versions, so backfilling an older version keeps the current latest.
    """
    if not text or not text.strip():
        raise ValidationError({"text": "The policy text is empty."}, code="empty")
    if "\x00" in text:
        raise ValidationError(
            {"text": "The text contains NUL characters; is it a binary file?"}, code="binary"
        )
    last_updated_check(last_updated)
    # One version at a time per policy: the duplicate and suspicion checks see every earlier
    # version (PostgreSQL row lock; SQLite serialises writers anyway).
    Policy.objects.select_for_update().filter(pk=policy.pk).first()
    digest = content_sha256(text)
    normal = textcheck.normalized_sha256(text)
    existing = (
        PolicyVersion.objects.filter(policy=policy)
        .filter(Q(content_sha256=digest) | Q(normalized_sha256=normal))
        .annotate(_exact=Case(When(content_sha256=digest, then=Value(0)), default=Value(1),
                              output_field=IntegerField()))
        .order_by("_exact", "pk")
        .first()
    )
    if existing is not None:
        return VersionCreateResult(existing, False, existing.content_sha256 == digest)
    reasons = textcheck.suspicion_reasons(text, suspicion_baseline(policy=policy))
    try:
        with transaction.atomic():
            version = PolicyVersion.objects.create(
                policy=policy,
                text=text,
                content_sha256=digest,
                normalized_sha256=normal,
                source_kind=source_kind,
                source_url=source_url,
                original_filename=original_filename[:255],
                media_type=media_type[:100],
                last_updated=last_updated,
                fetched_at=fetched_at,
                effective_date=effective_date_of(
                    last_updated=last_updated, fetched_at=fetched_at, ingested_at=None
                ),
                uploaded_by=uploaded_by if uploaded_by and uploaded_by.pk else None,
                word_count=len(text.split()),
                suspicious_reasons=[r.as_dict() for r in reasons],
                held_back=bool(reasons),
            )
    except IntegrityError:
        # A concurrent upload of the same text won the race: return its version.
        return VersionCreateResult(
            PolicyVersion.objects.get(policy=policy, content_sha256=digest), False
        )
    return VersionCreateResult(version, True)


@transaction.atomic
def policy_version_confirm(
    *, version: PolicyVersion, user: AbstractBaseUser | None
) -> PolicyVersion:
    """A user vouches for a flagged version: it is no longer held back (it becomes the latest
    if its effective date is the newest). The reasons stay recorded. Idempotent."""
    if version.held_back:
        PolicyVersion.objects.filter(pk=version.pk).update(
            held_back=False,
            confirmed_at=timezone.now(),
            confirmed_by=user if user is not None and user.pk else None,
        )
        version.refresh_from_db(fields=["held_back", "confirmed_at", "confirmed_by"])
    return version


@transaction.atomic
def policy_version_date_set(*, version: PolicyVersion, last_updated: date) -> bool:
    """Record the date the policy states (found by extraction) when none was given; its
    effective date follows. A future date is ignored. True when it changed."""
    if version.last_updated is not None:
        return False
    if last_updated > timezone.localdate() + FUTURE_DATE_SLACK:
        return False
    version.last_updated = last_updated
    version.effective_date = last_updated
    PolicyVersion.objects.filter(pk=version.pk).update(
        last_updated=last_updated, effective_date=last_updated
    )
    return True


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
