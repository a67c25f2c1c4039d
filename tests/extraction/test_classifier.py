"""The trainable section classifier: training, the model directory, POLICY_CLASSIFIER_MODEL.

Trains tiny models in temp dirs: on hand-written synthetic policies, and (when
../shared/eval/opp115-dev.jsonl is present, which it must be under CI=true) on a slice of the
OPP-115 development file through ``manage.py train_classifier``. No model is ever kept.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from extraction.nlp import classifier as clf
from extraction.nlp import classify_passages
from extraction.nlp.types import SECTION_KEYS, PassageResult

DEV_FILE = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "opp115-dev.jsonl"

# Hand-written passages per gold label (OPP-115 style: collection_use is one label).
SYNTHETIC: dict[str, list[str]] = {
    "cookies": [
        "We place cookies and web beacons on your browser to remember your preferences.",
        "Our site uses tracking pixels and cookies; you can disable cookies in your browser.",
        "Third-party advertising cookies may be set when you visit our pages.",
        "We do not respond to Do Not Track signals sent by your browser.",
    ],
    "sharing": [
        "We share your personal information with our payment processors and shipping partners.",
        "Your data may be disclosed to affiliates and to law enforcement when required.",
        "We may sell or transfer customer records to an acquirer in a merger.",
        "We never share your email address with advertisers.",
    ],
    "retention": [
        "We keep your order history for two years and then delete it.",
        "Log files are retained for ninety days before they are erased.",
        "Account data is stored until thirty days after you close your account.",
        "We retain records only as long as necessary for the purposes described.",
    ],
    "collection_use": [
        "We collect your name, postal address and telephone number when you register.",
        "We use the information you provide to process orders and answer questions.",
        "When you browse, we automatically collect your IP address and device type.",
        "Your purchase details are used to improve and personalise our service.",
    ],
    "security": [
        "We protect your information with encryption and secure servers.",
        "Access to personal data is restricted by firewalls and SSL technology.",
        "Our staff follow strict security procedures to prevent unauthorised access.",
        "Payment details are transmitted over an encrypted connection.",
    ],
}
LABELS = sorted(SYNTHETIC)


def synthetic_docs(n_docs: int = 16, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    docs = []
    for d in range(n_docs):
        segments = []
        for label in LABELS:
            text = rng.choice(SYNTHETIC[label])
            segments.append({"text": text, "context": [], "sections": [label], "data_types": []})
        segments.append(
            {"text": "Welcome to our website.", "context": [], "sections": [], "data_types": []}
        )
        rng.shuffle(segments)
        docs.append(
            {
                "id": f"synthetic-{d}",
                "source": "synthetic",
                "title": f"Policy {d}",
                "scored_sections": LABELS,
                "scored_data_types": False,
                "segments": segments,
            }
        )
    return docs


@pytest.fixture(scope="module")
def synthetic_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("policy-clf")
    # the budget is a safety stop: generous, so a busy machine does not fail the fixture
    meta = clf.train(synthetic_docs(), out, epochs=4, max_minutes=10.0)
    assert meta["labels"] == LABELS
    return out


@pytest.fixture
def no_model_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(clf.MODEL_ENV, raising=False)


def test_model_input_carries_headings_text_and_rule_tokens() -> None:
    text = clf.model_input(
        "We use Cookies.",
        ["Privacy Policy", "Cookies & Tracking"],
        PassageResult(sections=("cookies",), data_types=("cookies_tracking",)),
        ["S_cookies=2", "HEAD=cookies"],
    )
    tokens = text.split()
    assert {"hdr_privacy", "hdr_cookies", "hdi_cookies", "hdi_tracking"} <= set(tokens)
    assert "hdi_privacy" not in tokens  # only the innermost heading is marked hdi_
    assert "we use cookies." in text
    assert {"rsec_cookies", "rdt_cookies_tracking", "rf_s_cookies_2", "rf_head_cookies"} <= set(
        tokens
    )
    assert "rsec_none" in clf.model_input("x", [], PassageResult((), ())).split()


def test_neighbour_tokens_name_the_adjacent_rule_sections() -> None:
    rules = [
        PassageResult(("collection",), ()),
        PassageResult((), ()),
        PassageResult(("sharing", "use"), ()),
        PassageResult(("retention",), ()),
    ]
    tokens = clf.neighbour_tokens(rules)
    assert tokens[0] == ["prv_rsec_edge", "nxt_rsec_none"]
    assert tokens[1] == ["prv_rsec_collection", "nxt_rsec_sharing", "nxt_rsec_use"]
    assert tokens[3] == ["prv_rsec_sharing", "prv_rsec_use", "nxt_rsec_edge"]
    # neighbours never cross from one document into the next
    split = clf.neighbour_tokens(rules, ["a", "a", "b", "b"])
    assert split[1] == ["prv_rsec_collection", "nxt_rsec_edge"]
    assert split[2] == ["prv_rsec_edge", "nxt_rsec_retention"]
    assert clf.neighbour_tokens([PassageResult(("cookies",), ())]) == [
        ["prv_rsec_edge", "nxt_rsec_edge"]
    ]
    assert clf.neighbour_tokens([]) == []
    with pytest.raises(ValueError):
        clf.neighbour_tokens(rules, ["a"])


def test_with_neighbours_appends_the_tokens_to_the_model_input() -> None:
    texts = ["We keep your order history for two years.", "You may ask us to delete it."]
    rules = [PassageResult(("retention",), ()), PassageResult(("rights",), ())]
    inputs = [clf.model_input(t, [], r) for t, r in zip(texts, rules, strict=True)]
    out = clf.with_neighbours(inputs, rules, ["shop", "shop"])
    assert out[0].startswith(inputs[0]) and out[0].split()[-2:] == [
        "prv_rsec_edge",
        "nxt_rsec_rights",
    ]
    assert out[1].split()[-2:] == ["prv_rsec_retention", "nxt_rsec_edge"]


def test_train_writes_model_dir_with_thresholds(synthetic_model: Path) -> None:
    meta = json.loads((synthetic_model / clf.META_FILE).read_text())
    assert (synthetic_model / "model" / "config.cfg").is_file()
    assert set(meta["thresholds"]) == set(LABELS)
    assert all(0.0 < t < 1.0 for t in meta["thresholds"].values())
    assert meta["validation_documents"] >= 1 and meta["epochs"] >= 1
    # tuned by cross-validation inside the training documents: every document scored once
    assert meta["cv_folds"] == 5 and meta["validation_documents"] == 16
    assert set(meta["linear_params"]) == set(LABELS)
    grid = [list(g) for g in clf.PARAM_GRID]
    assert all(list(pair) in grid for pair in meta["linear_params"].values())
    assert set(meta["rule_modes"].values()) <= set(clf.RULE_MODES)
    # per label: whether the linear companion reads the rule block (chosen by the CV)
    assert set(meta["linear_rule_block"]) == set(LABELS) and meta["rule_scale"] > 0
    assert meta["use_rules"] is True  # the rules pipeline is importable here
    assert meta["neighbours"] is True  # the neighbours' rule sections are in the input
    config = (synthetic_model / "model" / "config.cfg").read_text()
    assert "textcat_multilabel" in config


# What a model learned (everything in the metadata but the time it took).
_LEARNED = ("thresholds", "linear_params", "textcat_weight", "rule_modes", "epochs",
            "validation_f1", "validation_macro_f1", "validation_documents")


def test_training_is_fixed_by_its_arguments_not_the_clock(
    synthetic_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same documents and seed give the same model however slow the machine is: the clock
    (here made to run 1000x fast, as on a badly overloaded host) never cuts folds or epochs."""
    first = json.loads((synthetic_model / clf.META_FILE).read_text())
    assert first["max_epochs"] == 4 and 1 <= first["epochs"] <= 4 and first["patience"] == 3
    import extraction.nlp.classifier.textcat as textcat

    real = textcat.time.perf_counter
    monkeypatch.setattr(textcat.time, "perf_counter", lambda: real() * 1000.0)
    again = clf.train(synthetic_docs(), tmp_path / "m", epochs=4, max_minutes=0)
    assert {k: again[k] for k in _LEARNED} == {k: first[k] for k in _LEARNED}
    assert again["validation_documents"] == again["documents"]  # every fold ran


