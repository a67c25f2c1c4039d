"""URL converters shared by the apps' URL configurations (registered once, on import)."""

from __future__ import annotations

from django.urls import register_converter


class UnicodeSlugConverter:
    """Company slugs keep the name's script (``株式会社データ``, ``شركة-البيانات``): letters
    and digits of any script, hyphens and underscores."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "uslug")
