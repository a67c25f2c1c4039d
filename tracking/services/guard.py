"""Whether fetched text is the policy at all: the suspicious-version check of the core.

A tracked fetch that reads like a sign-in, error or captcha page, or that lost most of the
text or sections of the current version, never becomes a version: the check fails with the
reasons (an upload of such text is stored held back instead; see policies.textcheck).
"""

from __future__ import annotations

from policies.models import Policy


def page_refusal(*, text: str, policy: Policy) -> str:
    """The reasons ``text`` is refused as a new version of ``policy`` ("" when it is fine)."""
    from policies import textcheck
    from policies.services import suspicion_baseline

    reasons = textcheck.suspicion_reasons(text, suspicion_baseline(policy=policy))
    return " ".join(r.message for r in reasons)
