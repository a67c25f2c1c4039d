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
  tokens (:func:`extraction.nlp.rule_features`), so the model learns how far to trust each rule,
* the rules' sections of the previous and next passage of the same document
  (``prv_rsec_cookies``, ``nxt_rsec_edge``; :func:`neighbour_tokens`), so a passage that
  continues a list or a section inherits some of its neighbours' topic.

Two models read that stream: the spaCy textcat (bag-of-n-grams, rare labels oversampled) and
a TF-IDF (word 1-2 grams, sublinear tf) + logistic-regression companion (plain arrays, no
pickle), which can read the rules' tokens a second time as a binary block beside the TF-IDF.
Everything is tuned by document-level cross-validation inside the training documents
(tuning.py): each label's logistic-regression class weight and C and whether it reads the rule
block, the textcat's epoch count, the blend weight (0, 0.25 or 0.5 for the textcat), per-label
thresholds on the out-of-fold probabilities, and per-label rule modes (model alone, OR/AND with
the rules, or the rules alone). The work is fixed by the folds, maximum epochs and patience, never
by the clock (the time budget is a safety stop that fails). All of it is stored in the model
directory (``policy_classifier.json``, the spaCy pipeline in ``model/``, ``linear.npz``). On the
development files the cross-validation gives the linear companion all the weight; held-out 25%
split (bench/classifier_split_eval.sh, rules-1.9): passage macro-F1 0.814 on OPP-115, 0.780
on GDPR-Transparency-200 (README, Accuracy). The model decides the labels it was trained on; rule
labels it was not trained on pass through.

Models trained on the gold files must never be shipped or committed (their licences forbid it):
write them to a directory outside git or to the git-ignored ``var/``.
"""

from .features import (
    RuleRunner,
    default_rule_runner,
    model_input,
    neighbour_tokens,
    rules_only,
    with_neighbours,
)
from .linear import LINEAR_FILE, LINEAR_VOCAB, PARAM_GRID, LinearModel
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
from .textcat import TrainingBudgetExceeded
from .training import train

__all__ = [
    "COMBINED_LABELS",
    "FORMAT_VERSION",
    "LINEAR_FILE",
    "LINEAR_VOCAB",
    "META_FILE",
    "MODEL_ENV",
    "PARAM_GRID",
    "RULE_MODES",
    "LinearModel",
    "RuleRunner",
    "SectionClassifier",
    "TrainingBudgetExceeded",
    "combine",
    "default_rule_runner",
    "get_classifier",
    "model_input",
    "neighbour_tokens",
    "rules_only",
    "train",
    "with_neighbours",
]
