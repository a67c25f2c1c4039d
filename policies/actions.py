"""Write actions of the analyst pages (POST with CSRF, sign-in required).

Kept apart from ``policies.views`` (the read pages) because other apps' pages import those
helpers and must not reach the write services (import-linter: comparison only reads).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from config.api.cache import stamp_invalidate
from policies.selectors import version_for_company
from policies.services import policy_version_confirm


@require_POST
@login_required
def version_confirm_view(request: HttpRequest, slug: str, version_id: int) -> HttpResponse:
    """Confirm a version the suspicious-version check held back (POST with CSRF)."""
    version = version_for_company(slug=slug, version_id=version_id)
    if version is None:
        raise Http404("No such version of this company's policy.")
    was_held = version.held_back
    policy_version_confirm(version=version, user=request.user)
    if was_held:
        stamp_invalidate()
        messages.success(request, "Confirmed: the version is no longer held back.")
    return redirect("policies:version-detail", slug, version.pk)
