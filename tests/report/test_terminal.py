"""The rich terminal report, rendered to a string as a user's terminal would show it."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from mtaudit.audit import audit
from mtaudit.core.config import Config
from mtaudit.ingest.read import read_source
from mtaudit.report.terminal import render_terminal, visible_spaces
from tests.conftest import SEED


def render(width: int) -> str:
    rep = audit(read_source(str(SEED)), Config(translator="none"))
    buf = StringIO()
    render_terminal([rep], Console(file=buf, width=width, no_color=True, highlight=False))
    return buf.getvalue()


def test_report_fits_80_columns_and_shows_spans_in_context() -> None:
    out = render(80)
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Verdict" in out and "Gate" in out and "FAILED" in out
    assert "« immédiatement, » ajoutant" in out
    lines = out.splitlines()
    i = next(n for n, line in enumerate(lines) if "« immédiatement, » ajoutant" in line)
    caret = lines[i + 1]
    col = lines[i].index(", »")
    assert caret[col:col + 3] == "^^^"


def test_no_color_output_has_no_escape_codes() -> None:
    assert "\x1b[" not in render(100)


def test_visible_spaces() -> None:
    assert visible_spaces("\u202f?") == ("⍽?", "⍽ = narrow no-break space")
    assert visible_spaces("l’") == ("l’", "")
    assert visible_spaces(" »,") == ("␣»,", "␣ = space")
    assert visible_spaces("« ") == ("«␣", "␣ = space")


def test_other_language_segments_are_listed() -> None:
    from mtaudit.ingest.read import source_from_text

    text = ("Le ministre a présenté le budget devant les députés mercredi soir, selon nos "
            "informations.\nThe minister said the budget would be balanced by the end of the "
            "year, officials say.\nLes débats reprendront jeudi matin à l’Assemblée nationale.\n")
    rep = audit(source_from_text(text), Config(translator="none"))
    buf = StringIO()
    render_terminal([rep], Console(file=buf, width=100, no_color=True))
    assert "Not French" in buf.getvalue() and "segment 2 (en)" in buf.getvalue()


def test_report_strings_are_never_read_as_markup(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    path = tmp_path / "[bold]copie[red] [mt].txt"
    path.write_text("Il a dit « immédiatement, » puis il est parti vers la capitale.\n",
                    encoding="utf-8")
    rep = audit(read_source(str(path)), Config(translator="none"))
    rep = replace(rep, backtranslation=replace(
        rep.backtranslation, status="unavailable", reason="pip install 'mtaudit[mt]'"))
    buf = StringIO()
    render_terminal([rep], Console(file=buf, width=200, no_color=True))
    out = buf.getvalue()
    assert "[bold]copie[red] [mt].txt" in out
    assert "pip install 'mtaudit[mt]'" in out
