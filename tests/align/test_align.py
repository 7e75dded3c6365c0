"""The aligner: anchors, the banded programme, the align stage, the CLI and JSON."""

from __future__ import annotations

import dataclasses
import json
import random
import re
from io import StringIO

import pytest
from rich.console import Console

from mtaudit import stages
from mtaudit.align.aligner import LinkCoster, Unit, _banded_dp, align_units, run_programme
from mtaudit.audit import audit, build_document, run_rules
from mtaudit.cli.main import main
from mtaudit.core.config import Config
from mtaudit.core.document import Segment, SegmentKind
from mtaudit.core.results import Backtranslation
from mtaudit.ingest.read import Source, mask_plain
from mtaudit.report.terminal import render_terminal
from mtaudit.rules import select_rules
from mtaudit.rules.base import Context
from mtaudit.text.anchors import find_numbers, number_candidates
from mtaudit.text.chrf import CharProfile, chrf


def _source(text: str, path: str = "x.txt") -> Source:
    return Source(path, text, mask_plain(text), "txt", "utf-8")


def _values(text: str, lang: str) -> list[frozenset[str]]:
    return [n.values for n in find_numbers(text, lang) if not n.word]


def test_number_formats_share_a_value() -> None:
    assert 1600.0 in number_candidates("1,600")
    assert 1600.0 in number_candidates("1.600")
    assert number_candidates("1 600") == {1600.0}
    assert number_candidates("31,4") == number_candidates("31.4") == {31.4}
    en = _values("a debt of $31.4 trillion", "en")[0]
    fr = _values("une dette de 31 400 milliards", "fr")[0]
    assert en & fr
    assert not _values("le 27 avril 2023", "fr")[0] & _values("April 28, 2023", "en")[0]


def test_chrf_from_profiles_is_sacrebleus_chrf() -> None:
    texts = ["", "a", "ab c", "aaaa aaaa aaa", "xyzxyz xyz abab", *_EN[:2], *_FR[:2],
             "The Louvre will remain closed until 2026 for renovation work."]
    for hyp in texts:
        for ref in texts:
            assert CharProfile.of(hyp).chrf(CharProfile.of(ref)) == chrf(hyp, ref), (hyp, ref)


def test_pm_hours_match_french_24_hour_clock() -> None:
    assert _values("at 2 p.m.", "en")[0] & _values("à 14 h", "fr")[0]


def _units(texts: list[str], lang: str) -> list[Unit]:
    segs, pos = [], 0
    for k, t in enumerate(texts):
        segs.append(Segment(k + 1, pos, pos + len(t), SegmentKind.SENTENCE, 1, t))
        pos += len(t) + 1
    return [Unit(s, lang) for s in segs]


_EN = ["The minister met 12 mayors in Lyon on Monday.",
       "Inflation reached 4.5 percent in March, the statistics office said.",
       "Unions called a strike for Thursday.",
       "The Louvre will stay closed until 2025 for renovation works.",
       "Police arrested 3 people near the Eiffel Tower."]
_FR = ["Le ministre a rencontré 12 maires à Lyon lundi.",
       "L'inflation a atteint 4,5 % en mars, selon l'institut de statistique.",
       "Les syndicats ont appelé à la grève jeudi.",
       "Le Louvre restera fermé jusqu'en 2025 pour des travaux de rénovation.",
       "La police a arrêté 3 personnes près de la tour Eiffel."]


def test_one_to_one_pairs_align_one_to_one() -> None:
    links = align_units(_units(_FR, "fr"), _units(_EN, "en"))
    assert [(link.fr, link.src) for link in links] == [((k,), (k,)) for k in range(5)]


def test_a_dropped_sentence_becomes_a_one_zero_link() -> None:
    fr = _FR[:2] + _FR[3:]
    links = align_units(_units(fr, "fr"), _units(_EN, "en"))
    assert [(link.fr, link.src) for link in links] == [
        ((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,)), ((3,), (4,))]


