"""Read-side queries for the core tables. Each returns a queryset or plain data."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.db import connection
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.text import slugify

from policies.models import Clause, ClauseValue, Company, PolicyVersion, Section

# --- Version order: the effective date ------------------------------------------------------
# A policy's versions are ordered by effective date (the policy's own "last updated" date, else
# the day it was fetched or ingested), then by ingestion, then id. "The latest" everywhere is
# the first in this order that is not held back by the suspicious-version check.

VERSION_ORDER = (
    F("effective_date").desc(nulls_last=True),
    F("ingested_at").desc(),
    F("pk").desc(),
)
VERSION_ORDER_ASC = (
    F("effective_date").asc(nulls_first=True),
    F("ingested_at").asc(),
    F("pk").asc(),
)
ELIGIBLE = Q(held_back=False)


def versions_newest_first(qs: QuerySet[PolicyVersion] | None = None) -> QuerySet[PolicyVersion]:
    return (qs if qs is not None else PolicyVersion.objects.all()).order_by(*VERSION_ORDER)


def newer_than_q(prefix: str = "") -> Q:
    """Versions after the outer version (``OuterRef(prefix + field)``) in the version order."""

    def ref(name: str) -> OuterRef:
        return OuterRef(f"{prefix}{name}")

    return (
        Q(effective_date__gt=ref("effective_date"))
        | Q(effective_date=ref("effective_date"), ingested_at__gt=ref("ingested_at"))
        | Q(effective_date=ref("effective_date"), ingested_at=ref("ingested_at"),
            pk__gt=ref("pk" if not prefix else "id"))
    )


def older_than(version: PolicyVersion) -> Q:
    """Versions before ``version`` in the version order (its effective date must be set)."""
    return (
        Q(effective_date__lt=version.effective_date)
        | Q(effective_date=version.effective_date, ingested_at__lt=version.ingested_at)
        | Q(effective_date=version.effective_date, ingested_at=version.ingested_at,
            pk__lt=version.pk)
    )


def latest_version_subquery(policy_ref: str = "", kind: str = "privacy") -> Subquery:
    """The id of the latest version: of the outer company's ``kind`` policy, or with
    ``policy_ref`` of the policy that outer reference names."""
    if policy_ref:
        qs = PolicyVersion.objects.filter(policy=OuterRef(policy_ref))
    else:
        qs = PolicyVersion.objects.filter(policy__company=OuterRef("pk"), policy__kind=kind)
    return Subquery(qs.filter(ELIGIBLE).order_by(*VERSION_ORDER).values("pk")[:1])


def latest_version_exists(version_prefix: str = "version__") -> Exists:
    """True for rows whose version (``version_prefix``) is the latest of its policy: it is
    eligible and no eligible version comes after it. For ``filter(latest=...)``."""
    newer = PolicyVersion.objects.filter(
        ELIGIBLE, policy=OuterRef(f"{version_prefix}policy")
    ).filter(newer_than_q(version_prefix))
    return ~Exists(newer) & Q(**{f"{version_prefix}held_back": False})


def policy_latest_version(*, policy) -> PolicyVersion | None:
    return versions_newest_first(PolicyVersion.objects.filter(ELIGIBLE, policy=policy)).first()


def version_headings(*, version: PolicyVersion) -> list[str]:
    """The non-empty section headings of a version, in order."""
    return [
        h for h in Section.objects.filter(version=version).order_by("order")
        .values_list("heading", flat=True) if h.strip()
    ]


def version_previous(*, version: PolicyVersion) -> PolicyVersion | None:
    """The version before this one by date (held-back versions skipped): a diff's default base."""
    return (
        versions_newest_first(
            PolicyVersion.objects.filter(ELIGIBLE, policy_id=version.policy_id)
            .filter(older_than(version))
        )
        .defer("text")
        .first()
    )


def company_slug(name: str) -> str:
    """A slug that keeps the name's meaning in any script: NFKC, lower case, Unicode letters
    and digits kept ("株式会社データ" stays itself, "Café Müller" is "café-müller")."""
    return slugify(unicodedata.normalize("NFKC", name), allow_unicode=True)[:100].strip("-")


