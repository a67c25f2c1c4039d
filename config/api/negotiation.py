"""Content negotiation where an unknown ``?format=`` is a 400 (not a bare 404)."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class StrictContentNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        matching = [r for r in renderers if r.format == format]
        if not matching:
            allowed = ", ".join(sorted({r.format for r in renderers}))
            raise ValidationError(
                {"format": [f'Unknown format "{format}" here. Allowed: {allowed}.']},
                code="invalid_choice",
            )
        return matching
