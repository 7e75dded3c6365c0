"""House style versus evidence: a typographic convention kept throughout a document is one
note; the same convention mixed with the French one is a note at every occurrence."""

from __future__ import annotations

from tests.conftest import findings_for

WIRE = ('Le ministre a dénoncé un "échec". Il a promis des "réformes" rapides.\n'
        'Son adjoint parle d\'une "crise" et d\'un "tournant".\n')


def test_straight_quotes_used_throughout_are_one_note_without_fix() -> None:
    found = findings_for(WIRE, ["Q005"])
    assert len(found) == 1
    assert WIRE[found[0].start:found[0].end] == '"échec"'
    assert "4 times" in found[0].message
    assert found[0].fix is None and found[0].suggestion == "« échec »"


def test_straight_quotes_beside_guillemets_in_one_sentence_are_each_reported() -> None:
    text = 'Il parle de « paix », d\'un "échec" et d\'un "tournant".'
    found = findings_for(text, ["Q005"])
    assert [text[f.start:f.end] for f in found] == ['"échec"', '"tournant"']
    assert all(f.fix is not None for f in found)


def test_colon_glued_throughout_is_one_note_and_mixed_colons_are_each_reported() -> None:
    consistent = "Bilan: deux morts. Cause: la neige. Suite: une enquête."
    assert len(findings_for(consistent, ["P001"])) == 1
    mixed = "Bilan : deux morts. Cause: la neige. Suite: une enquête."
    assert [mixed[f.start:f.end] for f in findings_for(mixed, ["P001"])] == [":", ":"]


def test_percent_glued_throughout_is_one_note() -> None:
    text = "Le taux passe de 8,5% à 12%, puis à 15% en mai."
    found = findings_for(text, ["T004"])
    assert len(found) == 1 and found[0].fix is None


def test_apostrophes_mixed_inside_a_sentence_are_each_reported() -> None:
    across = "L’armée avance. L’État résiste. Les gens de l'OTAN. L'Europe hésite."
    inside = "L’armée avance vers l'est. L’État résiste. L’Europe hésite."
    assert len(findings_for(across, ["Q007"])) == 1
    found = findings_for(inside, ["Q007"])
    assert [inside[f.start:f.end] for f in found] == ["'"] and found[0].fix is not None


def test_fix_still_normalises_every_occurrence_of_a_house_style() -> None:
    from mtaudit.core.config import Config
    from mtaudit.fix import fix_source
    from mtaudit.ingest.read import source_from_text

    fixed, n = fix_source(source_from_text(WIRE), Config(select=("Q005",)))
    assert '"' not in fixed and n == 4
    assert "« échec »" in fixed and "« tournant »" in fixed


def _check_with_label(monkeypatch, text: str, label: str):  # type: ignore[no-untyped-def]
    """``Auditor.check`` on ``text`` (quote rules only) with the detector's label forced."""
    from dataclasses import replace

    from mtaudit import Auditor
    from mtaudit.core.config import Config
    from mtaudit.detect import detector

    real = detector.verdict

    def forcing(*args, **kwargs):  # type: ignore[no-untyped-def]
        verdict, segments = real(*args, **kwargs)
        scores = {"machine_translated": 0.9, "uncertain": 0.4, "native": 0.1}
        forced = replace(verdict, score=scores[label], machine_translated=label ==
                         "machine_translated", threshold=0.5, uncertain_band=(0.3, 0.5))
        assert forced.label == label
        return forced, segments

    monkeypatch.setattr(detector, "verdict", forcing)
    with Auditor(Config(translator="none", select=("Q005",))) as auditor:
        return auditor.check(text)


def test_a_house_style_is_listed_occurrence_by_occurrence_in_a_machine_translated_document(
        monkeypatch) -> None:  # type: ignore[no-untyped-def]
    report = _check_with_label(monkeypatch, WIRE, "machine_translated")
    spans = [WIRE[f.start:f.end] for f in report.findings]
    assert spans == ['"échec"', '"réformes"', '"crise"', '"tournant"']
    assert all(f.fix is not None and "consistently" not in f.message for f in report.findings)
    native = _check_with_label(monkeypatch, WIRE, "native")
    # the quality score counts what is listed: four minor findings weigh more than one
    assert report.quality.mqm_penalty_per_1000_words \
        > native.quality.mqm_penalty_per_1000_words


def test_a_house_style_stays_one_note_in_a_document_that_reads_as_native(
        monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for label in ("native", "uncertain"):
        report = _check_with_label(monkeypatch, WIRE, label)
        assert [WIRE[f.start:f.end] for f in report.findings] == ['"échec"']
        assert "4 times" in report.findings[0].message
