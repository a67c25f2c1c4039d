"""Undeclared 8-bit encodings: Western text reads as windows-1252, other scripts keep theirs."""

from __future__ import annotations

import pytest

from extraction.nlp.convert import decode_text

SAMPLES = [
    ("cp1252", "Politique de confidentialité\n\nNous collectons votre adresse e-mail. Les "
               "données sont conservées pendant 2 ans. Société Générale, reçu, naïveté.\n"),
    ("latin-1", "Datenschutzerklärung: Wir speichern Ihre Daten für 30 Tage. Größe, Straße."),
    ("cp1250", "Zásady ochrany osobních údajů: údaje uchováváme po dobu dvou let. "
               "Příliš žluťoučký kůň."),
    ("cp1251", "Политика конфиденциальности: мы храним ваши данные в течение двух лет."),
    ("cp1253", "Πολιτική απορρήτου: διατηρούμε τα δεδομένα σας για δύο χρόνια."),
    ("shift_jis", "個人情報保護方針。私たちはあなたのデータを二年間保管します。"),
    ("utf-16", "Privacy policy — we keep logs for 90 days."),
]


@pytest.mark.parametrize(("encoding", "text"), SAMPLES, ids=[e for e, _ in SAMPLES])
def test_text_in_a_legacy_encoding_is_decoded_exactly(encoding, text):
    decoded, _ = decode_text(text.encode(encoding))
    assert decoded == text
