"""Read-side selectors that the API calls on every page."""

from __future__ import annotations

import pytest

from policies.selectors import version_companies
from tests.factories import PolicyVersionFactory


@pytest.mark.django_db
def test_version_companies_maps_each_version_to_its_policy_and_company():
    a, b = PolicyVersionFactory(), PolicyVersionFactory()
    a2 = PolicyVersionFactory(policy=a.policy)
    found = version_companies(version_ids=[a.pk, b.pk, a2.pk, a.pk, 10**12])
    assert found == {
        a.pk: (a.policy_id, a.policy.company.slug, a.policy.company.name),
        a2.pk: (a.policy_id, a.policy.company.slug, a.policy.company.name),
        b.pk: (b.policy_id, b.policy.company.slug, b.policy.company.name),
    }  # an id that is not (or no longer) there is simply absent
    assert version_companies(version_ids=[]) == {}