def company_name_key(name: str) -> str:
    """What two names that mean the same company share: case, spacing, punctuation and
    accents ignored ("ALL IN PRINT", "All-in-Print" and "All in Print" are one key)."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold())
    return "".join(c for c in folded if c.isalnum())


def company_similar(*, name: str) -> list[Company]:
    """Existing companies whose name reads the same as ``name`` (case, spacing, punctuation
    and accents ignored) or whose slug is the one ``name`` would get (or its ASCII form)."""
    key = company_name_key
    wanted = key(name)
    slug = company_slug(name)
    ascii_slug = slugify(name)[:100]
    candidates = Company.objects.filter(
        Q(slug__in=[s for s in (slug, ascii_slug) if s]) | Q(name__iexact=name.strip())
        | Q(slug__startswith=(ascii_slug or slug)[:20] or "\x00")
    ).order_by("name")[:50]
    return [c for c in candidates if c.slug in (slug, ascii_slug) or key(c.name) == wanted]


def company_list() -> QuerySet[Company]:
    """Companies with the id of their latest privacy-policy version annotated."""
    return Company.objects.annotate(latest_version_id=latest_version_subquery()).order_by("name")


def versions_by_id(ids: list[int]) -> dict[int, PolicyVersion]:
    """Versions with their sections, for list pages (two queries whatever the count)."""
    qs = PolicyVersion.objects.filter(pk__in=[i for i in ids if i]).prefetch_related(
        Prefetch("sections", queryset=Section.objects.order_by("order"))
    )
    return {v.pk: v for v in qs.defer("text")}


def company_latest_version(*, company: Company) -> PolicyVersion | None:
    return versions_newest_first(
        PolicyVersion.objects.filter(ELIGIBLE, policy__company=company, policy__kind="privacy")
        .select_related("policy", "policy__company")
    ).first()


def company_versions(*, company: Company) -> QuerySet[PolicyVersion]:
    """The company's privacy-policy versions, newest effective date first, without text."""
    return versions_newest_first(
        PolicyVersion.objects.filter(policy__company=company, policy__kind="privacy")
    ).defer("text")


def version_versions(*, version: PolicyVersion) -> QuerySet[PolicyVersion]:
    return versions_newest_first(PolicyVersion.objects.filter(policy=version.policy)).defer(
        "text"
    )


def version_sections_with_clauses(*, version: PolicyVersion) -> QuerySet[Section]:
    return Section.objects.filter(version=version).order_by("order").prefetch_related(
        Prefetch("clauses", queryset=Clause.objects.order_by("order"))
    )


# --- Companies page: search, filters, sort ---------------------------------------------------

COMPANY_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "updated": ("-latest_date", "name"),
    "-updated": ("latest_date", "name"),
    "clauses": ("-clause_count", "name"),
}


