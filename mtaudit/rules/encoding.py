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

from mtaudit.core.document import Category, SegmentKind, Severity
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule

# Candidate runs: Latin-1/Windows-1252 renderings of UTF-8 lead bytes followed by
# continuation bytes ("Ã©", "â€™", "Ã‰").  ftfy then confirms the run is really mojibake.
_MOJIBAKE = lazy_re(r"[ÂÃÅÆâ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]+"
                    # à is C3 A0: when the no-break space A0 became a plain space, « Ã »
                    # is left before it (voilÃ  → voilÃ ).
                    r"|(?<=[^\W\d_ ]|[ \u00a0])Ã(?=[ \u00a0])")


@rule(
    code="E001",
    name="mojibake",
    category=Category.ENCODING,
    severity=Severity.MAJOR,
    summary="Mojibake: UTF-8 text decoded with the wrong encoding (`Ã©` for `é`).",
    explanation="""Sequences such as `Ã©`, `â€™` or `Ã‰` appear when UTF-8 bytes are read as
    Windows-1252 somewhere in the pipeline. Readers see garbage; ftfy can restore the text.""",
    bad=(Example("Le pr⟦Ã©⟧sident a parlé.", fix="é"),
         Example("Il est arrivé ⟦Ã⟧ Paris.", fix="à"),
         Example("l⟦â€™⟧Ukraine", fix="’")),
    good=("Le président a parlé à l’Ukraine.", "Château, Âge, Ève, Ångström."),
    fixable=True,
)
def mojibake(ctx: Context) -> Iterator[Hit]:
    import ftfy

    for m in ctx.finditer(_MOJIBAKE):
        span = m.group()
        fixed = "à" if span == "Ã" else ftfy.fix_text(span, uncurl_quotes=False)
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


# --- E007 code-page debris -------------------------------------------------------------------

#: Characters that stand for a lost letter when text passes through the wrong code page: the
#: question mark or `¿` of a converter that could not map a character (Windows-1252 → ASCII,
#: ISO-8859-1 → EBCDIC tables map unknown characters to `?` or to `¿`, 0x1A), box-drawing
#: and shade characters of CP437/CP850 read back as UTF-8, and Mac Roman letters read as
#: Windows-1252 (`Ž` for é, `ˆ` for à, `‰` for â, `Š` for ä, `™` for ô).
_DEBRIS_CHARS = "?¿\u2500-\u259f\u00a4\u00a6\u00ac\u008fŽˆ‰Š™"
_DEBRIS_WORD = lazy_re(
    rf"(?<![\w?¿])([^\W\d_]+)([{_DEBRIS_CHARS}])([^\W\d_]*)"
    rf"|(?<![\w?¿])([{_DEBRIS_CHARS}])([^\W\d_]+)")
_ACCENTED = "éèêàâçîïôûùëüœÉÈÊÀÂÇÎÔ"
_ELIDING = frozenset("l d j m n s t c qu jusqu lorsqu puisqu quoiqu".split())


def _restore(head: str, tail: str) -> str | None:
    """The letter or apostrophe that makes ``head + ? + tail`` a French word form, if any."""
    from mtaudit.text.frlexicon import lexicon

    lex = lexicon()
    if lex is None:
        return None
    for ch in _ACCENTED:
        if lex.knows(head + ch + tail):
            return ch
    if head.lower() in _ELIDING and len(tail) > 1 and (lex.knows(tail) or tail[0].isupper()):
        return "’"
    return None


#: UTF-8 lead bytes as a DOS console shows them (CP437: C3 ├, C2 ┬, C5 ┼, E2 Γ; CP850: C3 Ã
#: is E001's): the letter follows in one or two more characters.
_CONSOLE_LEAD = lazy_re(r"[├┬┼Γ]")


def _console_mojibake(text: str, start: int) -> tuple[int, str] | None:
    """``(length, character)`` when the UTF-8 bytes at ``start`` were decoded as CP437/CP850."""
    for length in (2, 3):
        chunk = text[start:start + length]
        for page in ("cp437", "cp850"):
            try:
                decoded = chunk.encode(page).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if len(decoded) == 1 and not decoded.isascii():
                return length, decoded
    return None


