"""Reviews: settled values win in memory, survive re-extraction, follow unchanged sentences
into new versions, disagreements are disputed, and only reviewers may review."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from extraction.services import extraction_run_create, extraction_run_execute
from policies.models import Clause
from review.models import Review, ReviewEvent
from review.selectors import review_overlay, review_queue, reviews_unanchored, user_can_review
from review.services import review_create
from tests.review.conftest import clause_with

pytestmark = pytest.mark.django_db

DENIAL = "cannot opt-out of receiving"  # unnamed-retailer: "marketing opt-out: not offered"


def reextract(version) -> None:
    run = extraction_run_create(version=version)
    extraction_run_execute(run_id=run.pk)


def test_rejecting_a_wrong_denial_flips_the_polarity_in_memory_only(seeds, reviewer):
    clause = clause_with("unnamed-retailer", DENIAL)
    assert clause.negated and "marketing_opt_out" in clause.rights
    review = review_create(clause=clause, reviewer=reviewer, field="right",
                           value="marketing_opt_out",
                           action="reject", reason="wrong_polarity", note="offers it")
    assert review.fingerprint and review.sentence == clause.text
    assert review.pipeline_version == clause.pipeline_version
    loaded = Clause.objects.get(pk=clause.pk)
    overlay = review_overlay([loaded])
    assert loaded.negated is False  # reviewed value wins in memory
    assert Clause.objects.get(pk=clause.pk).negated is True  # the machine's row is kept
    mark = overlay[clause.pk].marks[0]
    assert mark.state == "reject" and mark.reviewers == "Rita"
    assert "wrong polarity by Rita" in mark.summary
    assert ReviewEvent.objects.filter(review=review, kind="created", actor=reviewer).exists()


def test_a_reextraction_keeps_the_review_on_the_same_sentence(seeds, reviewer):
    clause = clause_with("unnamed-retailer", DENIAL)
    review = review_create(clause=clause, reviewer=reviewer, field="right",
                           value="marketing_opt_out",
                           action="reject", reason="wrong_polarity")
    reextract(clause.version)
    new_clause = clause_with("unnamed-retailer", DENIAL)
    assert new_clause.pk != clause.pk
    review.refresh_from_db()
    assert review.clause_id == new_clause.pk and review.status == Review.Status.ACTIVE
    review_overlay([new_clause])
    assert new_clause.negated is False


def test_a_changed_sentence_orphans_the_review_and_it_is_listed(seeds, reviewer):
    clause = clause_with("unnamed-retailer", DENIAL)
    review = review_create(clause=clause, reviewer=reviewer, field="right",
                           value="marketing_opt_out",
                           action="reject", reason="wrong_polarity")
    Review.objects.filter(pk=review.pk).update(fingerprint="0" * 40)  # as if the text changed
    reextract(clause.version)
    review.refresh_from_db()
    assert review.status == Review.Status.ORPHANED and review.clause_id is None
    assert review in reviews_unanchored(version=clause.version)
    assert ReviewEvent.objects.filter(review=review, kind="orphaned").exists()


def test_a_new_version_with_the_sentence_unchanged_gets_the_review(
    seeds, reviewer, django_capture_on_commit_callbacks
):
    from extraction.services import policy_version_ingest

    clause = clause_with("unnamed-retailer", DENIAL)
    lost_clause = clause_with("unnamed-retailer", "escalate the complaint")
    review = review_create(clause=clause, reviewer=reviewer, field="right",
                           value="marketing_opt_out",
                           action="reject", reason="wrong_polarity")
    lost = review_create(clause=lost_clause, reviewer=reviewer, field="right",
                         value="complaint", action="confirm")
    old = clause.version
    text = old.text.replace(lost_clause.text, "We send service notices by email.")
    with django_capture_on_commit_callbacks(execute=True):
        result = policy_version_ingest(company=old.policy.company, kind=old.policy.kind,
                                       text=text, source_kind="paste")
    new = result.version
    assert new.pk != old.pk
    copy = Review.objects.get(version=new, carried_from=review)
    assert copy.reviewer == reviewer and copy.created_at == review.created_at
    assert copy.clause.version_id == new.pk and copy.clause.text == clause.text
    assert [r.pk for r in reviews_unanchored(version=new)] == [lost.pk]


def test_reviewers_who_disagree_make_a_disputed_item_back_in_the_queue(
    seeds, reviewer, second_reviewer
):
    clause = clause_with("unnamed-retailer", DENIAL)
    review_create(clause=clause, reviewer=reviewer, field="right",
                           value="marketing_opt_out",
                  action="reject", reason="wrong_polarity")
    queue = review_queue(company="unnamed-retailer", include_reviewed=False)
    assert not queue.filter(clause=clause, field="right").exists()
    review_create(clause=clause, reviewer=second_reviewer, field="right", value="marketing_opt_out",
                  action="confirm")
    loaded = Clause.objects.get(pk=clause.pk)
    mark = review_overlay([loaded])[clause.pk].marks[0]
    assert mark.disputed and {s.reviewer for s in mark.says} == {"Rita", "Sam"}
    assert loaded.negated is True  # nothing settled: the machine value stays
    first = review_queue(company="unnamed-retailer").first()
    assert (first.clause_id, first.field, first.value) == (clause.pk, "right", "marketing_opt_out")


def test_a_reviewers_later_review_supersedes_their_earlier_one(seeds, reviewer):
    clause = clause_with("unnamed-retailer", DENIAL)
    first = review_create(clause=clause, reviewer=reviewer, field="right",
                           value="marketing_opt_out",
                          action="confirm")
    review_create(clause=clause, reviewer=reviewer, field="right",
                           value="marketing_opt_out",
                  action="reject", reason="wrong_polarity")
    first.refresh_from_db()
    assert first.status == Review.Status.SUPERSEDED
    mark = review_overlay([Clause.objects.get(pk=clause.pk)])[clause.pk].marks[0]
    assert not mark.disputed and mark.state == "reject"


def test_corrections_additions_and_not_a_practice(seeds, reviewer):
    clause = clause_with("all-in-print", "for up to 18 months")
    assert clause.retention_duration == "P18M"
    review_create(clause=clause, reviewer=reviewer, field="retention", value="P18M",
                  action="correct", new_value="P2Y")
    review_create(clause=clause, reviewer=reviewer, field="data_type", action="add_missing",
                  new_value="health", span_start=clause.start, span_end=clause.start + 5)
    loaded = Clause.objects.get(pk=clause.pk)
    review_overlay([loaded])
    assert loaded.retention_duration == "P2Y" and loaded.retention_days == 730
    assert "health" in loaded.data_types
    other = clause_with("all-in-print", "does not cover data")
    review_create(clause=other, reviewer=reviewer, field="practice", action="not_practice")
    assert review_overlay([Clause.objects.get(pk=other.pk)])[other.pk].excluded


def test_bad_reviews_are_refused_with_reasons(seeds, reviewer, reader):
    clause = clause_with("unnamed-retailer", DENIAL)
    assert not user_can_review(reader) and user_can_review(reviewer)
    with pytest.raises(PermissionDenied):
        review_create(clause=clause, reviewer=reader, field="right", value="marketing_opt_out",
                      action="confirm")
    with pytest.raises(ValidationError, match="has no right"):
        review_create(clause=clause, reviewer=reviewer, field="right", value="access",
                      action="confirm")
    with pytest.raises(ValidationError, match="Unknown data_type"):
        review_create(clause=clause, reviewer=reviewer, field="data_type", action="add_missing",
                      new_value="shoe_size")
    with pytest.raises(ValidationError, match="inside the clause"):
        review_create(clause=clause, reviewer=reviewer, field="data_type", action="add_missing",
                      new_value="contact", span_start=0, span_end=3)
    with pytest.raises(ValidationError, match="ISO-8601"):
        review_create(clause=clause, reviewer=reviewer, field="retention", action="add_missing",
                      new_value="forever-ish")
    assert not Review.objects.exists()
