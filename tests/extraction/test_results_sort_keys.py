"""The results service writes each value's copy of its clause's list position (the value
index's sort key, read by the clause list's plan): it matches for every clause, also after a
re-extraction replaces the results."""

from __future__ import annotations

import pytest
from django.db.models import F, Q

from extraction import nlp
from extraction.models import ExtractionRun
from extraction.services import run_results_save
from policies.models import Clause, ClauseValue
from tests.factories import PolicyVersionFactory

pytestmark = pytest.mark.django_db

POLICY = """Quillmate Privacy Policy

Information we collect
We collect your name, email address and postal address when you order, and your IP address
and device identifiers when you browse.

Sharing
We share your address with delivery companies and your payment details with Stripe.

Retention
We keep order records for 6 years and delete account data 30 days after you close the account.

Your rights
You may access, correct or delete your data and object to marketing. Contact dpo@example.org.
"""


def _mismatched() -> int:
    return ClauseValue.objects.filter(
        ~Q(sort_version=F("clause__version_id")) | ~Q(sort_order=F("clause__order"))
    ).count()


def test_every_value_carries_its_clauses_list_position():
    versions = [PolicyVersionFactory(text=POLICY), PolicyVersionFactory(text=POLICY)]
    analysis = nlp.analyze_document(POLICY)
    for version in versions:
        run_results_save(run=ExtractionRun.objects.create(version=version), analysis=analysis)
    clauses = Clause.objects.filter(version__in=versions)
    assert clauses.count() == 2 * len(analysis.clauses) > 4
    assert ClauseValue.objects.count() > clauses.count()  # every clause has values to check
    assert _mismatched() == 0
    for clause in clauses.prefetch_related("values"):
        assert {(v.sort_version, v.sort_order) for v in clause.values.all()} <= {
            (clause.version_id, clause.order)
        }
    # a re-extraction replaces the rows: positions are written again, never left stale
    run_results_save(run=ExtractionRun.objects.create(version=versions[1]), analysis=analysis)
    assert _mismatched() == 0
