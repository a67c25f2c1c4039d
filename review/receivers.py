"""Receivers: re-anchor reviews whenever extraction results are saved for a version."""

from __future__ import annotations

from django.dispatch import receiver

from extraction.signals import results_saved


@receiver(results_saved, dispatch_uid="review.reanchor_after_results")
def _reanchor_after_results(sender, *, version, **kwargs) -> None:
    from review.services import reviews_reanchor

    reviews_reanchor(version=version)
