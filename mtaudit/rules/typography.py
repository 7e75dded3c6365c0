"""Typography: numbers in English format, ellipses, percent signs and dashes in French copy.

Authority: Imprimerie nationale, *Lexique des règles typographiques* (nombres: virgule
décimale, espace entre tranches de trois chiffres; pour cent); OQLF, *Banque de dépannage
linguistique* (« Écriture des nombres », « Symbole pour cent », « Points de suspension »).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtaudit.core.document import Category, Severity
from mtaudit.rules.authorities import TYPOGRAPHY as _AUTHORITY
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule
from mtaudit.rules.housestyle import once_per_document

_THREE_DOTS = lazy_re(r"(?<!\.)\.\.\.(?!\.)")


@rule(
    code="T001",
    name="three-periods-for-ellipsis",
    category=Category.TYPOGRAPHY,
    severity=Severity.MINOR,
    summary="Three periods `...` where French typography uses the ellipsis character `…`.",
    explanation="""Typeset French uses the single character … (points de suspension). Three
    periods are common in web copy, so this is a minor typographic matter: used throughout a
    document they are a house style (or a keyboard), reported once; beside the … character in
    the same document, each is reported.""",
    bad=(Example("Il hésitait⟦...⟧ puis il est parti.", fix="…"),
         Example("Il hésitait… puis il est parti⟦...⟧", fix="…"),
         Example("Il hésitait⟦...⟧ puis il est parti...")),
    good=("Il hésitait… puis il est parti.",),
    fixable=True,
    authority=_AUTHORITY,
)
def three_periods_for_ellipsis(ctx: Context) -> Iterator[Hit]:
    hits = [Hit(m.start(), m.end(), "Three periods instead of the ellipsis character.",
                replacement="…") for m in ctx.finditer(_THREE_DOTS)]
    if "…" in ctx.prose:
        yield from hits  # the ellipsis character elsewhere: a mixed style
    else:
        yield from once_per_document(ctx, hits, "`...` throughout")


# 1,600 or 12,500,000: a comma every three digits is the English thousands separator; in French
# the comma is the decimal mark, so "1,600 soldats" reads as one point six.
_COMMA_THOUSANDS = lazy_re(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,]|\.\d)")


@rule(
    code="T002",
    name="english-thousands-separator",
    category=Category.TYPOGRAPHY,
    severity=Severity.MAJOR,
    summary="A number with commas as thousands separators (`1,600`), English style.",
    explanation="""In French the comma is the decimal mark: `1,600 soldats` reads as "one point
    six". French separates thousands with a (narrow no-break) space: 1 600. Left as is, the
    number changes meaning, so this is major.""",
    bad=(Example("Plus de ⟦1,600⟧ soldats ont été déployés.", fix="1\u202f600"),
         Example("un budget de ⟦12,500,000⟧ dollars", fix="12\u202f500\u202f000")),
    good=("Plus de 1 600 soldats ont été déployés.", "Le taux est passé à 1,5 %.",
          "Le taux est de 2,125 %.", "Un score de 6,4 sur 10."),
    fixable=True,
    authority=_AUTHORITY,
)
def english_thousands_separator(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_COMMA_THOUSANDS):
        after = ctx.prose[m.end():m.end() + 3].lstrip()
        if after.startswith("%"):
            continue  # "2,125 %" is a French decimal
        yield Hit(m.start(), m.end(), f"`{m.group()}` uses English thousands separators; in "
                  "French the comma is the decimal mark and thousands are separated by a space.",
                  replacement=m.group().replace(",", "\u202f"))


_DECIMAL_POINT = lazy_re(r"(?<![\d.,])(\d+)\.(\d{1,2})(?![\d.,]|\.\d)")


@rule(
    code="T003",
    name="english-decimal-point",
    category=Category.TYPOGRAPHY,
    severity=Severity.MINOR,
    summary="A decimal point (`3.5`) where French uses a decimal comma (`3,5`).",
    explanation="""French writes decimals with a comma: 3,5 millions. A decimal point is English
    (or software) notation. Dates (12.05.2023), versions and `75.000` thousands are left
    alone.""",
    bad=(Example("une hausse de ⟦3.5⟧ % du PIB", fix="3,5"),),
    good=("une hausse de 3,5 % du PIB", "plus de 75.000 soldats", "le 12.05.2023",
          "la version 2.4.1"),
    fixable=True,
    authority=_AUTHORITY,
)
def english_decimal_point(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_DECIMAL_POINT):
        before = ctx.prose[max(0, m.start() - 12):m.start()].lower()
        if re.search(r"(?:version|v|art\.?|article|§|chapitre|n°)\s*$", before):
            continue
        yield Hit(m.start(), m.end(), f"Decimal point in `{m.group()}`; French uses a decimal "
                  "comma.", replacement=f"{m.group(1)},{m.group(2)}")


_PERCENT = lazy_re(r"(?<=\d)%")


@rule(
    code="T004",
    name="percent-without-space",
    category=Category.TYPOGRAPHY,
    severity=Severity.MINOR,
    summary="`%` glued to the number (`50%`); French puts a no-break space before it.",
    explanation="""French typography separates the percent sign from the number with a
    no-break space (50 %). Many sites glue it, as English does; minor. Glued throughout a
    document it is a house style, reported once; glued here and spaced there, each glued
    occurrence is reported.""",
    bad=(Example("une baisse de 50⟦%⟧ des ventes", fix="\u00a0%"),
         Example("une baisse de 50 % des ventes et de 20⟦%⟧ des prix", fix="\u00a0%"),
         Example("une baisse de 50⟦%⟧ des ventes et de 20% des prix")),
    good=("une baisse de 50 % des ventes", "une baisse de 50\u00a0% des ventes"),
    fixable=True,
    authority=_AUTHORITY,
)
def percent_without_space(ctx: Context) -> Iterator[Hit]:
    hits = [Hit(m.start(), m.end(), "No space before `%`; French writes 50 %.",
                replacement="\u00a0%") for m in ctx.finditer(_PERCENT)]
    if any(True for _ in ctx.finditer(_SPACED_PERCENT)):
        yield from hits  # spaced elsewhere in the document: a mixed style
    else:
        yield from once_per_document(ctx, hits, "`%` always glued")


_SPACED_PERCENT = lazy_re(r"(?<=\d)[ \u00a0\u202f]%")


_UNSPACED_DASH = lazy_re(r"(?<=[^\W\d_])—(?=[^\W\d_])|(?<=[^\W\d_]) —(?=[^\W\d_])"
                            r"|(?<=[^\W\d_])— (?=[^\W\d_])")


@rule(
    code="T005",
    name="unspaced-em-dash",
    category=Category.TYPOGRAPHY,
    severity=Severity.MINOR,
    summary="An em dash glued to the words around it (`28 morts—l’attaque`), English style.",
    explanation="""French sets an incise dash with a space on each side (un tiret — comme
    ceci —). A dash glued to both words is English typography carried over by translation.""",
    bad=(Example("Il y a eu des morts⟦—⟧l’attaque a visé la gare.", fix=" — "),),
    good=("Il y a eu des morts — l’attaque a visé la gare.", "de 2010—2014"),
    fixable=True,
    authority=_AUTHORITY,
)
def unspaced_em_dash(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_UNSPACED_DASH):
        yield Hit(m.start(), m.end(), "Em dash without spaces around it; French puts a space "
                  "on each side of an incise dash.", replacement=" — ")


_PLAIN_SPACE_BEFORE_HIGH = lazy_re(r"(?<=[^\W_]) ([;:!?»])|(«) (?=\w)")


@rule(
    code="T006",
    name="plain-space-where-no-break-space",
    category=Category.TYPOGRAPHY,
    severity=Severity.MINOR,
    summary="A plain space before `; : ! ? »` or after `«`, where print typography wants a "
            "no-break space (opt-in).",
    explanation="""Typeset French uses a no-break space (narrow before ; ! ?) so that the mark
    never starts a line. Web copy almost always has plain spaces — this says nothing about
    machine translation, so the rule is minor, off by default, and never counts towards the
    verdict. Select it (`--select T006`) to prepare copy for print.""",
    bad=(Example("Peut-il livrer⟦ ?⟧", fix="\u202f?"),
         Example("Il parle de ⟦« ⟧paix\u00a0».", fix="«\u00a0")),
    good=("Peut-il livrer\u202f?", "Il parle de «\u00a0paix\u00a0»."),
    fixable=True,
    authority=_AUTHORITY,
    default_enabled=False,
)
def plain_space_where_no_break_space(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_PLAIN_SPACE_BEFORE_HIGH):
        if m.group(2):
            yield Hit(m.start(), m.end(), "Plain space after `«`; print typography uses a "
                      "no-break space.", replacement="«\u00a0")
            continue
        mark = m.group(1)
        space = "\u00a0" if mark in ":»" else "\u202f"
        yield Hit(m.start(), m.end(), f"Plain space before `{mark}`; print typography uses a "
                  "no-break space so the mark never starts a line.", replacement=space + mark)
