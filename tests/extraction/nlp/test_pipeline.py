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