def test_a_split_sentence_becomes_a_two_one_link() -> None:
    fr = [*_FR[:3], "Le Louvre restera fermé jusqu'en 2025.", "Il est en travaux de rénovation.",
          _FR[4]]
    links = align_units(_units(fr, "fr"), _units(_EN, "en"))
    assert ((3, 4), (3,)) in [(link.fr, link.src) for link in links]


def _full_table(fr: list[Unit], en: list[Unit]) -> list[tuple[tuple[int, ...], ...]]:
    """The path of the programme over every cell (a band as wide as the table)."""
    programme = _banded_dp(LinkCoster(fr, en), len(fr), len(en), len(en) + len(fr))
    assert not programme.touched
    return [(x.fr, x.src) for x in programme.links]


def test_band_gives_the_same_path_as_the_full_table() -> None:
    rng = random.Random(7)
    en, fr = [], []
    for k in range(120):
        words = " ".join(rng.choice(["alpha", "beta", "gamma", "delta"])
                         for _ in range(rng.randint(4, 30)))
        en.append(f"{words} {k * 7}.")
        if rng.random() < 0.08:
            continue  # dropped in translation
        fr.append(f"{words} {words[: len(words) // 5]} {k * 7}.")
    fr_units, en_units = _units(fr, "fr"), _units(en, "en")
    full = _full_table(fr_units, en_units)
    for band in (2, 4, 8):
        assert [(x.fr, x.src) for x in align_units(fr_units, en_units, band)] == full, band
    assert sum(1 for fr_ids, _ in full if not fr_ids) == len(en) - len(fr)


_NUMBERED_EN = [f"Sentence number {k} is about Paris and the budget." for k in range(40)]


def _numbered_fr(keep: list[int]) -> list[Unit]:
    return _units([f"La phrase numéro {k} parle de Paris et du budget." for k in keep], "fr")


def test_a_run_of_omissions_longer_than_the_band_widens_it() -> None:
    kept = [*range(5), *range(30, 40)]
    fr, en = _numbered_fr(kept), _units(_NUMBERED_EN, "en")
    programme = run_programme(LinkCoster(fr, en), band=8)
    assert programme.passes > 1
    assert [(x.fr, x.src) for x in programme.links] == (
        [((k,), (k,)) for k in range(5)] + [((), (k,)) for k in range(5, 30)]
        + [((5 + t,), (30 + t,)) for t in range(10)])


def test_a_translation_of_the_last_sentences_only_finds_them() -> None:
    fr, en = _numbered_fr(list(range(35, 40))), _units(_NUMBERED_EN, "en")
    links = align_units(fr, en)
    assert [(x.fr, x.src) for x in links if x.fr] == [((t,), (35 + t,)) for t in range(5)]
    assert len(links) == 40


def test_an_empty_side_is_all_omissions_or_additions() -> None:
    en = _units(_NUMBERED_EN[:20], "en")
    assert [(x.fr, x.src) for x in align_units([], en)] == [((), (k,)) for k in range(20)]
    fr = _numbered_fr(list(range(20)))
    assert [(x.fr, x.src) for x in align_units(fr, [])] == [((k,), ()) for k in range(20)]
    assert align_units([], []) == []


def test_align_document_fills_source_ids_and_source_info() -> None:
    doc = build_document(_source(" ".join(_FR[:2] + _FR[3:]), "fr.txt"))
    source = _source(" ".join(_EN), "en.txt")
    al = stages.align(doc, source, None, Config())
    assert al.source_ids == ((1,), (2,), (4,), (5,))
    seg3 = al.source["segments"][2]
    assert source.text[seg3["start"]:seg3["end"]] == _EN[2] == seg3["text"]
    assert [f.rule for f in al.findings] == ["A001"]
    assert al.findings[0].source_span == (seg3["start"], seg3["end"])


def test_adequacy_rules_are_silent_without_a_source() -> None:
    doc = build_document(_source("Le Louvre restera fermé jusqu'en 2025.", "fr.txt"))
    rules = [r for r in select_rules(["A"])]
    assert len(rules) == 7
    assert run_rules(doc, rules, Config(), Context(doc, Config())) == []