def company_search(
    *,
    q: str = "",
    has_retention: bool = False,
    country: str = "",
    recipient: str = "",
    lacks_section: str = "",
    latest_version_in: QuerySet | None = None,
    sort: str = "name",
) -> QuerySet[Company]:
    """Companies filtered on their latest privacy-policy version.

    ``has_retention``: a clause states a retention period or rule; ``country``: a clause names
    that transfer destination; ``recipient``: a clause names a recipient whose name contains
    it, in any case and script (``mixp`` finds Mixpanel; ``values_containing``);
    ``lacks_section``: no clause and no headed section of that key; ``latest_version_in``: a
    query of version ids the latest version must be among (another app's filter, e.g. the GDPR
    checklist's "lacks requirement"). Annotates
    ``latest_version_id``, ``latest_date`` (its effective date) and
    ``clause_count``.
    """
    # order_by(): the default ordering (policy -> company name) would join policies_company
    # inside the subquery and capture the outer reference to it.
    latest = PolicyVersion.objects.filter(pk=OuterRef("latest_version_id")).order_by()
    qs = Company.objects.annotate(latest_version_id=latest_version_subquery()).annotate(
        latest_date=Coalesce(
            Subquery(latest.values("effective_date")[:1]),
            Cast(Subquery(latest.values("ingested_at")[:1]), DateField()),
        ),
        clause_count=Coalesce(
            Subquery(
                Clause.objects.filter(version_id=OuterRef("latest_version_id"))
                .order_by()
                .values("version_id")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
            Value(0),
        ),
    )
    if q:
        qs = qs.filter(name__icontains=q.strip())
    # Each filter is one uncorrelated subquery of version ids, answered from an index
    # (ClauseValue field+value, Clause retention) and evaluated once, not once per company.
    if has_retention:
        qs = qs.filter(
            latest_version_id__in=Clause.objects.filter(
                Q(retention_days__isnull=False)
                | (~Q(retention_qualifier="") & ~Q(retention_qualifier="unspecified"))
            ).values("version_id")
        )
    if country:
        qs = qs.filter(latest_version_id__in=_versions_with(ClauseValue.Field.COUNTRY, country))
    if recipient:
        qs = qs.filter(latest_version_id__in=versions_naming_recipient(recipient))
    if lacks_section:
        qs = qs.exclude(
            latest_version_id__in=_versions_with(ClauseValue.Field.SECTION, lacks_section)
        ).exclude(
            latest_version_id__in=Section.objects.filter(key=lacks_section).values("version_id")
        )
    if latest_version_in is not None:
        qs = qs.filter(latest_version_id__in=latest_version_in)
    return qs.order_by(*COMPANY_SORTS.get(sort, COMPANY_SORTS["name"]))


def _versions_with(field: str, value: str) -> QuerySet:
    return ClauseValue.objects.filter(field=field, value=value).values("clause__version_id")


def versions_naming_recipient(query: str) -> QuerySet:
    """Ids of the versions with a clause naming a recipient whose name contains ``query``
    (case-insensitive, partial: ``values_containing``), as an uncorrelated subquery."""
    names = values_containing(field=ClauseValue.Field.RECIPIENT, query=query)
    return ClauseValue.objects.filter(
        field=ClauseValue.Field.RECIPIENT, value__in=names
    ).values("clause__version_id")


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def values_containing(*, field: str, query: str) -> list[str]:
    """The stored spellings of ``field`` values containing ``query``, case-insensitively in any
    script ("mixp" -> "Mixpanel", "ÜBER" -> "über"); none when nothing matches.

    Matched in Python on NFKC-casefolded text over the distinct stored values (one
    index-only query; free values such as recipient names number in the hundreds, not per
    clause), not with the database's ``icontains``: SQLite's LIKE folds only ASCII letters,
    PostgreSQL's UPPER() folds them all, so the two databases would disagree."""
    needle = _folded(query.strip())
    if not needle:
        return []
    stored = (
        ClauseValue.objects.filter(field=field).order_by().values_list("value", flat=True)
        .distinct()
    )
    return [value for value in stored if needle in _folded(value)]


def filter_choices(*, field: str, limit: int = 500) -> list[str]:
    """Distinct values of one ClauseValue field (for the companies page's filter menus)."""
    return list(
        ClauseValue.objects.filter(field=field)
        .order_by("value")
        .values_list("value", flat=True)
        .distinct()[:limit]
    )


def version_for_company(*, slug: str, version_id: int) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.filter(pk=version_id, policy__company__slug=slug)
        .select_related("policy", "policy__company", "uploaded_by")
        .first()
    )


def version_clauses(*, version: PolicyVersion) -> QuerySet[Clause]:
    return Clause.objects.filter(version=version).select_related("section").order_by("order")


VERSION_COMPANIES_SQL = """
SELECT v.id, v.policy_id, c.slug, c.name
FROM policies_policyversion v
INNER JOIN policies_policy p ON p.id = v.policy_id
INNER JOIN policies_company c ON c.id = p.company_id
WHERE v.id IN ({placeholders})
"""


def version_companies(*, version_ids: Iterable[int]) -> dict[int, tuple[int, str, str]]:
    """``{version id: (policy id, company slug, company name)}`` of these versions.

    Asked for on every page of clauses, so written as the plain SQL the ORM would make:
    building and compiling that three-table queryset cost ~0.8 ms of CPU, eight times the
    query itself.
    """
    ids = sorted(set(version_ids))
    if not ids:
        return {}
    # Only "%s" placeholders are inserted; the ids are passed as parameters.
    sql = VERSION_COMPANIES_SQL.format(placeholders=", ".join(["%s"] * len(ids)))  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return {pk: (policy_id, slug, name) for pk, policy_id, slug, name in cursor.fetchall()}


def canonical_values(*, field: str, values: list[str]) -> list[str]:
    """The stored spellings of free values, matched case-insensitively in any script
    (``mixpanel`` -> ``Mixpanel``, NFKC-casefolded as in ``values_containing``): filters then
    use the exact, indexed value. Unknown values are kept."""
    stored: dict[str, list[str]] = {}
    for value in (ClauseValue.objects.filter(field=field).order_by()
                  .values_list("value", flat=True).distinct()):
        stored.setdefault(_folded(value), []).append(value)
    out: list[str] = []
    for value in values:
        out.extend(sorted(stored.get(_folded(value), []))[:5] or [value])
    return list(dict.fromkeys(out))


def version_list() -> QuerySet[PolicyVersion]:
    """Versions newest (effective date) first, with their policy, company, uploader and
    extraction runs (newest first, as ``runs_desc``) loaded for the version serializers."""
    return (
        PolicyVersion.objects.select_related("policy__company", "uploaded_by")
        .prefetch_related(Prefetch("extraction_runs", to_attr="runs_desc"))
        .order_by(*VERSION_ORDER)
    )