@rule(
    code="E007",
    name="code-page-debris",
    category=Category.ENCODING,
    severity=Severity.MAJOR,
    summary="A letter or apostrophe replaced by `?`, `¿`, a box-drawing or a Mac Roman "
            "character: `bien s?r`, `l¿Ukraine`, `pr├⌐sident`, `rŽforme`.",
    explanation="""When text passes through a code page that lacks a character (a
    Windows-1252 or Latin-1 export, a CP437/CP850 console, a Mac Roman file read as
    Windows-1252), the accented letters and the typographic apostrophe are replaced by `?`,
    `¿` or another character. A word that becomes a French word form (DELA lexicon) once the
    character is replaced by an accented letter or an apostrophe is reported with the fix; an
    inverted question mark or a box-drawing character inside a word is reported without one.
    UTF-8 read through a DOS code page (`├⌐` for é, `ΓÇÖ` for ’) is decoded back exactly.
    Question marks in URLs and Spanish questions (¿Qué?) are left alone.""",
    bad=(Example("C’est bien s⟦?⟧r la fin du conflit.", fix="û"),
         Example("Les frappes sur l⟦¿⟧Ukraine ont repris.", fix="’"),
         Example("Le pr⟦¿⟧sident a parlé.", fix="é"),
         Example("Le pr⟦├⌐⟧sident a parlé.", fix="é"),
         Example("La r⟦Ž⟧forme passera.", fix="é")),
    good=("Vraiment ? Oui.", "Voir https://exemple.fr/page?id=3 et ¿Qué pasa? en espagnol.",
          "Qui?Personne."),
    fixable=True,
)
def code_page_debris(ctx: Context) -> Iterator[Hit]:
    seen: list[tuple[int, int]] = []
    for m in ctx.finditer(_CONSOLE_LEAD):
        fixed = _console_mojibake(ctx.text, m.start())
        if fixed is not None:
            length, char = fixed
            seen.append((m.start(), m.start() + length))
            yield Hit(m.start(), m.start() + length, f"`{ctx.text[m.start():m.start() + length]}`"
                      f" is `{char}` read through a DOS code page (CP437/CP850).",
                      replacement=char)
    for m in ctx.finditer(_DEBRIS_WORD):
        if m.group(2) is None:
            continue  # a mark before a word: a Spanish question (¿Qué?) or a bullet
        if any(s <= m.start(2) < e for s, e in seen):
            continue
        head, mark, tail = m.group(1), m.group(2), m.group(3)
        if mark == "?" and not tail:
            continue  # a question mark after a word
        fix = _restore(head, tail)
        start = m.start(2)
        if fix is None:
            if mark == "?" or not tail:
                continue
            yield Hit(start, start + 1, f"`{mark}` inside the word `{head}{mark}{tail}`: a "
                      "character lost in a code-page conversion.")
            continue
        yield Hit(start, start + 1, f"`{head}{mark}{tail}`: `{mark}` stands for `{fix}` lost "
                  "in a code-page conversion.", replacement=fix)


# --- E008/E009 page-assembly debris ---------------------------------------------------------


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


@rule(
    code="E008",
    name="title-repeated-as-first-paragraph",
    category=Category.ENCODING,
    severity=Severity.MAJOR,
    summary="The title repeated as the first sentence of the body.",
    explanation="""Pages translated segment by segment (a web translation proxy, a CMS
    plug-in) are reassembled from pieces; the headline often comes back twice, as the title
    and again as the first paragraph. A native page does not open its text with its own
    headline.""",
    bad=(Example("La Russie ferme son espace aérien\n\n⟦La Russie ferme son espace aérien⟧. "
                 "Les vols sont suspendus.\n"),),
    good=("La Russie ferme son espace aérien\n\nMoscou a annoncé la fermeture de son espace "
          "aérien. Les vols sont suspendus.\n",),
)
def title_repeated_as_first_paragraph(ctx: Context) -> Iterator[Hit]:
    segs = ctx.prose_segments
    if len(segs) < 2 or segs[0].kind is not SegmentKind.TITLE:
        return
    title = _normalised(segs[0].text)
    if len(title.split()) < 4:
        return
    for seg in segs[1:4]:
        body = _normalised(seg.text)
        if body == title or (body.startswith(title + " ") and len(title) >= 30):
            end = seg.start + len(seg.text.rstrip(".!?… "))
            if body != title:
                end = seg.end
            yield Hit(seg.start, end, "The title is repeated as the first sentence: debris of "
                      "a page reassembled from separately translated pieces.",
                      suggestion="supprimer la répétition du titre")
            return


#: Words that cannot end a French sentence: a dropped link or name left them dangling.
_DANGLING = frozenset("""à de du des le la les l’ l' un une au aux par pour sur dans avec chez
selon vers contre sans sous entre et ou ni que qui dont son sa ses leur leurs ce cette ces
notre nos votre vos mon ma mes""".split())
_SPACED_FULL_STOP = lazy_re(r"(?<![\w’'-])([^\W\d_][\w’'-]*)[ \u00a0]\.(?=\s|$)")


