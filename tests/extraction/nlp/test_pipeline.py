"""The tokenizer learns the words of the texts analysed without changing their tokens."""

from __future__ import annotations

import spacy
from spacy.language import Language

from extraction.nlp import pipeline
from extraction.nlp.pipeline import get_nlp, learn_words

TEXT = (
    "Zyxwv-Corp's app (\"Qwertyuiop\") stores e-mails, IDs & GPS-data for 18-24 months; "
    "see https://zyxwv.example/privacy or write to dpo@zyxwv.example.  Zyxwv-Corp's. U.S.A.!"
)


def _tokens(nlp: Language, text: str) -> list[tuple[str, str, int]]:
    with nlp.memory_zone():
        return [(t.text, t.whitespace_, t.lex.lower) for t in nlp.make_doc(text)]


def test_learnt_words_tokenize_the_same():
    fresh = spacy.blank("en")  # nothing cached
    learn_words(get_nlp(), [TEXT])
    assert all(w in pipeline._learned for w in TEXT.split())
    assert _tokens(get_nlp(), TEXT) == _tokens(fresh, TEXT)


def test_learning_stops_at_the_limit(monkeypatch):
    monkeypatch.setattr(pipeline, "_learned", set())
    monkeypatch.setattr(pipeline, "LEARN_LIMIT", 3)
    learn_words(get_nlp(), ["alpha beta gamma delta epsilon"])
    assert pipeline._learned == {"alpha", "beta", "gamma"}
    learn_words(get_nlp(), ["zeta"])
    assert len(pipeline._learned) == 3


def test_nothing_is_learnt_inside_a_memory_zone(monkeypatch):
    monkeypatch.setattr(pipeline, "_learned", set())
    nlp = get_nlp()
    with nlp.memory_zone():
        learn_words(nlp, ["omicron"])
    assert not pipeline._learned


WINDOW_TEXTS = [
    "We keep logs for 30 days, backups for 12 (twelve) months and invoices for ten years.",
    "Children under the age of 13, or under 16 in the EU, and users aged 13 to 17 years old.",
    "One year after closure, a year later, an additional 6 months, 3 - year terms; 2 (two) "
    "years - or one month. Call 1 800 555 0100 or +44 20 7946 0958 before 5 business days.",
    "1 2 3 4 5 6 7 8 9 10 11 12 13 years of 14 and a day, a week, a month",
    "No numbers here at all, just a week of words and a year.",
    "12 months",
    "under 13",
]


def test_value_matcher_windows_find_what_the_whole_doc_does():
    """``policy_values`` runs its Matcher on the stretches around numbers and articles: the
    same matches, in the same order, as on the whole document."""
    nlp = get_nlp()
    values = nlp.get_pipe("policy_values")
    for text in WINDOW_TEXTS + [" ".join(WINDOW_TEXTS), "x " * 7 + WINDOW_TEXTS[0]]:
        doc = nlp(text)
        whole = [(m, s, e) for m, s, e in values.matcher(doc)]
        got = [(s.label, s.start, s.end) for s in doc.spans["policy_values"]
               if s.label_ in ("duration", "age")]
        assert got == whole, text
        assert whole or "No numbers" in text
