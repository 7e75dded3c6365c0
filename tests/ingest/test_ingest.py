"""Ingest: formats, encodings, masking that never moves an offset."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.core.document import MASK
from mtaudit.core.errors import UsageError
from mtaudit.ingest.read import decode, mask_html, mask_markdown, read_source
from tests.conftest import findings_for


def test_masks_keep_length() -> None:
    md = "# Titre\n\n**Gras** et [lien](http://a.b/c?d=e:f) et `code: x`.\n"
    assert len(mask_markdown(md)) == len(md)
    html = "<p>Un &amp; deux&nbsp;: <b>trois</b></p><script>var a = 'x:y';</script>"
    assert len(mask_html(html)) == len(html)


def test_markdown_findings_point_into_the_original_file() -> None:
    md = ("# Un titre\n\n![image](https://ex.org/img.jpg)\n\nSelon [l’agence](https://ex.org/x?a=1:2)"
          ", la réunion commencera « immédiatement, » a-t-on appris.\n")
    found = findings_for(md, fmt="md")
    q = [f for f in found if f.rule == "Q001"]
    assert len(q) == 1 and md[q[0].start:q[0].end] == ", »"
    assert not [f for f in found if f.rule == "P001"], "URL or markup read as prose"


def test_html_visible_text_only() -> None:
    page = ("<!DOCTYPE html><html><head><title>Titre de la page</title>"
            "<style>p:hover{color:red}</style></head><body>"
            "<p>Le ministre a promis une réponse « immédiatement, » selon l’agence.</p>"
            "<script>if (a?b:c) {}</script><p>Deuxième paragraphe.</p></body></html>")
    found = findings_for(page, fmt="html")
    assert [page[f.start:f.end] for f in found if f.rule == "Q001"] == [", »"]
    assert not [f for f in found if f.rule.startswith("P")]
    prose = mask_html(page)
    assert "p:hover" not in prose and "a?b:c" not in prose
    assert "Titre de la page" in prose


def test_decode_refuses_binary_and_detects_legacy() -> None:
    with pytest.raises(UsageError, match="binary"):
        decode(b"\x00\x01\x02" * 50, "x")
    text, enc, notes = decode("Le président a été élu à Genève.".encode("cp1252") * 3, "x")
    assert "président" in text and notes and "not UTF-8" in notes[0]
    text, enc, _ = decode("\ufeffBonjour".encode("utf-8"), "x")
    assert text == "Bonjour" and enc == "utf-8-sig"


def test_read_source_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        read_source(str(tmp_path / "absent.txt"))
    with pytest.raises(UsageError, match="is a directory"):
        read_source(str(tmp_path))


def test_markdown_link_text_is_prose() -> None:
    md = "Voir [la décision](https://ex.org) du tribunal.\n"
    prose = mask_markdown(md)
    assert "la décision" in prose and "https" not in prose
    assert prose.count(MASK) == len("[") + len("](https://ex.org)")


def test_html_entities_do_not_hide_findings_and_markup_is_never_fixed() -> None:
    page = ("<html><body><p>Il a dit &laquo;&nbsp;non,&nbsp;&raquo; puis il est parti vers la "
            "capitale du pays.</p></body></html>")
    found = [f for f in findings_for(page, fmt="html") if f.rule == "Q001"]
    assert len(found) == 1
    f = found[0]
    assert page[f.start:f.end] == ",&nbsp;&raquo;"
    assert f.suggestion == " »," and f.fix is None  # the span holds entities: no rewrite


def test_markdown_emphasis_does_not_hide_a_capital_after_a_quote() -> None:
    md = "La conversation était partie **« très bien, »** Et que Zelensky voulait la paix.\n"
    found = {(f.rule, md[f.start:f.end]) for f in findings_for(md, fmt="md")}
    assert ("C001", "Et") in found
    assert ("Q001", ", »") in found