def test_the_time_budget_is_a_loud_safety_stop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Past ``max_minutes`` training fails and saves nothing, rather than quietly training
    less."""
    out = tmp_path / "m"
    with pytest.raises(clf.TrainingBudgetExceeded, match="safety budget"):
        clf.train(synthetic_docs(6), out, epochs=2, folds=2, max_minutes=1e-9)
    assert not (out / clf.META_FILE).exists()
    assert "ERROR" in capsys.readouterr().err
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps(d) + "\n" for d in synthetic_docs(6)), encoding="utf-8")
    with pytest.raises(CommandError, match="safety budget"):
        call_command("train_classifier", str(docs), out=str(out), max_minutes=1e-9, folds=2)
    assert not (out / clf.META_FILE).exists()


def test_predict_learns_the_synthetic_labels(synthetic_model: Path) -> None:
    model = clf.SectionClassifier.load(synthetic_model)
    texts = [
        "Cookies and web beacons are placed on your browser.",
        "We share your personal information with shipping partners and affiliates.",
        "Log files are retained for ninety days.",
        "Your data is protected with encryption and firewalls.",
    ]
    expected = ["cookies", "sharing", "retention", "security"]
    with clf.rules_only():
        rules = classify_passages([(t, []) for t in texts])
    predicted = model.predict(texts, [[] for _ in texts], rules)
    assert len(predicted) == len(texts)
    for keys in predicted:
        assert isinstance(keys, tuple) and set(keys) <= set(SECTION_KEYS)
    hits = sum(1 for keys, want in zip(predicted, expected, strict=True) if want in keys)
    assert hits >= 3, predicted
    assert model.predict([], [], []) == []
    # as separate documents every passage sits at a document edge: still predicted
    alone = model.predict(texts, [[] for _ in texts], rules, groups=["a", "b", "c", "d"])
    assert len(alone) == len(texts)


def test_probabilities_read_the_neighbours_only_when_trained_with_them(
    synthetic_model: Path,
) -> None:
    model = clf.SectionClassifier.load(synthetic_model)
    seen: list[str] = []

    class Spy:
        def pipe(self, inputs: list[str], batch_size: int = 0) -> list[object]:
            seen.extend(inputs)
            return [type("Doc", (), {"cats": {}})() for _ in inputs]

    model.nlp = Spy()
    model.linear = None
    texts = ["We use cookies.", "We share data with partners."]
    rules = [PassageResult(("cookies",), ()), PassageResult(("sharing",), ())]
    model.probabilities(texts, [[], []], rules, [[], []], ["a", "a"])
    assert "nxt_rsec_sharing" in seen[0] and "prv_rsec_cookies" in seen[1]
    seen.clear()
    model.meta = {**model.meta, "neighbours": False}
    model.probabilities(texts, [[], []], rules, [[], []], ["a", "a"])
    assert not any("rsec_edge" in s or "nxt_rsec" in s for s in seen)


def test_cv_folds_partition_the_documents() -> None:
    from extraction.nlp.classifier.tuning import document_folds

    ids = [f"d{i}" for i in range(11)] * 3
    folds = document_folds(ids, 5, seed=0)
    assert len(folds) == 5 and set().union(*folds) == set(ids)
    assert sum(len(f) for f in folds) == 11 and min(len(f) for f in folds) >= 2
    assert document_folds(ids, 5, seed=0) == folds and document_folds(["only"], 5, seed=0) == []


def test_decide_combines_model_and_rules() -> None:
    model = clf.SectionClassifier(
        path=Path("."),
        nlp=None,
        labels=("collection_use", "sharing"),
        thresholds={"collection_use": 0.5, "sharing": 0.4},
        use_rules=True,
    )
    rules = PassageResult(sections=("use", "transfers"), data_types=())
    # model says collection/use: keep the rules' finer choice; untrained labels pass through
    assert model.decide({"collection_use": 0.9, "sharing": 0.1}, rules) == ("use", "transfers")
    assert model.decide({"collection_use": 0.9, "sharing": 0.45}, PassageResult((), ())) == (
        "collection",
        "sharing",
    )
    # model says no: the rules' collection/use is overruled
    assert model.decide({"collection_use": 0.2, "sharing": 0.1}, rules) == ("transfers",)
    assert model.decide({"collection_use": 0.2, "sharing": 0.1}, PassageResult((), ())) == (
        "other",
    )
    # rule modes: "or" lets the rules add the label, "and" needs both to agree
    sharing_rule = PassageResult(sections=("sharing",), data_types=())
    model.rule_modes = {"sharing": "or"}
    assert model.decide({"collection_use": 0.2, "sharing": 0.1}, sharing_rule) == ("sharing",)
    model.rule_modes = {"sharing": "and"}
    assert model.decide({"collection_use": 0.2, "sharing": 0.9}, PassageResult((), ())) == (
        "other",
    )
    assert model.decide({"collection_use": 0.2, "sharing": 0.9}, sharing_rule) == ("sharing",)
    # "rules": the rules decide the label whatever the model says
    model.rule_modes = {"sharing": "rules"}
    assert model.decide({"collection_use": 0.2, "sharing": 0.9}, PassageResult((), ())) == (
        "other",
    )
    assert model.decide({"collection_use": 0.2, "sharing": 0.1}, sharing_rule) == ("sharing",)


def test_get_classifier_follows_the_env_and_memoises(
    synthetic_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(clf.MODEL_ENV, raising=False)
    assert clf.get_classifier() is None
    monkeypatch.setenv(clf.MODEL_ENV, str(synthetic_model))
    first = clf.get_classifier()
    assert isinstance(first, clf.SectionClassifier)
    assert clf.get_classifier() is first
    with clf.rules_only():
        assert clf.get_classifier() is None
    assert clf.get_classifier() is first


def test_get_classifier_rejects_a_directory_without_a_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(clf.MODEL_ENV, str(tmp_path))
    with pytest.raises(FileNotFoundError, match=clf.META_FILE):
        clf.get_classifier()


def test_classify_passages_uses_the_model_from_the_env(
    synthetic_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [("Cookies and web beacons are placed on your browser.", [])] * 2
    monkeypatch.setenv(clf.MODEL_ENV, str(synthetic_model))
    model = clf.get_classifier()
    assert model is not None
    calls: list[int] = []
    original = model.predict

    def spy(*args: object, **kwargs: object) -> list[tuple[str, ...]]:
        calls.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(model, "predict", spy)
    results = classify_passages(items)
    assert calls, "classify_passages did not consult the classifier"
    assert all("cookies" in r.sections for r in results)


def test_train_rejects_docs_without_scored_sections(tmp_path: Path) -> None:
    docs = synthetic_docs(2)
    for d in docs:
        d["scored_sections"] = []
    with pytest.raises(ValueError, match="scored"):
        clf.train(docs, tmp_path / "m", epochs=1)


def test_command_rejects_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not JSON"):
        call_command("train_classifier", str(bad), out=str(tmp_path / "m"))
    with pytest.raises(CommandError, match="no such file"):
        call_command("train_classifier", str(tmp_path / "missing.jsonl"), out=str(tmp_path / "m"))
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(CommandError):
        call_command("train_classifier", str(binary), out=str(tmp_path / "m"))


def _dev_docs_required() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.mark.slow
def test_train_classifier_command_on_a_dev_slice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if not DEV_FILE.is_file():
        if _dev_docs_required():
            pytest.fail(f"{DEV_FILE} is missing under CI=true")
        pytest.skip(f"{DEV_FILE} not present")
    out = tmp_path / "model"
    call_command("train_classifier", str(DEV_FILE), out=str(out), limit_docs=14, epochs=3)
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["documents"] == 14 and summary["use_rules"] is True
    assert "collection_use" in summary["labels"] and "sharing" in summary["labels"]

    # score it on other policies of the file, with the model switched on through the env
    with DEV_FILE.open(encoding="utf-8") as fh:
        held_out = [json.loads(line) for _, line in zip(range(30), fh, strict=False)][20:30]
    items = [(s["text"], s.get("context", [])) for d in held_out for s in d["segments"]]
    gold = [set(s["sections"]) for d in held_out for s in d["segments"]]
    monkeypatch.setenv(clf.MODEL_ENV, str(out))
    results = classify_passages(items)
    assert len(results) == len(items)
    tp = fp = fn = 0
    for r, g in zip(results, gold, strict=True):
        pred = set(r.sections)
        if pred & {"collection", "use"}:
            pred.add("collection_use")
        pred &= {
            "collection_use",
            "sharing",
            "cookies",
            "security",
            "children",
            "contact",
            "retention",
            "rights",
            "changes",
        }
        tp += len(pred & g)
        fp += len(pred - g)
        fn += len(g - pred)
    micro = 2 * tp / (2 * tp + fp + fn)
    assert micro >= 0.5, micro


def test_linear_model_keeps_its_rule_block_through_save_and_load(tmp_path: Path) -> None:
    inputs = [
        "we share data with partners rsec_sharing rf_s_sharing_3",
        "we share nothing rsec_none rf_s_sharing_1",
        "cookies are small files rsec_cookies rf_s_cookies_4",
        "our cookies remember you rsec_cookies",
        "partners receive data rsec_sharing",
        "a cookie banner rsec_none",
    ] * 2
    cats = [{"sharing": float("sharing" in s.split()[-1] or "share data" in s)} for s in inputs]
    model = clf.LinearModel.fit(inputs, cats, ["sharing"], rule_scale=0.5)
    assert "rsec_sharing" in model.rule_vocabulary and model.rule_scale == 0.5
    assert model.coef.shape[1] == len(model.vocabulary) + len(model.rule_vocabulary)
    model.save(tmp_path)
    loaded = clf.LinearModel.load(tmp_path)
    assert loaded.rule_vocabulary == model.rule_vocabulary and loaded.rule_scale == 0.5
    assert abs(loaded.proba(inputs) - model.proba(inputs)).max() < 1e-5
    # a label that does not read the rule block has zero weights on its columns
    off = clf.LinearModel.fit(inputs, cats, ["sharing"], rule_scale=0.5,
                              rule_block={"sharing": False})
    assert not off.coef[0, len(off.vocabulary):].any() and off.coef[0].any()
    # no rule block: the TF-IDF columns only
    plain = clf.LinearModel.fit(inputs, cats, ["sharing"], rule_scale=0.0)
    assert plain.rule_vocabulary == {} and plain.coef.shape[1] == len(plain.vocabulary)
