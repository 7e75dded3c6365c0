"""Punctuation spacing and doubled punctuation in French.

Authority: Imprimerie nationale, *Lexique des règles typographiques* (espacement de la
ponctuation: espace avant ; : ! ?, aucune avant , et .); OQLF, *Banque de dépannage
linguistique* (« Espacement avant et après les signes de ponctuation »).
"""

from __future__ import annotations

from collections.abc import Iterator

from mtaudit.core.document import Category, Severity
from mtaudit.rules.authorities import TYPOGRAPHY as _AUTHORITY
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule
from mtaudit.rules.housestyle import once_per_document

# ``livrer?`` / ``PLUS:`` — a word glued to a high punctuation mark.  Times (10:30), ratios,
# URLs (masked) and emoticons are excluded by requiring a letter before and a space/end after.
_GLUED_HIGH = lazy_re(r"(?<=[^\W\d_])([?!;:]+)(?=[\s»”\"')\]]|$)")


@rule(
    code="P001",
    name="missing-space-before-high-punctuation",
    category=Category.PUNCTUATION,
    severity=Severity.MINOR,
    summary="No space before `?`, `!`, `:` or `;`, as in English (`livrer?`, `PLUS:`).",
    explanation="""French separates the high punctuation marks ; : ! ? from the preceding word
    by a (narrow) no-break space. Gluing them to the word is English typography and a frequent
    trace of machine translation; some French sites do it too, so it is minor. Swiss,
    Luxembourg and Quebec newsrooms glue `?`, `!` and `;` (the OQLF accepts no space where the
    narrow space is not available) and many web pages glue `:`: a mark glued throughout a
    document is a house style and is reported once; glued here and spaced there, each glued
    occurrence is reported.""",
    bad=(
        Example("Trump veut un accord avec la Russie – mais peut-il livrer⟦?⟧", fix="\u202f?"),
        Example("EN SAVOIR PLUS⟦:⟧", fix="\u00a0:"),
        Example("Il a dit : oui. Elle a dit⟦:⟧ non. Ils ont dit⟦:⟧ peut-être.",
                fix="\u00a0:"),
        Example("Pourquoi⟦?⟧ Comment? Jusqu'où?"),
    ),
    good=(
        "Peut-il livrer ?",
        "La réunion est prévue à 10:30 à Bruxelles.",
        "Voir https://example.org/page?id=3 pour les détails.",
    ),
    fixable=True,
    authority=_AUTHORITY,
)
def missing_space_before_high_punctuation(ctx: Context) -> Iterator[Hit]:
    spaced = {m.group(1) for m in ctx.finditer(_SPACED_HIGH)}
    house: dict[str, list[Hit]] = {}
    for m in ctx.finditer(_GLUED_HIGH):
        punct = m.group(1)
        space = "\u00a0" if punct.startswith(":") else "\u202f"
        hit = Hit(m.start(), m.end(), f"Missing space before `{punct}`: French puts a "
                  f"no-break space before {punct[0]} (English typography leaves none).",
                  replacement=space + punct)
        if punct[0] in spaced:
            yield hit  # the same mark spaced elsewhere in the document: a mixed style
        else:
            house.setdefault(punct[0], []).append(hit)
    for mark, hits in house.items():
        yield from once_per_document(ctx, hits, f"`{mark}` always glued")


_SPACED_HIGH = lazy_re(r"(?<=[^\W\d_])[ \u00a0\u202f]+([?!;:])(?=[\s»”\"')\]]|$)")


_SPACE_BEFORE_LOW = lazy_re(r"(?<=[^\s«(\[])([ \u00a0\u202f]+)([,.])(?![.\d])")


@rule(
    code="P002",
    name="space-before-comma-or-period",
    category=Category.PUNCTUATION,
    severity=Severity.MINOR,
    summary="A space before a comma or a period (`mot ,` / `mot .`).",
    explanation="""Neither the comma nor the period takes a space before it, in French or in
    English. A space there is typical of machine-translated text whose quotation marks or
    markup were dropped around the punctuation.""",
    bad=(
        Example("à Hanovre, Tagesschau⟦ .⟧", fix="."),
        Example("Il a parlé⟦ ,⟧ puis il est parti.", fix=","),
    ),
    good=("Il a parlé, puis il est parti.", "Il hésitait … puis il est parti.",
          "Il a dit « non », puis il est parti."),
    fixable=True,
    authority=_AUTHORITY,
)
def space_before_comma_or_period(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_SPACE_BEFORE_LOW):
        if ctx.prose[m.start() - 1] == "»":
            msg = f"Space between the closing guillemet and `{m.group(2)}`."
        else:
            msg = f"Space before `{m.group(2)}`: French puts no space before a comma or period."
        yield Hit(m.start(), m.end(), msg, replacement=m.group(2))


