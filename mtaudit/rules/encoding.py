"""Encoding debris: mojibake, HTML entities left in text, MT placeholders, stray scripts.

These are never produced by a writer; they come from broken pipelines (double decoding,
escaping applied twice, a translation engine's placeholders that were not restored).
Mojibake detection relies on ``ftfy`` (Speer, *ftfy*, 2019: "fixes text for you").
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

from mtaudit.model import Category, Severity
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule

# Candidate runs: Latin-1/Windows-1252 renderings of UTF-8 lead bytes followed by
# continuation bytes ("Ã©", "â€™", "Ã‰").  ftfy then confirms the run is really mojibake.
_MOJIBAKE = lazy_re(r"[ÂÃÅÆâ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]+")


@rule(
    code="E001",
    name="mojibake",
    category=Category.ENCODING,
    severity=Severity.MAJOR,
    summary="Mojibake: UTF-8 text decoded with the wrong encoding (`Ã©` for `é`).",
    explanation="""Sequences such as `Ã©`, `â€™` or `Ã‰` appear when UTF-8 bytes are read as
    Windows-1252 somewhere in the pipeline. Readers see garbage; ftfy can restore the text.""",
    bad=(Example("Le pr⟦Ã©⟧sident a parlé.", fix="é"),
         Example("l⟦â€™⟧Ukraine", fix="’")),
    good=("Le président a parlé à l’Ukraine.", "Château, Âge, Ève, Ångström."),
    fixable=True,
)
def mojibake(ctx: Context) -> Iterator[Hit]:
    import ftfy

    for m in ctx.finditer(_MOJIBAKE):
        span = m.group()
        fixed = ftfy.fix_text(span, uncurl_quotes=False)
        if fixed != span:
            yield Hit(m.start(), m.end(), f"Mojibake `{span}`: text decoded with the wrong "
                      f"encoding; it should read `{fixed}`.", replacement=fixed)


_ENTITY_DEBRIS = lazy_re(
    r"&(?:amp;)+(?:#\d{1,6}|#x[0-9a-fA-F]{1,5}|[a-zA-Z]{2,8});"  # double-escaped (any format)
    r"|&[ \u00a0]?#[ \u00a0]?\d{2,6}[ \u00a0]?;"  # "& #39;" with spaces from a tokeniser
    r"|&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|quot|apos|amp|lt|gt|nbsp|laquo|raquo|rsquo|lsquo|"
    r"ldquo|rdquo|hellip|ndash|mdash|eacute|egrave|agrave|ccedil|ecirc|ocirc);"
)


@rule(
    code="E002",
    name="html-entity-debris",
    category=Category.ENCODING,
    severity=Severity.MAJOR,
    summary="HTML entities left as text (`&quot;`, `&#39;`, `l & #39;`, `&amp;nbsp;`).",
    explanation="""A pipeline escaped the text for HTML and a later step did not unescape it
    (or escaped it twice). Readers see `&quot;` instead of a quotation mark. In HTML input only
    double-escaped entities are flagged: single ones are legitimate markup there.""",
    bad=(Example("Il a dit ⟦&quot;⟧non.", fix='"'),
         Example("l⟦& #39;⟧Ukraine", fix="'"),
         Example("le prix⟦&amp;nbsp;⟧:", fix="\u00a0")),
    good=("Il a dit « non ».", "AT&T et Procter & Gamble."),
    fixable=True,
)
def html_entity_debris(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_ENTITY_DEBRIS, ctx.prose_segments):
        raw = ctx.text[m.start():m.end()]
        if ctx.doc.format == "html" and not raw.startswith("&amp;"):
            continue
        compact = re.sub(r"[ \u00a0]", "", raw)
        decoded = compact
        while "&" in decoded:
            nxt = html.unescape(decoded)
            if nxt == decoded:
                break
            decoded = nxt
        if decoded == compact:
            continue
        yield Hit(m.start(), m.end(), f"HTML entity `{raw.strip()}` left in the text; it "
                  f"stands for `{decoded}`.", replacement=decoded)


_PLACEHOLDER = lazy_re(
    r"__[A-Z]{2,}(?:_\d+)?__|<unk>|\[(?:NUM|NUMBER|NAME|URL|PLACEHOLDER|ENTITY)_?\d*\]"
    r"|\{\d\}|(?<!\w)(?:NUM|NE|ENT|PH)_\d{1,3}(?!\w)|▁"
)


@rule(
    code="E003",
    name="mt-placeholder-debris",
    category=Category.ENCODING,
    severity=Severity.CRITICAL,
    summary="Placeholders a translation pipeline failed to restore (`__NUM__`, `<unk>`, `{0}`).",
    explanation="""Translation pipelines protect numbers, names and URLs with placeholders and
    put the original back afterwards. When that step fails, the placeholder is published and
    the information it stood for is lost.""",
    bad=(Example("Au moins ⟦__NUM__⟧ soldats ont été tués."),
         Example("Le ministre ⟦<unk>⟧ a démissionné.")),
    good=("Au moins 12 soldats ont été tués.", "La loi n° 2023-1 est entrée en vigueur."),
)
def mt_placeholder_debris(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_PLACEHOLDER, ctx.prose_segments):
        yield Hit(m.start(), m.end(), f"Placeholder `{m.group()}` left by a translation "
                  "pipeline; the number, name or link it stood for is missing.")


_WORD_WITH_GREEK_OR_CYRILLIC = lazy_re(r"[^\W\d_]*[\u0370-\u03ff\u0400-\u04ff][^\W\d_]*")


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


@rule(
    code="E004",
    name="mixed-script-word",
    category=Category.ENCODING,
    severity=Severity.MAJOR,
    summary="A word mixing Latin letters with Cyrillic or Greek look-alikes (`Kиев`).",
    explanation="""Homoglyphs from another alphabet inside a Latin word break search, spelling
    and reading; they come from transliteration errors or copy-paste from source text. Whole
    words in another script inside a French sentence are untranslated text: rule U002.""",
    bad=(Example("Les troupes sont entrées à ⟦Kиев⟧ hier."),),
    good=("Les troupes sont entrées à Kiev hier.", "Le mot russe Киев désigne Kiev."),
)
def mixed_script_word(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_WORD_WITH_GREEK_OR_CYRILLIC):
        word = m.group()
        scripts = {_script(c) for c in word}
        if "LATIN" in scripts and scripts & {"CYRILLIC", "GREEK"}:
            yield Hit(m.start(), m.end(), f"`{word}` mixes Latin letters with "
                      f"{' and '.join(sorted(scripts - {'LATIN'})).lower()} ones.")


_BAD_CHARS = lazy_re(r"[\ufffd\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]+")


@rule(
    code="E006",
    name="replacement-or-control-character",
    category=Category.ENCODING,
    severity=Severity.MAJOR,
    summary="The replacement character `�` or control characters inside the text.",
    explanation="""`�` marks bytes that could not be decoded: a character of the original was
    lost. Control characters are invisible debris from conversions.""",
    bad=(Example("Le pr⟦\ufffd⟧sident a parlé."),),
    good=("Le président a parlé.",),
)
def replacement_or_control_character(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_BAD_CHARS, ctx.prose_segments):
        yield Hit(m.start(), m.end(), "Undecodable or control character: part of the "
                  "original text was lost in a conversion.")