@rule(
    code="E009",
    name="dropped-link-before-full-stop",
    category=Category.ENCODING,
    severity=Severity.MAJOR,
    summary="A sentence that ends on a space and a full stop after a name or a dangling "
            "preposition: `selon la chaîne Rossiya .`, `a-t-il écrit sur .`",
    explanation="""Web pages translated segment by segment lose the linked words (the anchor
    of a link, an embedded post) or keep them as a separate piece: the sentence then ends
    with a space before its full stop, after a name or after a preposition or article that
    introduced the lost words. After a name, a single case in a document is minor (a typing
    slip looks the same); several are major. A lone space before a full stop after an
    ordinary word is typography (rule P002).""",
    bad=(Example("Il l’a annoncé dans un entretien accordé à Reuters⟦ .⟧", fix="."),
         Example("Les détails ont été publiés par le journal ⟦de .⟧ Le texte suit.")),
    good=("Il l’a annoncé dans un entretien accordé à Reuters.",
          "Le prix atteint 3 . 5 euros, soit plus qu’hier ."),
    fixable=True,
)
def dropped_link_before_full_stop(ctx: Context) -> Iterator[Hit]:
    names = []
    for m in ctx.finditer(_SPACED_FULL_STOP):
        word = m.group(1)
        if word.lower() in _DANGLING:
            yield Hit(m.start(1), m.end(), f"The sentence ends on `{word}` and a spaced full "
                      "stop: the words it introduced (a link, a name) were dropped when the "
                      "page was assembled.", suggestion="rétablir le texte du lien")
        elif word[0].isupper() and not word.isupper():
            names.append(m)
    # One spaced full stop after a name may be a typing slip; several are the assembly's mark.
    severity = None if len(names) >= 2 else Severity.MINOR
    for m in names:
        yield Hit(m.end(1), m.end(), f"A space before the full stop after `{m.group(1)}`: "
                  "the link on this name was dropped when the page was assembled.",
                  replacement=".", severity=severity)


_TAG_DEBRIS = lazy_re(
    r"</?(?:p|br|strong|em|b|i|u|a|span|div|h[1-6]|li|ul|ol|blockquote|figure|figcaption"
    r"|img|sup|sub)(?:\s+[\w:-]+=(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s<>]+))*\s*/?>"
    r"|&lt;/?(?:p|br|strong|em|span|div)&gt;",
    re.IGNORECASE)


@rule(
    code="E010",
    name="markup-debris-in-plain-text",
    category=Category.ENCODING,
    severity=Severity.MAJOR,
    summary="HTML tags left in plain-text copy: `<strong>`, `</p>`, `<br/>`.",
    explanation="""Copy that went through a translation service as HTML and came back as text
    keeps some of its tags, often displaced by the translation (a closing tag moved into the
    next sentence). In a plain-text input no tag belongs to the text; HTML and Markdown
    inputs are parsed and their tags are markup, not debris.""",
    bad=(Example("Le ministre a ⟦<strong>⟧démenti les rumeurs."),
         Example("La séance est levée.⟦</p>⟧ Les députés sortent.")),
    good=("Le ministre a démenti les rumeurs (<10 % des cas).",
          "La note est passée de a<b à b>a selon l’auteur."),
)
def markup_debris_in_plain_text(ctx: Context) -> Iterator[Hit]:
    if ctx.doc.format != "txt":
        return
    for m in ctx.finditer(_TAG_DEBRIS, ctx.prose_segments):
        yield Hit(m.start(), m.end(), f"HTML tag `{m.group()}` left in the text by a "
                  "conversion or a translation service.", suggestion="supprimer la balise")


_ESCAPE_DEBRIS = lazy_re(r"\\u[0-9a-fA-F]{4}|\\[’'\"]|\\[nrt](?=[A-Za-zÀ-ÿ«»“”\"'’ ])")


@rule(
    code="E011",
    name="escape-sequence-debris",
    category=Category.ENCODING,
    severity=Severity.MAJOR,
    summary="Escape sequences of a JSON or JavaScript string left in the text: "
            "`l\\u2019Ukraine`, `l\\'armée`, `fin.\\nLe`.",
    explanation="""Copy fetched through an API or a script and pasted without decoding keeps
    the escapes of its string literal: `\\u00e9` for é, `\\'` for an apostrophe, `\\n` for a
    line break. No French text contains a backslash before a letter or a quote.""",
    bad=(Example("Les frappes sur l⟦\\u2019⟧Ukraine ont repris.", fix="’"),
         Example("Le chef de l⟦\\'⟧armée a démissionné.", fix="'")),
    good=("Le chemin C:\\\\Windows n’a rien à voir.", "Le ratio est de 1\\2 selon l’auteur."),
    fixable=True,
)
def escape_sequence_debris(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_ESCAPE_DEBRIS, ctx.prose_segments):
        raw = m.group()
        if raw.startswith("\\u"):
            fixed = chr(int(raw[2:], 16))
        elif raw[1] in "nrt":
            fixed = " "  # a line break or a tab inside a paragraph: a space
        else:
            fixed = raw[1]
        yield Hit(m.start(), m.end(), f"Escape sequence `{raw}` left in the text by a script "
                  "or an API response.", replacement=fixed)