def test_select_and_ignore_apply_to_adequacy_rules() -> None:
    doc = build_document(_source(" ".join(_FR[:2] + _FR[3:]), "fr.txt"))
    source = _source(" ".join(_EN), "en.txt")
    assert stages.align(doc, source, None, Config(ignore=("A001",))).findings == []


@pytest.fixture()
def pair_files(tmp_path):
    en = tmp_path / "article.en.txt"
    fr = tmp_path / "article.fr.txt"
    en.write_text("\n\n".join(_EN) + "\n", encoding="utf-8")
    fr.write_text("\n\n".join(_FR[:2] + _FR[3:]) + "\n", encoding="utf-8")
    return en, fr


def test_cli_align_prints_the_links(pair_files, capsys) -> None:
    en, fr = pair_files
    assert main(["align", str(en), str(fr)]) == 0
    out = capsys.readouterr().out
    assert "[0-1] fr - ↔ src 3" in out
    assert "4 of 4 French segments aligned; 1 adequacy finding(s)" in out
    assert main(["align", str(en), str(fr), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["source_ids"] for s in data["segments"]] == [[1], [2], [4], [5]]


def test_cli_check_with_source_writes_source_segments(pair_files, capsys) -> None:
    en, fr = pair_files
    code = main(["check", str(fr), "--source", str(en), "--translator", "none",
                 "--format", "json", "--fail-on", "never"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"]["file"] == str(en)
    assert [s["id"] for s in data["source_segments"]] == [1, 2, 3, 4, 5]
    assert [s["source_ids"] for s in data["segments"]] == [[1], [2], [4], [5]]
    omission = [f for f in data["findings"] if f["rule"] == "A001"]
    assert omission and omission[0]["source_span"] == {
        "start": data["source_segments"][2]["start"], "end": data["source_segments"][2]["end"]}


def test_unreadable_source_is_a_one_line_error(pair_files, tmp_path, capsys) -> None:
    _, fr = pair_files
    code = main(["check", str(fr), "--source", str(tmp_path / "missing.txt"),
                 "--translator", "none", "--format", "json"])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "missing.txt: no such file" in err[0]
    assert main(["align", str(tmp_path / "missing.txt"), str(fr)]) == 2


def test_terminal_shows_french_source_and_backtranslation_side_by_side(tmp_path) -> None:
    en = tmp_path / "article.en.txt"
    en.write_text("\n\n".join(_EN) + "\n", encoding="utf-8")
    changed = _FR[3].replace("2025", "2026")
    french = "\n\n".join([*_FR[:2], changed, _FR[4]]) + "\n"
    rep = audit(_source(french, "fr.txt"), Config(source=str(en), translator="none"))
    flagged = sorted({f.segment for f in rep.findings if f.category.value == "adequacy"})
    assert flagged == [3]
    back = ("The minister met 12 mayors in Lyon on Monday.", "Inflation reached 4.5% in March.",
            "The Louvre will remain closed until 2026 for renovation work.",
            "Police arrested 3 people near the Eiffel Tower.")
    with_bt = dataclasses.replace(
        rep, backtranslation=Backtranslation("ok", model="test", translations=back))

    def rendered(report) -> list[str]:
        out = StringIO()
        render_terminal([report], Console(file=out, width=80, no_color=True))
        return out.getvalue().splitlines()

    lines = rendered(with_bt)
    assert max(len(line) for line in lines) <= 80
    headers = [line for line in lines if re.search(r"French +Source +Back-translation", line)]
    assert len(headers) == 1  # only the segment with adequacy findings gets the columns
    # One row: the French, the omitted and the aligned source, the back-translation.
    row = lines[lines.index(headers[0]) + 2:]
    assert re.search(r"Le Louvre restera .+ \[3, no French\] Unions .+ The Louvre will", row[0])
    columns = " ".join(row[:8])
    assert "2026" in columns and "[4] The Louvre will" in columns and "2025" in columns
    assert not any("back-translation:" in line for line in lines)

    plain = rendered(rep)
    assert any(re.search(r"French +Source\s*$", line) for line in plain)
    assert not any("Back-translation " in line and "Source" in line for line in plain)
