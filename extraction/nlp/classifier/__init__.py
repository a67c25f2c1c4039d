"""Trainable section classifier that works together with the rules (no Django imports).

A researcher who holds a labelled corpus in the gold format (../shared/eval/README.md) trains a
spaCy ``textcat_multilabel`` model with :func:`train` (``manage.py train_classifier``), and
points ``POLICY_CLASSIFIER_MODEL`` at the output directory. :func:`get_classifier` then returns
a :class:`SectionClassifier` that the rules pipeline consults for every passage.

The model reads, for each passage, one token stream made of
* the enclosing headings as prefixed tokens (``hdr_cookies``), the innermost one also as
  ``hdi_cookies``,
* the lower-cased passage text,
* the rules' own verdict as tokens (``rsec_sharing``, ``rdt_location``) and the rules' feature
  tokens (:func:`extraction.nlp.rule_features`), so the model learns how far to trust each rule.

Two models read that stream: the spaCy textcat (bag-of-n-grams, rare labels oversampled) and
a TF-IDF + logistic-regression companion with balanced class weights (plain arrays, no pickle).
Their probabilities are blended with a textcat weight chosen on a held-out slice of the training
documents (from 0, 0.25, 0.5), where the per-label decision thresholds are tuned too; all of it
is stored in the model directory (``policy_classifier.json``, the spaCy pipeline in ``model/``,
``linear.npz``). In document-level cross-validation the linear companion carries most of the
weight (see bench/train_eval.py). The model decides the labels it was trained on; rule labels it
was not trained on pass through.

Models trained on the gold files must never be shipped or committed (their licences forbid it):
write them to a directory outside git or to the git-ignored ``var/``.
"""

from .features import RuleRunner, _default_rule_runner, model_input, rules_only
from .linear import LINEAR_FILE, LINEAR_VOCAB, LinearModel
from .model import (
    COMBINED_LABELS,
    FORMAT_VERSION,
    META_FILE,
    MODEL_ENV,
    RULE_MODES,
    SectionClassifier,
    combine,
    get_classifier,
)
from .training import train

__all__ = [
    "COMBINED_LABELS",
    "FORMAT_VERSION",
    "LINEAR_FILE",
    "LINEAR_VOCAB",
    "META_FILE",
    "MODEL_ENV",
    "RULE_MODES",
    "LinearModel",
    "RuleRunner",
    "SectionClassifier",
    "_default_rule_runner",
    "combine",
    "get_classifier",
    "model_input",
    "rules_only",
    "train",
]