_DOUBLED = lazy_re(r"(?<![.?!])(,,|;;|::|\?\.|!\.|,\.|\.,|;\.|\.;|:\.|,;|;,)(?![.?!])")


@rule(
    code="P003",
    name="doubled-or-conflicting-punctuation",
    category=Category.PUNCTUATION,
    severity=Severity.MINOR,
    summary="Two punctuation marks where one belongs: `,,`, `?.`, `.,`, `;;`…",
    explanation="""A question or exclamation mark already ends the sentence; a period after it,
    or a doubled comma, is debris left when a sentence was translated in pieces.""",
    bad=(
        Example("Qui viendra⟦?.⟧ Personne ne le sait.", fix="?"),
        Example("Il a dit⟦,,⟧ puis il est parti.", fix=","),
    ),
    good=("Qui viendra ? Personne ne le sait.", "Il attendait… puis il est parti.",
          "Il a dit « Pourquoi ? », puis il est parti."),
    fixable=True,
    authority=_AUTHORITY,
)
def doubled_or_conflicting_punctuation(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_DOUBLED):
        s = m.group()
        keep = s[0] if s[0] in "?!" else (s[1] if s[1] == "." and s[0] == "," else s[0])
        if s in (",.", ";.", ":."):
            keep = "."
        yield Hit(m.start(), m.end(), f"Conflicting punctuation `{s}`.", replacement=keep)


#: After a word of three letters or more, or after a closing quotation mark or bracket that
#: follows a word (`« torpeur ».Le`).
_GLUED_AFTER = lazy_re(r"(?<=[a-zà-öø-ÿ]{3}|[a-zà-öø-ÿ][ \u00a0\u202f][»”]|[a-zà-öø-ÿ]{2}[»”\")])"
                       r"([.;!?])(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])")


@rule(
    code="P004",
    name="missing-space-after-punctuation",
    category=Category.PUNCTUATION,
    severity=Severity.MINOR,
    summary="Two sentences glued together: no space after `.`, `;`, `!` or `?`.",
    explanation="""`l’économie mondiale.Chaque partie` — the space after the period was lost,
    usually when sentences were translated separately and joined back.""",
    bad=(Example("pour l’économie mondiale⟦.⟧Chaque partie accuse l’autre.", fix=". "),
         Example("Il parle de « torpeur »⟦.⟧Le ministre se tait.", fix=". ")),
    good=("pour l’économie mondiale. Chaque partie accuse l’autre.",
          "Le site lemonde.fr publie.", "Il a rencontré M.Trump hier."),
    fixable=True,
    authority=_AUTHORITY,
)
def missing_space_after_punctuation(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_GLUED_AFTER):
        yield Hit(m.start(), m.end(), f"Missing space after `{m.group(1)}`: two sentences are "
                  "glued together.", replacement=m.group(1) + " ")


# ``un groupe. de disciples`` — a full stop between two lower-case words.  Abbreviations that
# end in a full stop and may be followed by a lower-case word are left alone (``etc.``,
# ``env.``, ``p. ex.``…); one-letter words never match (initials, ``p. 12``).
_STRAY_FULL_STOP = lazy_re(r"(?<![\w.'’-])([^\W\d_]{2,})\.[ \u00a0\u202f]+([^\W\d_]+)")
#: Lower-case abbreviations closed by a full stop (Imprimerie nationale, *Lexique*,
#: « Abréviations »; OQLF, BDL, « Liste des abréviations »), plus units and Latin references
#: of citations.
ABBREVIATIONS = frozenset("""
    etc env cf ex av apr art chap coll éd éds fig hab max min vol op cit ibid id resp suiv
    sqq sq tél boul bd réf trad dir nb vs approx anc lat long alt pp al ed eds adj adv fém masc
    plur sing pers prép conj cie inc ltd co dép cad càd hr mn sec km cm mm kg mg ml cl dl ha
    janv févr avr juil sept oct nov déc lun mar mer jeu ven sam dim
""".split())


