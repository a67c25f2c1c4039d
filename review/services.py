"""Write services of the review app: create and withdraw reviews, re-anchor them after every
save of extraction results. Keyword-only, typed, atomic; every change leaves a ReviewEvent."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from extraction.nlp.types import (
    DATA_TYPES,
    DNT_STANCES,
    PURPOSES,
    RECIPIENT_CATEGORIES,
    RIGHTS,
    SECTION_KEYS,
)
from policies.models import Clause, PolicyVersion
from policies.values import iso_duration_parts
from review.anchors import text_fingerprint
from review.learning import held_back_ids, model_predictor, rules_predictor, section_scores
from review.models import Review, ReviewEvent, ReviewField, TrainedModel
from review.selectors import user_can_review
from review.values import clause_field_values, clause_model_version

# Field -> the values a correction or an added value may take (None: free text, e.g. names).
VOCABULARIES: dict[str, tuple[str, ...] | None] = {
    ReviewField.SECTION: SECTION_KEYS,
    ReviewField.DATA_TYPE: DATA_TYPES,
    ReviewField.PURPOSE: PURPOSES,
    ReviewField.RECIPIENT: None,
    ReviewField.RECIPIENT_CATEGORY: RECIPIENT_CATEGORIES,
    ReviewField.RIGHT: RIGHTS,
    ReviewField.COUNTRY: None,
    ReviewField.RETENTION: None,  # an ISO-8601 duration or a qualifier, checked below
    ReviewField.CHILDREN_AGE: None,
    ReviewField.PRACTICE: tuple(Clause.Practice.values),
    ReviewField.DNT: DNT_STANCES,
}


def _check_new_value(field: str, new_value: str) -> str:
    new_value = new_value.strip()
    if not new_value:
        raise ValidationError({"new_value": "A correction or an added value needs a new value."})
    if field == ReviewField.RETENTION:
        if iso_duration_parts(new_value) is None and new_value not in Clause.RetentionQualifier:
            raise ValidationError({"new_value": "Give an ISO-8601 duration (P18M) or one of: "
                                   + ", ".join(Clause.RetentionQualifier.values)})
        return new_value
    if field == ReviewField.CHILDREN_AGE:
        if not new_value.isdigit() or not 0 < int(new_value) < 100:
            raise ValidationError({"new_value": "A children's age is a whole number of years."})
        return str(int(new_value))
    if field == ReviewField.COUNTRY:
        if not (new_value == "*" or (len(new_value) == 2 and new_value.isalpha())):
            raise ValidationError({"new_value": "A country is an ISO 3166-1 alpha-2 code or *."})
        return new_value.upper()
    vocabulary = VOCABULARIES.get(field)
    if vocabulary is not None and new_value not in vocabulary:
        raise ValidationError({"new_value": f"Unknown {field} {new_value!r}; one of: "
                               + ", ".join(vocabulary)})
    return new_value[:200]


@transaction.atomic
def review_create(
    *,
    clause: Clause,
    reviewer: AbstractBaseUser,
    field: str,
    action: str,
    value: str = "",
    reason: str = "",
    new_value: str = "",
    span_start: int | None = None,
    span_end: int | None = None,
    note: str = "",
) -> Review:
    """Record one reviewer's judgement of one value of one clause.

    ``value`` is the machine's value judged (empty for ``add_missing`` and ``not_practice``).
    The reviewer's own earlier active review of the same target is superseded, so each
    reviewer has one say per value; different reviewers who disagree make the item disputed
    (review.selectors) and it goes back into the queue.
    """
    if not user_can_review(reviewer):
        raise PermissionDenied("Only reviewers and staff may review.")
    if field not in ReviewField.values:
        raise ValidationError({"field": f"Unknown field {field!r}."})
    if action not in Review.Action.values:
        raise ValidationError({"action": f"Unknown action {action!r}."})
    if reason and reason not in Review.Reason.values:
        raise ValidationError({"reason": f"Unknown reason {reason!r}."})
    current = clause_field_values(clause, field)
    value = (value or "").strip()
    if action == Review.Action.NOT_PRACTICE:
        field, value = ReviewField.PRACTICE, clause.practice or ""
    elif action == Review.Action.ADD_MISSING:
        new_value = _check_new_value(field, new_value)
        if new_value in current:
            raise ValidationError({"new_value": f"The clause already has {field} {new_value}."})
        value = ""
    else:
        if value not in current:
            raise ValidationError(
                {"value": f"The clause has no {field} {value!r} (it has: "
                 + (", ".join(current) or "none") + ")."}
            )
        if action == Review.Action.CORRECT:
            new_value = _check_new_value(field, new_value)
            if new_value == value:
                raise ValidationError({"new_value": "The correction equals the machine value."})
        else:
            new_value = ""
        if action == Review.Action.REJECT and not reason:
            reason = Review.Reason.WRONG_VALUE
        if action != Review.Action.REJECT:
            reason = ""
    if (span_start is None) != (span_end is None):
        raise ValidationError({"span_start": "Give both span_start and span_end, or neither."})
    if span_start is not None and not (clause.start <= span_start < span_end <= clause.end):
        raise ValidationError({"span_start": "The span must lie inside the clause's sentence."})
    if action == Review.Action.ADD_MISSING and span_start is None:
        span_start, span_end = clause.start, clause.end
    sentence = clause.text  # exactly version.text[start:end] (results service checks it)
    fingerprint = text_fingerprint(sentence)
    earlier = list(
        Review.objects.select_for_update().filter(
            version_id=clause.version_id, fingerprint=fingerprint, field=field, value=value,
            reviewer=reviewer, status=Review.Status.ACTIVE,
        ).filter(**({"new_value": new_value} if action == Review.Action.ADD_MISSING else {}))
    )
    review = Review.objects.create(
        version_id=clause.version_id,
        start=clause.start,
        end=clause.end,
        fingerprint=fingerprint,
        sentence=sentence,
        span_start=span_start,
        span_end=span_end,
        clause=clause,
        field=field,
        value=value,
        machine_negated=bool(clause.negated),
        action=action,
        reason=reason,
        new_value=new_value,
        note=note.strip(),
        reviewer=reviewer,
        pipeline_version=clause.pipeline_version or "",
        model_version=clause_model_version(clause),
    )
    ReviewEvent.objects.create(
        review=review, kind=ReviewEvent.Kind.CREATED, actor=reviewer,
        details={"action": action, "reason": reason, "field": field, "value": value,
                 "new_value": new_value, "clause": clause.pk},
    )
    for old in earlier:
        old.status = Review.Status.SUPERSEDED
        old.save(update_fields=["status"])
        ReviewEvent.objects.create(
            review=old, kind=ReviewEvent.Kind.SUPERSEDED, actor=reviewer,
            details={"by": review.pk},
        )
    return review


@transaction.atomic
def review_withdraw(*, review: Review, actor: AbstractBaseUser) -> Review:
    """Withdraw a review (its author or staff): the machine value shows again."""
    if not user_can_review(actor) or (review.reviewer_id != actor.pk and not actor.is_staff):
        raise PermissionDenied("Only the review's author or staff may withdraw it.")
    if review.status == Review.Status.WITHDRAWN:
        return review
    review.status = Review.Status.WITHDRAWN
    review.save(update_fields=["status"])
    ReviewEvent.objects.create(review=review, kind=ReviewEvent.Kind.WITHDRAWN, actor=actor)
    return review


@transaction.atomic
def reviews_reanchor(*, version: PolicyVersion) -> dict[str, int]:
    """Re-attach reviews to the clauses just saved for ``version``; carry reviews over from
    earlier versions of the same policy whose sentence is unchanged.

    Called after every save of results (the ``extraction.signals.results_saved`` signal):

    * a review of this version keeps its clause when a clause has the same offsets and the
      same sentence fingerprint; else it moves to the clause with that fingerprint nearest
      its old place (offsets updated); else it is ``orphaned`` (listed on the version page
      and by ``reviews_unanchored``), and comes back if a later extraction finds it again;
    * an active review of an earlier version of the policy whose sentence appears in this
      version is copied here (``carried_from``) unless this version already has it.

    Returns counts ``{"kept", "moved", "orphaned", "carried"}``.
    """
    clauses = list(
        Clause.objects.filter(version=version).only(
            "id", "version_id", "start", "end", "text", "negated", "practice"
        )
    )
    by_offsets: dict[tuple[int, int], Clause] = {(c.start, c.end): c for c in clauses}
    by_print: dict[str, list[Clause]] = {}
    for c in clauses:
        by_print.setdefault(text_fingerprint(c.text), []).append(c)
    counts = {"kept": 0, "moved": 0, "orphaned": 0, "carried": 0}
    events: list[ReviewEvent] = []
    own = list(
        Review.objects.select_for_update().filter(
            version=version, status__in=[Review.Status.ACTIVE, Review.Status.ORPHANED]
        )
    )
    for review in own:
        at = by_offsets.get((review.start, review.end))
        if at is not None and text_fingerprint(at.text) == review.fingerprint:
            target = at
        else:
            same = by_print.get(review.fingerprint, [])
            target = min(same, key=lambda c: abs(c.start - review.start)) if same else None
        if target is None:
            if review.status != Review.Status.ORPHANED or review.clause_id is not None:
                events.append(ReviewEvent(review=review, kind=ReviewEvent.Kind.ORPHANED,
                                          details={"start": review.start, "end": review.end}))
            review.clause = None
            review.status = Review.Status.ORPHANED
            review.save(update_fields=["clause", "status"])
            counts["orphaned"] += 1
            continue
        shift = target.start - review.start
        moved = shift != 0 or review.status == Review.Status.ORPHANED
        if moved:
            events.append(ReviewEvent(
                review=review, kind=ReviewEvent.Kind.REANCHORED,
                details={"from": [review.start, review.end], "to": [target.start, target.end]},
            ))
            review.start, review.end = target.start, target.end
            if review.span_start is not None:
                review.span_start += shift
                review.span_end = (review.span_end or 0) + shift
        review.clause = target
        review.status = Review.Status.ACTIVE
        review.save(update_fields=["clause", "status", "start", "end", "span_start", "span_end"])
        counts["moved" if moved else "kept"] += 1

    have = {(r.fingerprint, r.field, r.value, r.new_value, r.reviewer_id) for r in own}
    earlier = (
        Review.objects.filter(
            version__policy_id=version.policy_id,
            version__ingested_at__lt=version.ingested_at,
            status=Review.Status.ACTIVE,
            fingerprint__in=list(by_print),
        )
        .order_by("-version__ingested_at", "-created_at", "-id")
    )
    for old in earlier:
        key = (old.fingerprint, old.field, old.value, old.new_value, old.reviewer_id)
        if key in have:
            continue
        have.add(key)
        target = min(by_print[old.fingerprint], key=lambda c: abs(c.start - old.start))
        shift = target.start - old.start
        copy = Review.objects.create(
            version=version, start=target.start, end=target.end, fingerprint=old.fingerprint,
            sentence=target.text,
            span_start=None if old.span_start is None else old.span_start + shift,
            span_end=None if old.span_end is None else old.span_end + shift,
            clause=target, field=old.field, value=old.value,
            machine_negated=old.machine_negated, action=old.action, reason=old.reason,
            new_value=old.new_value, note=old.note, reviewer_id=old.reviewer_id,
            pipeline_version=old.pipeline_version, model_version=old.model_version,
            carried_from=old,
        )
        # Keep the reviewer's original time: the judgement is theirs, made then.
        Review.objects.filter(pk=copy.pk).update(created_at=old.created_at)
        events.append(ReviewEvent(review=copy, kind=ReviewEvent.Kind.CARRIED,
                                  details={"from_review": old.pk, "from_version": old.version_id}))
        counts["carried"] += 1
    ReviewEvent.objects.bulk_create(events)
    return counts


def trained_model_train(
    *,
    docs: list[dict],
    out_root: Path,
    held_back: float = 0.25,
    folds: int = 3,
    epochs: int = 12,
    max_minutes: float = 30.0,
    seed: int = 0,
    name: str = "",
) -> TrainedModel:
    """Train a section classifier on reviewed passages, score it on a held-back share of the
    reviewed policies against the rules and the active model, record it in the registry, and
    activate it only if it beats both there.

    ``folds`` (cross-validation folds inside the training policies) and ``epochs`` bound the
    cost: 2–3 folds train in a fraction of the default 5."""
    from extraction.nlp import classifier

    ids = [str(d["id"]) for d in docs]
    held = held_back_ids(ids, held_back, seed)
    train_docs = [d for d in docs if str(d["id"]) not in held]
    test_docs = [d for d in docs if str(d["id"]) in held]
    if not train_docs or not test_docs:
        raise ValidationError("Too few reviewed policies to hold some back: review at least "
                              "two policies' passages (better: ten or more).")
    name = name or f"reviews-{timezone.now():%Y%m%d-%H%M%S}"
    path = Path(out_root) / name
    meta = classifier.train(train_docs, path, seed=seed, max_minutes=max_minutes,
                            epochs=epochs, folds=folds)
    scores = section_scores(test_docs, model_predictor(str(path)))
    rules = section_scores(test_docs, rules_predictor())
    previous = TrainedModel.objects.filter(active=True).first()
    previous_scores = (section_scores(test_docs, model_predictor(previous.path))
                       if previous is not None and Path(previous.path).is_dir() else None)
    beats = scores["macro_f1"] > rules["macro_f1"] and (
        previous_scores is None or scores["macro_f1"] > previous_scores["macro_f1"])
    with transaction.atomic():
        row = TrainedModel.objects.create(
            name=name, path=str(path),
            training_policies=len(train_docs),
            training_passages=sum(len(d["segments"]) for d in train_docs),
            held_out_policies=len(test_docs),
            score=scores["macro_f1"], rules_score=rules["macro_f1"],
            active_score=previous_scores["macro_f1"] if previous_scores else None,
            scores={"model": scores, "rules": rules, "previous_active": previous_scores,
                    "previous_active_name": previous.name if previous else None,
                    "held_back": sorted(held), "training": meta},
        )
        if beats:
            TrainedModel.objects.filter(active=True).update(active=False)
            row.active = True
            row.activated_at = timezone.now()
            row.save(update_fields=["active", "activated_at"])
    return row


def versions_reextract_compare(*, versions: list[PolicyVersion]) -> list[dict]:
    """Re-extract versions now (in this process) and say what changed in their sections:
    per version, passages whose sections changed, with before and after."""
    from extraction.services import extraction_run_create, extraction_run_execute

    report = []
    for version in versions:
        before = {(c.start, c.end): tuple(c.sections or ())
                  for c in Clause.objects.filter(version=version).only("start", "end",
                                                                       "sections")}
        run = extraction_run_create(version=version)
        extraction_run_execute(run_id=run.pk)
        changed = []
        after_clauses = Clause.objects.filter(version=version).only(
            "start", "end", "sections", "text", "pipeline_version")
        pipeline = ""
        for c in after_clauses:
            pipeline = c.pipeline_version
            old = before.get((c.start, c.end))
            if old is not None and old != tuple(c.sections or ()):
                changed.append({"start": c.start, "end": c.end, "text": c.text[:160],
                                "before": list(old), "after": list(c.sections or ())})
        report.append({"version": version.pk, "pipeline_version": pipeline,
                       "passages": len(before), "changed": changed})
    return report
