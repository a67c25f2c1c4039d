"""Policies of fictional companies written for the verdict tests (our own text): one that
contradicts itself on sharing for marketing, one that states the same facts consistently, and
one whose denial is limited to its cookies."""

from __future__ import annotations

BRIGHTLEAF = """Brightleaf Garden Supplies Privacy Policy

Last updated: 1 October 2026

1. Information we collect
We collect your name, email address and delivery address when you place an order.

2. How we share information
We never share your personal information with any organisation or individual for marketing purposes.
We share your contact details with our partners for their marketing.
We share your card details with Stripe to process payments.

3. Do Not Track
We honour Do Not Track signals sent by your browser.

4. Your rights
You may request access to or deletion of your personal data at any time.
"""

QUILLMERE = """Quillmere Stationery Privacy Policy

Last updated: 2 September 2026

1. Information we collect
We collect your name and email address when you create an account.

2. How we share information
We do not share your personal information with anyone for marketing purposes.
We share your card details with Stripe to process payments.

3. Do Not Track
We do not respond to Do Not Track signals.

4. Your rights
You may request access to your personal data at any time.
"""

FERNHILL = """Fernhill Outdoor Privacy Policy

1. Information we collect
We collect your name and email address when you create an account.
Our cookies do not collect your email address.
"""
COOKIE_DENIAL = "Our cookies do not collect your email address."

COMPANIES = (("Brightleaf Garden Supplies", "brightleaf", BRIGHTLEAF),
             ("Quillmere Stationery", "quillmere", QUILLMERE),
             ("Fernhill Outdoor", "fernhill", FERNHILL))
CONFLICT_YES = "We share your contact details with our partners for their marketing."
CONFLICT_NO = ("We never share your personal information with any organisation or individual "
               "for marketing purposes.")


def ingest_test_policies() -> dict:
    """Store and extract the policies (extraction runs in-process when the transaction
    commits: call inside ``django_capture_on_commit_callbacks(execute=True)`` in a test with
    the ``db`` fixture). Returns the companies by slug."""
    from extraction.services import policy_version_ingest
    from policies.models import Company

    companies = {}
    for name, slug, text in COMPANIES:
        company = Company.objects.create(name=name, slug=slug)
        policy_version_ingest(company=company, text=text, source_kind="paste")
        companies[slug] = company
    return companies