@rule(
    code="P005",
    name="full-stop-inside-a-sentence",
    category=Category.PUNCTUATION,
    severity=Severity.MAJOR,
    summary="A full stop between two lower-case words cuts a sentence in two (`un groupe. de "
            "disciples`).",
    explanation="""A full stop ends a sentence, and the next sentence opens on a capital. A
    full stop followed by a lower-case word is either a stray mark, left where a machine
    translation system split or joined segments, or a sentence whose opening capital was lost;
    either way the reader stumbles. Abbreviations that end in a full stop (`etc.`, `env.`,
    `p. ex.`) are not flagged.""",
    bad=(
        Example("Il a été acclamé par un groupe⟦.⟧ de disciples venus l’écouter."),
        Example("Le gouvernement a exprimé ses préoccupations⟦.⟧ candidature comprise."),
    ),
    good=(
        "Il a été acclamé par un groupe de disciples venus l’écouter.",
        "Les fruits, légumes, etc. sont vendus au marché.",
        "On compte env. trois cents habitants, cf. le recensement.",
        "Voir p. ex. le chapitre suivant.",
        "Il est parti. Nous sommes restés.",
        "Il écrit sur lemonde.fr. puis sur X.",
    ),
    fixable=False,
    authority=_AUTHORITY,
)
def full_stop_inside_a_sentence(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_STRAY_FULL_STOP):
        before, after = m.group(1), m.group(2)
        if not (before.islower() and after[0].islower()) or before in ABBREVIATIONS:
            continue
        dot = m.start() + len(before)
        yield Hit(dot, dot + 1, f"Full stop between `{before}` and `{after}`: a sentence "
                  "cut in two.", suggestion=f"remove the full stop (`{before} {after}`), or "
                  "capitalise the next word if a new sentence starts there")


# --- P006 ---------------------------------------------------------------------------------

#: Short French words that a lost space glues to the end of the word before them.  Not `et`:
#: it is also the diminutive ending of many surnames that no dictionary lists (Jeanet).
_GLUED_TAILS = ("les", "le", "la", "de", "du", "des", "par", "en", "un", "une", "pour",
                "dans", "sur", "au", "aux", "à", "que", "qui")
_CAPITALISED_WORD = lazy_re(r"(?<![\w’'-])[A-ZÀ-Ý][^\W\d_]{2,}(?![\w’'-])")
#: Zipf frequency (wordfreq) from which a word counts as common: one occurrence per million
#: words (Speer, wordfreq v3, Zenodo 2022, doi:10.5281/zenodo.7199437).
_COMMON_ZIPF = 3.0


@rule(
    code="P006",
    name="words-run-together",
    category=Category.PUNCTUATION,
    severity=Severity.MAJOR,
    summary="A capitalised word or acronym run into the next short word: `Maisonle défi`, "
            "`RTpar la suite`.",
    explanation="""When a page is translated segment by segment, a link or an emphasised
    word becomes its own segment and the space after it is lost when the pieces are joined
    again: `Dans le Maisonle défi`. The rule reports a capitalised word that no dictionary
    knows (wordfreq's French and English lists) but that splits into a known word or an
    acronym followed by an article, a preposition or a conjunction.""",
    bad=(Example("Dans la ⟦Maisonle⟧ débat continue.", fix="Maison le"),
         Example("Selon l’agence ⟦RTpar⟧ la suite, rien n’a changé.", fix="RT par"),),
    good=("Dans la Maison-Blanche, le débat continue.",
          "Le Havre et Marseille accueillent Lesquin et Castelnau-le-Lez."),
    fixable=True,
    authority=_AUTHORITY,
)
def words_run_together(ctx: Context) -> Iterator[Hit]:
    from mtaudit.rules.untranslated import zipf

    for m in ctx.finditer(_CAPITALISED_WORD):
        word = m.group()
        tail = next((t for t in _GLUED_TAILS if word.endswith(t) and len(word) - len(t) >= 2),
                    None)
        if tail is None:
            continue
        head = word[:-len(tail)]
        if head.isupper():
            known_head = True  # an acronym: RT, AFP
        else:  # a common word, not merely a known one: Jean+et is a name, Maison+le is not
            known_head = head[1:].islower() and zipf(head.lower())[1] >= _COMMON_ZIPF
        if not known_head or any(f > 0 for f in zipf(word.lower())):
            continue
        yield Hit(m.start(), m.end(), f"`{word}` looks like two words run together "
                  f"(`{head} {tail}`): a space lost when the text was translated or extracted "
                  "piece by piece.", replacement=f"{head} {tail}")
