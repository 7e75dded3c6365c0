"""Quotation marks: French guillemets used in the English manner, mangled or unbalanced.

Authority: Imprimerie nationale, *Lexique des règles typographiques en usage à
l'Imprimerie nationale* (guillemets, ponctuation et citations); Office québécois de la langue
française, *Banque de dépannage linguistique* (« Guillemets et ponctuation »).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from itertools import groupby

from mtaudit.core.document import Category, Severity
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule
from mtaudit.rules.housestyle import once_per_document
from mtaudit.text.patterns import SP as _SP

_AUTHORITY = ("Imprimerie nationale, Lexique des règles typographiques; "
              "OQLF, Banque de dépannage linguistique")

_COMMA_INSIDE = lazy_re(rf"(?<=\w)([,]){_SP}*»")


@rule(
    code="Q001",
    name="comma-inside-closing-guillemet",
    category=Category.QUOTES,
    severity=Severity.MAJOR,
    summary="A comma placed inside the closing guillemet, as English puts it inside the quote.",
    explanation="""English writes `"immediately," adding`; French keeps the comma outside the
    quotation: « immédiatement », ajoutant. A comma before » is the signature of text run
    through machine translation without post-editing.""",
    bad=(
        Example("les négociations commenceraient « immédiatement⟦, »⟧ ajoutant qu’il", fix=" »,"),
        Example("la conversation était partie « très bien⟦, »⟧ et que Zelensky", fix=" »,"),
    ),
    good=(
        "les négociations commenceraient « immédiatement », a-t-il ajouté.",
        "« Nous viendrons », a déclaré le ministre.",
    ),
    fixable=True,
    authority=_AUTHORITY,
)
def comma_inside_closing_guillemet(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_COMMA_INSIDE):
        yield Hit(m.start(1), m.end(), "Comma inside the closing guillemet (English order); "
                  "in French the comma follows the guillemet: « … »,", replacement=" »,")


_PERIOD_INSIDE = lazy_re(rf"(?<=[^\W\d_])\.{_SP}*»")


@rule(
    code="Q002",
    name="period-inside-closing-guillemet-after-fragment",
    category=Category.QUOTES,
    severity=Severity.MAJOR,
    summary="A period inside the closing guillemet when the quotation is only a fragment of "
            "the sentence.",
    explanation="""When the words in guillemets are a fragment woven into the sentence (not a
    whole quoted sentence), French puts the final period after the closing guillemet: est
    « irréaliste ». Keeping it inside, as English does (`"unrealistic."`), is a machine
    translation artifact. A quoted full sentence (« Je viendrai. ») keeps its period inside.""",
    bad=(
        Example("le retour aux frontières d’avant 2014 est « irréaliste⟦. »⟧ Il a également "
                "reconnu", fix=" ».",),
    ),
    good=(
        "Il a répondu : « Je viendrai demain. »",
        "le retour aux frontières d’avant 2014 est « irréaliste ». Il a également reconnu",
        "« C’est terminé. » Le ministre a quitté la salle.",
    ),
    fixable=True,
    authority=_AUTHORITY,
)
def period_inside_closing_guillemet(ctx: Context) -> Iterator[Hit]:
    view = ctx.view
    prose = view.text  # markup left out: « &laquo;&nbsp;irréaliste.&nbsp;&raquo; »
    for m in ctx.finditer(_PERIOD_INSIDE):
        period = view.offset(m.start())
        opening = prose.rfind("«", 0, period)
        if opening < 0 or prose.rfind("»", opening, period) >= 0:
            continue
        inner = prose[opening + 1:period].lstrip(" \u00a0\u202f")
        before = prose[max(0, opening - 3):opening].rstrip(" \u00a0\u202f")
        # A fragment: starts in lower case, is short, and is not introduced by a colon.
        if not inner or not inner[0].islower() or before.endswith(":"):
            continue
        if len(inner.split()) > 12 or re.search(r"[.!?]\s", inner):
            continue
        yield Hit(m.start(), m.end(), "Period inside the closing guillemet after a quoted "
                  "fragment (English order); French ends the sentence after it: « … ».",
                  replacement=" ».")


_CLUSTER = lazy_re(
    rf"»{_SP}*[,.;:]{_SP}*»"  # »,»
    rf"|«{_SP}*[,.;:](?!\.\.)"  # « ,
    rf"|«{_SP}*»"  # «»
    rf"|»{_SP}*»|«{_SP}*«"  # doubled marks
)


@rule(
    code="Q003",
    name="mangled-guillemet-cluster",
    category=Category.QUOTES,
    severity=Severity.MAJOR,
    summary="Guillemets tangled with punctuation: `»,»`, `« ,`, empty or doubled guillemets.",
    explanation="""Machine translation often maps an English `,"` to a cluster such as `»,»`
    (a closing guillemet, a comma, and another closing guillemet), or opens a quote on a
    punctuation mark. No French typographic convention produces these sequences.""",
    bad=(
        Example("intéressés par la paix ⟦»,»⟧ a déclaré le chef du Pentagone.", fix="»,"),
        Example("Il a dit ⟦« ,⟧ nous verrons » hier.", fix="« "),
        Example("Elle a répondu ⟦« »⟧ sans rien ajouter."),
    ),
    good=(
        "« La paix est possible », a déclaré le ministre.",
        "Il a parlé de « paix » et de « sécurité ».",
        "« Il faut agir, a-t-il dit, et vite. »",
    ),
    fixable=True,
    authority=_AUTHORITY,
)
def mangled_guillemet_cluster(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_CLUSTER):
        s = m.group()
        if s.startswith("»") and s.endswith("»") and any(p in s for p in ",.;:"):
            punct = next(p for p in s if p in ",.;:")
            yield Hit(m.start(), m.end(), f"Mangled guillemets `{s.strip()}`: a closing "
                      f"guillemet is repeated around the `{punct}`.", replacement="»" + punct)
        elif s.startswith("«") and s.rstrip()[-1] in ",.;:":
            yield Hit(m.start(), m.end(), "Opening guillemet followed by punctuation: the "
                      "quotation starts on a stray mark.", replacement="« ")
        elif s.startswith("«") and s.endswith("»"):
            yield Hit(m.start(), m.end(), "Empty guillemets: the quoted words were lost.")
        else:
            yield Hit(m.start(), m.end(), f"Doubled guillemet `{s}`.",
                      suggestion=s[0])


_QUOTE_MARKS = {"«": ("«", "»", "guillemet"), "“": ("“", "”", "quotation mark")}
_MARK_RX = {k: lazy_re(f"[{o}{c}]") for k, (o, c, _) in _QUOTE_MARKS.items()}


@rule(
    code="Q004",
    name="unbalanced-quotation-marks",
    category=Category.QUOTES,
    severity=Severity.MAJOR,
    summary="An opening « (or “, or a straight \") without its closing mark, or a closing » "
            "(or ”) with no opening one, in one paragraph.",
    explanation="""Every quotation opened in a paragraph must be closed (a quotation running
    over several paragraphs reopens each paragraph with «, the convention the rule allows).
    Unbalanced marks are a common trace of machine translation, which drops or duplicates
    quote marks when English `"` becomes « ». Straight quotes `"` are the same mark for
    opening and closing: a paragraph holding an odd number of them has lost one, and which one
    is told by the spaces around each mark (a space before it opens, a space after it closes).
    A paragraph whose guillemets are already unbalanced is reported once, for the guillemet.""",
    bad=(
        Example("Il a dit « nous verrons demain » puis ⟦»⟧ est parti."),
        Example("Le ministre a promis ⟦«⟧ une réponse rapide sans plus de détails."),
        Example("Le ministre a promis ⟦“⟧une réponse rapide sans plus de détails."),
        Example('Il a répondu : ⟦"⟧Nous ne viendrons pas, et personne ne viendra.\n'
                "Le ministre a ensuite quitté la salle."),
    ),
    good=(
        "Il a dit « nous verrons » puis il est parti.",
        "« Première phrase de la citation.\n« Suite de la citation sur un autre paragraphe. »",
        "Il a parlé de “progrès” hier.",
        'Il a parlé de "progrès" et d\'"avancées" hier.',
        '"Première phrase de la citation.\n"Suite de la citation sur un autre paragraphe."',
        'Il a acheté un écran de 27" pour la rédaction.',
    ),
    authority=_AUTHORITY,
)
def unbalanced_quotation_marks(ctx: Context) -> Iterator[Hit]:
    segments = ctx.french_segments
    paragraphs = [list(g) for _, g in groupby(segments, key=lambda s: s.paragraph)]
    view = ctx.view
    prose = view.text  # marks and clusters read without markup: « &raquo;,&nbsp;&raquo; »
    unbalanced: set[int] = set()  # paragraphs whose guillemets or curly quotes are reported
    for key, (opener, closer, label) in _QUOTE_MARKS.items():
        for i, para in enumerate(paragraphs):
            start, end = view.offset(para[0].start), view.offset(para[-1].end)
            stack: list[int] = []
            stray: list[int] = []
            for mark in _MARK_RX[key].finditer(prose, start, end):
                j = mark.start()
                if mark.group() == opener:
                    stack.append(j)
                elif stack:
                    stack.pop()
                else:
                    stray.append(j)
            if stack and i + 1 < len(paragraphs):
                nxt = prose[view.offset(paragraphs[i + 1][0].start)]
                if nxt in (opener, closer) and len(stack) == 1:
                    stack = []  # a quotation continued in the next paragraph
            if stray and i > 0 and not stack:
                prev = view.offset(paragraphs[i - 1][0].start)
                if prose[prev] == opener and closer not in prose[
                        prev:view.offset(paragraphs[i - 1][-1].end)]:
                    stray = stray[1:]  # closes a quotation opened in an earlier paragraph
            if stack or stray:
                unbalanced.add(i)
            for j in stray:
                if key == "«" and (_CLUSTER.match(prose, max(start, j - 3)) or re.search(
                        rf"»{_SP}*[,.;:]{_SP}*$", prose[max(start, j - 4):j])):
                    continue  # part of a `»,»` cluster: reported once, by Q003
                yield Hit(*view.doc_span(j, j + 1), f"Closing {label} with no opening {label} "
                          "before it in this paragraph.")
            for j in stack:
                yield Hit(*view.doc_span(j, j + 1),
                          f"Opening {label} never closed in this paragraph.")
    for i, para in enumerate(paragraphs):
        if i in unbalanced:
            continue  # `"…»`: the guillemet's finding already marks the broken quotation
        start, end = view.offset(para[0].start), view.offset(para[-1].end)
        marks = [m.start() for m in _STRAIGHT_QUOTE.finditer(prose, start, end)]
        if len(marks) % 2 == 0 or any(prose[j - 1].isdigit() for j in marks):
            continue  # balanced, or an inch mark (`27"`) may be what makes the count odd
        if i + 1 < len(paragraphs) and prose[
                view.offset(paragraphs[i + 1][0].start)] == '"':
            continue  # a quotation continued in the next paragraph
        j = _unmatched_straight_quote(prose, marks)
        yield Hit(*view.doc_span(j, j + 1), "Straight quotation mark `\"` left unmatched in "
                  "this paragraph: a quotation opened and never closed, or closed and never "
                  "opened.")


_STRAIGHT_QUOTE = lazy_re('"')


def _unmatched_straight_quote(prose: str, marks: list[int]) -> int:
    """Which of an odd number of straight quotes has no partner: the spaces around each mark
    say whether it opens (space or start before it, a character after it) or closes."""
    stack: list[int] = []
    stray: list[int] = []
    for j in marks:
        before = prose[j - 1] if j else " "
        after = prose[j + 1] if j + 1 < len(prose) else " "
        opens = (before.isspace() or before in "([«") and not after.isspace()
        closes = not before.isspace() and (after.isspace() or after in ".,;:!?)»…")
        if stack and (closes or not opens):
            stack.pop()
        elif opens or not closes:
            stack.append(j)
        else:
            stray.append(j)
    return (stray or stack)[0]


_ENGLISH_PAIR = lazy_re(r"“([^“”\n]{1,300})”|(?<![\w\"])\"([^\"\n]{1,300})\"(?![\w\"])")


@rule(
    code="Q005",
    name="english-quotes-as-primary",
    category=Category.QUOTES,
    severity=Severity.MINOR,
    summary="English quotation marks (“…” or straight \"…\") used as the main quotes in French.",
    explanation="""French uses guillemets « » as first-level quotation marks; “ ” belong to
    quotations nested inside « ». English-style quotes at the top level often mean the text
    was translated from English without typographic adaptation — but some French sites use
    them as house style, so this is minor and never decisive on its own. Curly “…” (the English
    source's own marks), straight quotes in a sentence that also quotes with « », and a comma
    inside the closing mark (`"Oh mon Dieu,"`, English punctuation) are reported at every
    occurrence; straight quotes used throughout a document (the wire-copy house style) are
    reported once, with their count.""",
    bad=(
        Example("Il a évoqué des ⟦“progrès”⟧ dans les discussions.", fix="« progrès »"),
        Example("Le ministre parle d’un ⟦\"échec\"⟧ total.", fix="« échec »"),
        Example("Il parle de « paix » et d’un ⟦\"échec\"⟧ total.", fix="« échec »"),
        Example("⟦\"C'est fini,\"⟧ a-t-il dit. Il parle d'un ⟦\"échec\"⟧ et d'un \"succès\".",
                fix="« C'est fini, »"),
        Example("Il parle d'un ⟦\"échec\"⟧, d'un \"succès\" et d'un \"retour\"."),
    ),
    good=(
        "Il a évoqué des « progrès » dans les discussions.",
        "« Il a parlé d’un “succès” hier », a raconté le témoin.",
    ),
    fixable=True,
    authority=_AUTHORITY,
)
def english_quotes_as_primary(ctx: Context) -> Iterator[Hit]:
    prose = ctx.prose
    house: list[Hit] = []  # straight quotes that may be the document's house style
    for m in ctx.finditer(_ENGLISH_PAIR):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        if not inner.strip() or inner != inner.strip():
            continue
        seg = ctx.doc.segment_at(m.start())
        seg_start, seg_end = (seg.start, seg.end) if seg else (0, len(prose))
        before = prose[seg_start:m.start()]
        if before.count("«") > before.count("»"):
            continue  # nested inside guillemets: correct second-level quotes
        hit = Hit(m.start(), m.end(), "English-style quotation marks; French copy uses "
                  "guillemets « … » for first-level quotations.",
                  replacement=f"« {inner} »")
        straight = m.group(2) is not None
        mixed = "«" in prose[seg_start:seg_end]  # « and " in one sentence
        if straight and not mixed and not inner.endswith(","):
            house.append(hit)
        else:
            yield hit
    yield from once_per_document(ctx, house, 'straight "…" quotes')


_GUILLEMET_PAIR = lazy_re(r"«([ \u00a0\u202f]?)([^«»\n]{1,400}?)([ \u00a0\u202f]?)»")


@rule(
    code="Q006",
    name="inconsistent-guillemet-spacing",
    category=Category.QUOTES,
    severity=Severity.MINOR,
    summary="Guillemets with inner spaces and without them in the same document "
            "(`«reconnaissance»` beside `« traître »`).",
    explanation="""French typography puts a (no-break) space inside guillemets: « traître ».
    Some house styles drop it, but one document should not do both: a mix of `«mot»` and
    `« mot »` is typical of copy assembled from several machine outputs.""",
    bad=(
        Example("Il parle de « paix » et de « sécurité », mais aussi de "
                "⟦«reconnaissance»⟧.", fix="« reconnaissance »"),
        Example("Il parle de «paix», de «sécurité» et de ⟦« reconnaissance»⟧.",
                fix="«reconnaissance»"),
    ),
    good=(
        "Il parle de « paix » et de « sécurité », mais aussi de « reconnaissance ».",
        "Il parle de «paix» et de «sécurité».",
    ),
    fixable=True,
    authority=_AUTHORITY,
)
def inconsistent_guillemet_spacing(ctx: Context) -> Iterator[Hit]:
    pairs = [(m, bool(m.group(1)), bool(m.group(3))) for m in ctx.finditer(_GUILLEMET_PAIR)
             if m.group(2).strip() == m.group(2)]
    consistent = Counter(o for _, o, c in pairs if o == c)
    if not pairs or (len(consistent) < 2 and all(o == c for _, o, c in pairs)):
        return
    spaced = consistent[True] >= consistent[False]
    for m, opened, closed in pairs:
        if opened == spaced and closed == spaced:
            continue
        inner = m.group(2)
        which = "spaced guillemets « … »" if spaced else "unspaced guillemets «…»"
        msg = f"Guillemet spacing differs from the {which} used in the rest of this document."
        if len(inner) <= 40:
            fix = f"« {inner} »" if spaced else f"«{inner}»"
            yield Hit(m.start(), m.end(), msg, replacement=fix)
            continue
        if opened != spaced:  # long quotation: flag only the side that differs
            yield Hit(m.start(), m.start(2), msg, replacement="« " if spaced else "«")
        if closed != spaced:
            yield Hit(m.end(2), m.end(), msg, replacement=" »" if spaced else "»")


_APOSTROPHE = lazy_re(r"(?<=[^\W\d_])(['’])(?=[^\W\d_])")


@rule(
    code="Q007",
    name="mixed-apostrophes",
    category=Category.QUOTES,
    severity=Severity.MINOR,
    summary="Typographic (’) and straight (') apostrophes mixed in one document.",
    explanation="""A document normally uses one apostrophe. A mix of `l’Ukraine` and
    `l'OTAN` inside one sentence shows text pasted together from different pipelines, often a
    machine translation merged with a human-written frame, and is reported at each
    occurrence. Across sentences the mix is common in native web copy too (a headline typed in
    the CMS, the body pasted from a word processor): it is reported once per document.""",
    bad=(Example("L’Ukraine, l’Europe, l’Asie et l⟦'⟧OTAN.", fix="’"),
         Example("L’Ukraine et l’Europe. Les pays de l⟦'⟧OTAN. L'Asie aussi.")),
    good=("L’Ukraine, l’Europe et l’OTAN.", "L'Ukraine, l'Europe et l'OTAN."),
    fixable=True,
)
def mixed_apostrophes(ctx: Context) -> Iterator[Hit]:
    found = list(ctx.finditer(_APOSTROPHE))
    counts = Counter(m.group(1) for m in found)
    if len(counts) < 2:
        return
    majority = "’" if counts["’"] >= counts["'"] else "'"
    across: list[Hit] = []
    for m in found:
        if m.group(1) != majority:
            hit = Hit(m.start(1), m.end(1), f"Apostrophe `{m.group(1)}` differs from the "
                      f"`{majority}` used in the rest of this document.", replacement=majority)
            seg = ctx.doc.segment_at(m.start())
            if seg is not None and majority in ctx.prose[seg.start:seg.end]:
                yield hit  # both apostrophes in one sentence
            else:
                across.append(hit)
    yield from once_per_document(ctx, across, "apostrophes differ between sentences")


#: A pair of single quotes around a phrase: the opening one after a space (never inside a
#: word, so it is no apostrophe), the closing one after a letter or a final stop and before a
#: space or punctuation; apostrophes between two letters may occur inside (`'d'autre choix'`).
_SINGLE_PAIR = lazy_re(
    r"(?:(?<=[\s(\[])|^)(?P<open>['‘])(?=[^\W\d_])"
    r"(?P<inner>(?:[^'‘’\n]|(?<=[^\W\d_])['’](?=[^\W\d_])){1,300}?)"
    r"(?<=[\w.!?…])(?P<close>['’])(?=[\s,.;:!?)\]»]|$)", re.MULTILINE)


@rule(
    code="Q008",
    name="single-quotes-as-quotation-marks",
    category=Category.QUOTES,
    severity=Severity.MINOR,
    summary="Single quotes (`'…'` or `‘…’`) used as quotation marks, the British convention.",
    explanation="""British newspapers quote with single marks ('no other choice'); French
    has no single-quote convention at all — first-level quotations take guillemets « »,
    nested ones “ ” — and in French a straight `'` reads as an apostrophe, so a quotation in
    single marks is easily misread (`'d'autre choix'`). Copy translated from British sources
    without typographic adaptation keeps them; but some Swiss French newsrooms use them as a
    web house style, so the finding is minor and never decides the verdict.""",
    bad=(
        Example("Le syndicat affirme n'avoir ⟦'d'autre choix'⟧ que la grève.",
                fix="« d'autre choix »"),
        Example("Le ministre dénonce une grève ⟦‘irresponsable’⟧, selon la BBC.",
                fix="« irresponsable »"),
    ),
    good=(
        "Le syndicat affirme n'avoir « d'autre choix » que la grève.",
        "Aujourd'hui, l'entreprise d'Yves n'a pas répondu.",
        "Il cite 'Tis Pity She's a Whore au théâtre.",
        "La cote 5'30 est atteinte.",
    ),
    fixable=True,
    authority=_AUTHORITY,
)
def single_quotes_as_quotation_marks(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_SINGLE_PAIR):
        inner = m.group("inner")
        if inner != inner.strip() or len(inner.split()) > 60:
            continue
        yield Hit(m.start(), m.end(), "Single quotes used as quotation marks (British style); "
                  "French copy uses guillemets « … ».", replacement=f"« {inner} »")


#: `», — a-t-il dit`, `", - a déclaré`, `»- ont dit`: the attribution after a quotation
#: introduced by a dash, Russian style (a comma then a dash), or a hyphen glued to the mark.
_DASH_ATTRIBUTION = lazy_re(r"(?P<mark>[»”\"])(?:(?P<comma>,)" + _SP + r"?[-–—]|(?P<glued>-))"
                            + _SP + r"*(?=[a-zà-ÿ])")


@rule(
    code="Q030",
    name="dash-between-quotation-and-attribution",
    category=Category.QUOTES,
    severity=Severity.MAJOR,
    summary="A dash between a quotation and its attribution, Russian style: "
            "`« Nous partons », — a déclaré le ministre`.",
    explanation="""Russian punctuates reported speech followed by its attribution with a comma
    and a dash after the closing mark («…», — сказал он; D. Rosenthal, *Справочник по
    правописанию и стилистике*, « Прямая речь »). French puts only the comma, and inverts
    the subject: « Nous partons », a déclaré le ministre (Imprimerie nationale, *Lexique des
    règles typographiques*, « Guillemets » and « Incises »; OQLF, BDL, « Guillemets et
    ponctuation »). A comma and a dash after a quotation, or a hyphen glued to the closing
    mark (`»- ont dit`), is the source's punctuation kept by a translation from Russian or
    Ukrainian; a dash after the closing mark with no comma (« … » – sans compter …) opens an
    aside and is French.""",
    bad=(
        Example("« Nous partons ⟦», —⟧ a déclaré le ministre.", fix="»,"),
        Example("\"Nous partons⟦\", -⟧ a déclaré le ministre.", fix="\","),
        Example("« Nous ne savons rien ⟦»-⟧ ont dit les avocats.", fix="»,"),
    ),
    good=(
        "« Nous partons », a déclaré le ministre.",
        "Le texte a été adopté « sans vote » – sans compter plusieurs abstentions.",
        "— Nous partons, dit-il. — Déjà ? répondit-elle.",
    ),
    fixable=True,
    authority="Imprimerie nationale, Lexique des règles typographiques; OQLF, BDL; "
              "D. Rosenthal, Справочник по правописанию и стилистике",
)
def dash_between_quotation_and_attribution(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_DASH_ATTRIBUTION):
        end = m.end() - (len(m.group()) - len(m.group().rstrip(" \u00a0\u202f")))
        yield Hit(m.start(), end, "A dash between the quotation and its attribution, as "
                  "Russian punctuates it; French puts only a comma: « … », a-t-il dit.",
                  replacement=m.group("mark") + ",")
