"""Properties that hold for any input: offsets stay exact, fixes converge, nothing crashes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtaudit.core.config import Config
from mtaudit.fix import apply_fixes, fix_source
from mtaudit.ingest.read import mask_html, mask_markdown, source_from_text
from mtaudit.ingest.segment import segment
from mtaudit.rules import all_rules
from tests.conftest import findings_for

PIECES = ["Le", "la", "président", "a", "dit", " ", " ", "\n", "\n\n", "«", "»", "“", "”", '"',
          ",", ".", "?", "!", ":", ";", "…", "...", "’", "'", "M.", "Mme", "1,600", "3.5",
          "50%", "—", "Et", "L’Ukraine", "&quot;", "Ã©", "Киев", "# ", "- ", "[lien](http://a.b)",
          "<p>", "</p>", "a-t-il", "Commenté", "\u00a0", "\u202f", "https://ex.org/x?y=1"]
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map("".join)
CORE = [c for c, r in all_rules().items() if c[0] in "QPTCE" and r.default_enabled]
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(texts)
def test_segments_are_exact_ordered_spans(text: str) -> None:
    segs = segment(text)
    last = 0
    for s in segs:
        assert last <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip()
        last = s.end


@SETTINGS
@given(texts)
def test_masks_keep_length(text: str) -> None:
    assert len(mask_markdown(text)) == len(text)
    assert len(mask_html(text)) == len(text)


@SETTINGS
@given(texts, st.sampled_from(["txt", "md", "html"]))
def test_findings_point_inside_the_text(text: str, fmt: str) -> None:
    for f in findings_for(text, CORE, fmt=fmt):
        assert 0 <= f.start <= f.end <= len(text)
        if f.fix is not None:
            assert (f.fix.start, f.fix.end) == (f.start, f.end)


@SETTINGS
@given(texts)
def test_fix_is_idempotent(text: str) -> None:
    config = Config(select=tuple(CORE))
    once, _ = fix_source(source_from_text(text), config)
    twice, n = fix_source(source_from_text(once), config)
    assert twice == once or n == 0


def test_apply_fixes_is_order_independent() -> None:
    from mtaudit.core.document import Fix

    fixes = [Fix(0, 1, "A"), Fix(2, 3, "C"), Fix(4, 5, "E")]
    assert apply_fixes("abcde", fixes)[0] == apply_fixes("abcde", fixes[::-1])[0] == "AbCdE"
