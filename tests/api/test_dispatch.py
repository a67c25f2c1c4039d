"""One URL, two apps: GET /policies/{id}/versions/ lists (policies), POST uploads (extraction)."""

from __future__ import annotations

import pytest

from config.api.dispatch import by_method
from config.api.schema import SchemaGenerator
from extraction.api.views import PolicyVersionUploadView
from policies.api.views import PolicyVersionListView
from tests.factories import PolicyFactory


@pytest.fixture
def policy(db):
    return PolicyFactory()


def test_get_and_head_list_post_uploads_other_methods_are_405_naming_both(api, auth_api, policy):
    url = f"/api/v1/policies/{policy.pk}/versions/"
    listed = api.get(url)
    assert listed.status_code == 200 and listed.json()["results"] == []
    assert api.head(url).status_code == 200
    anonymous_upload = api.post(url, {"text": "We collect your email."}, format="json")
    assert anonymous_upload.status_code in (401, 403)  # the upload view's permissions
    put = auth_api.put(url, {}, format="json")
    assert put.status_code == 405 and put.json()["status"] == 405
    assert set(put["Allow"].split(", ")) == {"GET", "POST", "HEAD", "OPTIONS"}
    assert api.get(f"/api/v1/policies/{policy.pk + 1000}/versions/").status_code == 404


def test_the_schema_documents_each_method_from_its_own_view(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    item = schema["paths"]["/api/v1/policies/{id}/versions/"]
    assert item["get"]["summary"] == "List the versions of a policy, newest first"
    assert item["post"]["summary"] == "Upload a new version of a policy"
    assert "put" not in item


def test_by_method_needs_a_view_and_dispatches_by_name():
    with pytest.raises(ValueError):
        by_method()
    view = by_method(GET=PolicyVersionListView.as_view(), POST=PolicyVersionUploadView.as_view())
    assert set(view.method_views) == {"GET", "POST"} and view.csrf_exempt
