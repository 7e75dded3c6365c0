"""Phrasing calqued on English: noun order, attribution order, literal constructions.

Machine translation keeps English syntax under French words: a name used as a modifier before
a role noun (`Pentagone Chef` ← "Pentagon chief"), a reporting verb after its subject at the end
of a quotation (`» Le chef du Pentagone a déclaré.` ← `" the Pentagon chief said.`), "for X to
V" rendered `pour X pour V`. French inverts the attribution (« … », a déclaré le ministre) and
puts the complement after the noun (le chef du Pentagone). Authorities: Banque de dépannage
linguistique (OQLF), « L’incise » and « Les calques de l’anglais »; Académie française, *Dire,
ne pas dire*; Grevisse & Goosse, *Le Bon Usage*, § 380 (inversion du sujet dans l’incise).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from mtaudit.core.document import Category, Severity
from mtaudit.rules.base import Context, Example, Hit, Pattern, ProseView, lazy_re, rule
from mtaudit.text import lexicon

_BDL = "OQLF, Banque de dépannage linguistique (calques de l’anglais; l’incise)"
from mtaudit.text.patterns import SP as _SP  # noqa: E402
from mtaudit.text.patterns import alternation  # noqa: E402

_OPEN_Q = r"[«\"“]"
_CLOSE_Q = r"[»\"”]"

# --- W001 ---------------------------------------------------------------------------------

#: Role nouns that English puts after a modifying name ("Kremlin spokesman"), with the English
#: word so the message can name the likely source.
ROLE_NOUNS = {
    "chef": "chief", "porte-parole": "spokesperson", "responsable": "official",
    "responsables": "officials", "officiel": "official", "officiels": "officials",
    "ministre": "minister", "président": "president", "dirigeant": "leader",
    "dirigeants": "leaders", "fonctionnaire": "official", "fonctionnaires": "officials",
    "diplomate": "diplomat", "diplomates": "diplomats", "négociateur": "negotiator",
    "envoyé": "envoy", "conseiller": "adviser", "commandant": "commander",
    "secrétaire": "secretary", "ambassadeur": "ambassador", "émissaire": "envoy",
    "patron": "boss", "source": "source", "sources": "sources", "assistant": "aide",
}
_NAME_THEN_ROLE = lazy_re(
    r"(?<![\w’'-])(" + alternation((n.text for n in lexicon.NAMES), escape=True) + r")"
    + _SP + r"+(" + alternation(ROLE_NOUNS, escape=True)
    + r")(?![\w-])",
    re.IGNORECASE,
)


@rule(
    code="W001",
    name="name-before-role-noun",
    category=Category.PHRASING,
    severity=Severity.MAJOR,
    summary="A country or institution name used as a modifier before a role noun, in English "
            "order: `Pentagone Chef`, `Kremlin porte-parole`, `Maison Blanche responsable`.",
    explanation="""English stacks a name before the noun it qualifies ("Pentagon chief",
    "Kremlin spokesman"); French puts the role first and the name in a complement with its
    article: le chef du Pentagone, le porte-parole du Kremlin, un responsable de la Maison
    Blanche. The English order in French text is a sign of word-for-word translation.""",
    bad=(
        Example("Trump ne trahit pas l’Ukraine – ⟦Pentagone Chef⟧", fix=None),
        Example("a indiqué le ⟦Kremlin porte-parole⟧ Dmitri Peskov.", fix=None),
        Example("selon un ⟦Maison Blanche responsable⟧ cité par la presse.", fix=None),
    ),
    good=(
        "a déclaré le chef du Pentagone, Pete Hegseth.",
        "Le porte-parole du Kremlin, Dmitri Peskov, a démenti.",
        "Il tient la Maison Blanche responsable de l’échec des négociations.",
        "La France, présidente du Conseil, a convoqué une réunion.",
    ),
)
def name_before_role_noun(ctx: Context) -> Iterator[Hit]:
    # All prose segments: headlines mixing French with an English site name ("… – RT World
    # News") are often identified as English, and gazetteer names are French spellings.
    view = ctx.view
    for m in ctx.finditer(_NAME_THEN_ROLE, ctx.prose_segments):
        name = lexicon.lookup(m.group(1))
        if name is None:  # matched case-insensitively: only the capitalised name counts
            continue
        role = m.group(2).lower()
        if role.startswith("responsable") and re.match(r"[ \u00a0]+(?:de|du|des|d’|d')\b",
                                                       _view_after(view, m.end())):
            continue  # adjective: « tenir la Maison Blanche responsable de… »
        english = ROLE_NOUNS[role]
        yield Hit(m.start(), m.end(),
                  f"English noun order: `{m.group(0)}` is probably a literal rendering of "
                  f"'{name.text} {english}'; French puts the role first and the name in a "
                  f"complement.",
                  suggestion=f"le {role} {name.after_de()}")


def _view_after(view: ProseView, end: int, width: int = 5) -> str:
    """The ``width`` characters of prose after document offset ``end``, markup left out."""
    i = view.offset(end)
    return view.text[i:i + width]


# --- W002 ---------------------------------------------------------------------------------

REPORTING_PARTICIPLES = (
    "déclaré|dit|affirmé|ajouté|indiqué|souligné|expliqué|précisé|annoncé|écrit|rapporté|noté"
    "|estimé|assuré|averti|prévenu|commenté|insisté|martelé|tweeté|observé|fait valoir"
)
#: Words that may open the complement of an attribution: « a déclaré dans un communiqué ».
_TAIL_OPENERS = ("dans", "à", "au", "aux", "lors", "devant", "sur", "mercredi", "jeudi",
                 "vendredi", "samedi", "dimanche", "lundi", "mardi", "hier", "après", "avant",
                 "pendant", "en", "par", "plus", "mardi", "cette", "ce", "jeudi", "aujourd’hui")
_SUBJECT_WORD = (r"(?!(?:qui|que|qu|dont|ne|n|il|elle|ils|elles|on|se|s|y|en|lui|où)\b)"
                 r"[^\W\d][\w’'.-]*")
_ATTRIBUTION = lazy_re(
    r"(?P<lead>,|" + _CLOSE_Q + r"|" + _CLOSE_Q + r"[ \u00a0\u202f]*,|,[ \u00a0\u202f]*"
    + _CLOSE_Q + r")" + _SP + r"*"
    r"(?P<subj>(?:[Ll]e|[Ll]a|[Ll]es|[Ll]’|[Ll]'|[Uu]n|[Uu]ne|[Ss]on|[Ss]a|[Ss]es|[Ll]eur|[Cc]e|"
    r"[Cc]et|[Cc]ette)(?:" + _SP + r"+|(?<=’)|(?<='))" + _SUBJECT_WORD
    + r"(?:" + _SP + r"+" + _SUBJECT_WORD + r"){0,6}?"
    r"|[A-ZÉ][\w’'-]+(?:" + _SP + r"+[A-ZÉ][\w’'-]+){0,2}(?:," + _SP
    + r"+[^,«»\"“”.!?]{1,90},)?"
    r"|il|elle|ils|elles)"
    + _SP + r"+(?P<aux>a|ont)" + _SP + r"+(?P<verb>" + REPORTING_PARTICIPLES + r")"
    r"(?P<tail>[^.!?…«»\"“”:;]{0,80}?)(?=[.!?…]*[ \u00a0\u202f]*$|[.!?…](?:[ \u00a0\u202f]|$))"
)
#: A stray attribution sentence after a quotation: « … » Il a dit.
_STRAY_ATTRIBUTION = lazy_re(
    r"(?P<subj>Il|Elle|Ils|Elles)" + _SP + r"+(?P<aux>a|ont)" + _SP
    + r"+(?P<verb>dit|déclaré|ajouté|fait une déclaration)[.!]?[ \u00a0\u202f]*$")
_FINITE_CLUE = lazy_re(r"\b(?:a|ont|est|sont|était|avait|sera|serait|va|doit|peut|veut)\b")


@rule(
    code="W002",
    name="attribution-without-inversion",
    category=Category.PHRASING,
    severity=Severity.MAJOR,
    summary="A reporting verb after a quotation or a clause, in English subject–verb order, at "
            "the end of the sentence: `» Le chef du Pentagone a déclaré.`, `…, le Kremlin a "
            "déclaré dans un communiqué.`",
    explanation="""An attribution placed after the words it reports is an incise, and French
    inverts its subject: « … », a déclaré le chef du Pentagone; …, a indiqué le Kremlin dans un
    communiqué. The English order (`" the Pentagon chief said.`) kept in French reads as
    translated. At the start of a sentence, with its complement, the normal order is right
    (Le Kremlin a déclaré dans un communiqué que…) and is not flagged.""",
    bad=(
        Example("« Il n’y a pas de trahison », ⟦le chef du Pentagone a déclaré⟧."),
        Example("le moment est venu de travailler ensemble, ⟦le Kremlin a déclaré⟧ dans un "
                "communiqué."),
        Example("« Nous verrons bien », ⟦il a ajouté⟧."),
        Example("« Nous n’attaquons pas les infrastructures sociales. » ⟦Il a dit⟧."),
        Example("« Ce n’est pas le moment », ⟦Ian Sams, porte-parole de la Maison Blanche, a "
                "écrit⟧ dans la lettre."),
    ),
    good=(
        "« Il n’y a pas de trahison », a déclaré le chef du Pentagone.",
        "Le Kremlin a déclaré dans un communiqué que la conversation avait été constructive.",
        "Interrogé par l’AFP, le ministère n’a pas répondu.",
        "« Nous verrons », a-t-il ajouté, et le ministre a déclaré qu’il partirait.",
        "Après la réunion, le ministre a annoncé sa démission.",
        "« Je pars. » Il a dit cela sans sourire.",
    ),
    authority=_BDL,
)
def attribution_without_inversion(ctx: Context) -> Iterator[Hit]:
    view = ctx.view
    prose = view.text  # markup left out: « …&nbsp;&raquo;, <em>il a ajouté</em> »
    for seg in ctx.french_segments:
        lo, hi = view.bounds(seg)
        stray = _STRAY_ATTRIBUTION.match(prose, lo, hi)
        if stray and re.search(_CLOSE_Q + r"\.?[ \u00a0\u202f]*$",
                               prose[max(0, lo - 5):lo]):
            subj, aux = stray.group("subj").lower(), stray.group("aux")
            yield Hit(*view.doc_span(stray.start(), stray.end("verb")),
                      f"`{stray.group(0).strip()}` after a quotation: probably an English "
                      "attribution ('he said') left as a sentence of its own; French attaches "
                      "it to the quotation with inversion.",
                      suggestion=f"« … », {aux}-t-{subj} {stray.group('verb')}."
                      if aux == "a" else f"« … », {aux}-{subj} {stray.group('verb')}.")
            continue
        for m in _ATTRIBUTION.finditer(prose, lo, hi):
            tail = m.group("tail").strip()
            if tail and (tail.split()[0].lower() not in _TAIL_OPENERS
                         or re.search(r"\bqu(?:e|’|')", tail)):
                continue
            quoted = m.group("lead") != ","
            if not quoted:
                before = prose[lo:m.start()]
                # A clause must precede the comma: "Interrogé par l’AFP, le ministère a
                # confirmé." is an ordinary sentence, not a postponed attribution.
                if len(before.split()) < 5 or not _FINITE_CLUE.search(before):
                    continue
            subj, verb = m.group("subj"), m.group("verb")
            aux = m.group("aux")
            start, end = view.doc_span(m.start("subj"), m.end("verb"))
            if subj in ("il", "elle", "ils", "elles"):
                rewrite = f"{aux}-t-{subj} {verb}" if aux == "a" else f"{aux}-{subj} {verb}"
            else:
                first, _, rest = subj.partition(" ")
                subj_lower = (first.lower() + (" " + rest if rest else "")
                              if first in ("Le", "La", "Les", "Un", "Une", "Son", "Sa", "Ses",
                                           "Leur", "Ce", "Cet", "Cette")
                              else subj)
                if subj_lower[:2] in ("L’", "L'"):
                    subj_lower = "l" + subj_lower[1:]
                rewrite = f"{aux} {verb} {subj_lower.rstrip(',')}"
            yield Hit(start, end,
                      f"Attribution in English order (`{m.group(0).strip(' ,»')}` ← '… the "
                      f"spokesman said'): after the words it reports, French inverts the "
                      f"subject of the reporting verb.",
                      suggestion=rewrite)


# --- W003 ---------------------------------------------------------------------------------

_FOR_X_FOR_V = lazy_re(
    r"\b(?:(?:moment|temps|heure)" + _SP + r"+(?:est|était|serait|sera)" + _SP
    + r"+venue?|(?:il|ce)" + _SP + r"+(?:est|était|serait|sera)" + _SP
    + r"+(?:temps|important|nécessaire|essentiel|crucial|urgent|vital|difficile|possible"
    r"|impossible|facile|normal|logique|utile)|(?:c’|c')(?:est|était)" + _SP
    + r"+(?:le moment|l’heure|l'heure|le temps))"
    + _SP + r"+pour" + _SP + r"+(?:[^\s,.;:!?]+" + _SP + r"+){1,8}?(?P<pour>pour)(?P<sp>"
    + _SP + r"+)(?P<verb>[a-zà-ÿ’'-]+(?:er|ir|re|oir))\b"
)


@rule(
    code="W003",
    name="pour-x-pour-infinitive",
    category=Category.PHRASING,
    severity=Severity.MAJOR,
    summary="« le moment est venu pour X pour V », « il est important pour X pour V »: the "
            "English \"for X to V\" with `pour` twice.",
    explanation="""English introduces the subject of an infinitive with "for" ("the time has
    come for Russia and the United States to work together"). French introduces the
    infinitive with de after these expressions: le moment est venu pour la Russie et les
    États-Unis de travailler ensemble; il est important pour l’Europe d’agir.""",
    bad=(
        Example("le moment est venu pour la Russie et les États-Unis ⟦pour⟧ travailler "
                "ensemble.", fix="de"),
        Example("il est important pour l’Europe ⟦pour ⟧agir vite.", fix="d’"),
    ),
    good=(
        "le moment est venu pour la Russie et les États-Unis de travailler ensemble.",
        "Il est temps pour l’Europe d’agir.",
        "Il a voté pour le texte pour protester contre la réforme.",
    ),
    fixable=True,
    authority=_BDL,
)
def pour_x_pour_infinitive(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_FOR_X_FOR_V):
        verb = m.group("verb")
        if verb[0] in "aeiouyàâéèêîïôûh":
            start, end, fix = m.start("pour"), m.end("sp"), "d’"
        else:
            start, end, fix = m.start("pour"), m.end("pour"), "de"
        yield Hit(start, end, "Second `pour` before the infinitive: probably a literal "
                  "rendering of 'for X to V'; French introduces this infinitive with `de`.",
                  replacement=fix)


# --- W004 ---------------------------------------------------------------------------------

_BE_OF_QUOTED_NOUN = lazy_re(
    r"\b(?:est|était|sera|serait|sont|étaient)" + _SP + r"+(?P<span>de" + _SP + r"*" + _OPEN_Q
    + _SP + r"*[\w’'-]+" + _SP + r"*" + _CLOSE_Q + _SP + r"*(?:que|qu’|qu')(?![\w]))"
)


@rule(
    code="W004",
    name="etre-de-quoted-noun-que",
    category=Category.PHRASING,
    severity=Severity.MAJOR,
    summary="`est de « N » que`: an English \"is one of N that\" / \"is a N that\" kept word "
            "for word.",
    explanation="""« L’appel est de « reconnaissance » que Washington veut la paix » renders
    "the call is one of 'recognition' that…": être de + a quoted noun cannot introduce a
    que-clause in French. Rewrite with a verb (l’appel revient à reconnaître que…, l’appel
    montre que…).""",
    bad=(Example("L’appel avec Poutine est ⟦de «reconnaissance» que⟧ Washington veut la "
                 "paix."),),
    good=("Le but est de « reconnaître » la réalité.",
          "L’appel revient à reconnaître que Washington veut la paix."),
    authority=_BDL,
)
def etre_de_quoted_noun_que(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_BE_OF_QUOTED_NOUN):
        yield Hit(m.start("span"), m.end("span"),
                  "`être de « N » que` is probably a literal rendering of 'is one of N that'; "
                  "French needs a verb here.",
                  suggestion="revient à reconnaître que / montre que")


# --- W005 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Calque:
    """A literal construction: the pattern, its likely English source and a French rewrite."""

    pattern: Pattern
    english: str
    suggestion: str
    severity: Severity


CALQUES: tuple[Calque, ...] = (
    Calque(lazy_re(r"\b[Ii]l" + _SP + r"+(?:est|a été)" + _SP
                      + r"+(?:rapporté|signalé|annoncé|indiqué|déclaré|écrit)" + _SP
                      + r"+par\b"),
           "it is reported by", "X rapporte que… / selon X, …", Severity.MAJOR),
    Calque(lazy_re(r"\b[Ii]l" + _SP + r"+est" + _SP + r"+compris" + _SP
                      + r"+(?:que|qu’|qu')"),
           "it is understood that", "on croit savoir que… / selon nos informations, …",
           Severity.MAJOR),
    # Both are also native French ("il est reconnu que le tabac…"): minor, a hint to reread.
    Calque(lazy_re(r"\b[Ii]l" + _SP + r"+est" + _SP + r"+(?:reconnu|entendu)" + _SP
                      + r"+(?:que|qu’|qu')"),
           "it is recognised / understood that", "chacun reconnaît que… / on sait que…",
           Severity.MINOR),
    Calque(lazy_re(r"\bexprimé" + _SP + r"+(?:sa|leur|son)" + _SP + r"+(?:confiance|espoir)"
                      + _SP + r"+(?:que|qu’|qu')"),
           "expressed confidence that", "s’est dit convaincu que… / a dit espérer que…",
           Severity.MAJOR),
    Calque(lazy_re(r"\bvies" + _SP + r"+(?:ont|avaient)" + _SP + r"+été" + _SP
                      + r"+perdues\b"),
           "lives were lost", "… personnes ont perdu la vie / ont été tuées", Severity.MAJOR),
    Calque(lazy_re(r"\binvestie?s?" + _SP + r"+et" + _SP + r"+intéressée?s?" + _SP
                      + r"+(?:par|dans|à)\b"),
           "invested and interested in", "attachés à… / qui tiennent à…", Severity.MAJOR),
)


@rule(
    code="W005",
    name="calque-construction",
    category=Category.PHRASING,
    severity=Severity.MAJOR,
    summary="Literal constructions from English: `il est rapporté par`, `il est compris "
            "que`, `il est reconnu que`, `investis et intéressés par`, `exprimé sa confiance "
            "que`, `des vies ont été perdues`.",
    explanation="""Impersonal passives ("it is reported by the newspaper", "it is understood
    that") and emotional "invested in" are English turns that French expresses actively: le
    journal rapporte que…, selon nos informations…, attachés à la paix. `il est reconnu que`
    and `il est entendu que` also exist in native French, so they are only a minor hint.""",
    bad=(
        Example("⟦Il est rapporté par⟧ le journal français Figaro."),
        Example("⟦Il est compris que⟧ le ministre démissionnera."),
        Example("⟦Il est reconnu que⟧ le monde entier veut la paix."),
        Example("les États-Unis sont ⟦investis et intéressés par⟧ la paix."),
        Example("Il a ⟦exprimé sa confiance que⟧ l’année serait meilleure."),
        Example("Deux autres ⟦vies ont été perdues⟧ dans l’attaque."),
    ),
    good=("Le journal français Le Figaro rapporte que l’officier a parlé.",
          "Les États-Unis sont attachés à la paix.",
          "Il est reconnu comme un expert.",
          "Il a exprimé sa confiance dans la justice.",
          "Le bilan des vies perdues reste incertain."),
    authority=_BDL,
)
def calque_construction(ctx: Context) -> Iterator[Hit]:
    for calque in CALQUES:
        for m in ctx.finditer(calque.pattern):
            yield Hit(m.start(), m.end(),
                      f"`{m.group(0)}` is probably a literal rendering of '{calque.english}'.",
                      suggestion=calque.suggestion, severity=calque.severity)


# --- W006 ---------------------------------------------------------------------------------

_QUOTED_ADVERB_AFTER_SUBJECT = lazy_re(
    r"(?<![\w’'-])(?:qu’|qu')?(?:il|elle|ils|elles|on|nous|vous|je)" + _SP + r"+(?P<q>"
    + _OPEN_Q + _SP + r"*(?:[a-zà-ÿ]+ment|peut-être|bientôt|toujours|jamais|déjà|sans doute"
    r"|certes|sûrement)" + _SP + r"*" + _CLOSE_Q + r")"
)


@rule(
    code="W006",
    name="quoted-adverb-after-subject-pronoun",
    category=Category.PHRASING,
    severity=Severity.MAJOR,
    summary="A quoted adverb between a subject pronoun and its verb: `qu’il « probablement » "
            "rencontrerait`.",
    explanation="""English can put a quoted adverb before the verb ("he would 'probably' meet
    Putin"); in French a subject pronoun is followed directly by its verb (or ne and object
    pronouns), and an adverb comes after the conjugated verb: qu’il rencontrerait
    « probablement » Poutine.""",
    bad=(Example("ajoutant qu’il ⟦« probablement »⟧ rencontrerait Poutine."),),
    good=("ajoutant qu’il rencontrerait « probablement » Poutine.",
          "Il a promis d’agir « rapidement »."),
    authority=_BDL,
)
def quoted_adverb_after_subject_pronoun(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_QUOTED_ADVERB_AFTER_SUBJECT):
        yield Hit(m.start("q"), m.end("q"),
                  f"Quoted adverb {m.group('q')} between the subject pronoun and its verb: "
                  "probably English word order ('he would \"probably\" meet'); in French the "
                  "adverb follows the conjugated verb.")


# --- W007 ---------------------------------------------------------------------------------

_DETERMINER_AHEAD = (r"(?:[Ll]e|[Ll]a|[Ll]es|[Uu]n|[Uu]ne|[Ss]on|[Ss]a|[Ss]es|[Cc]e|[Cc]es"
                     r"|[Cc]ette|[Ll]eur|[Ll]eurs)" + _SP + r"|[Ll][’']")
_QUOTED_WORD_AS_VERB = lazy_re(
    r"\b(?:n’|n')?(?:est|était|sont|étaient)(?:" + _SP + r"+pas)?" + _SP + r"+(?P<q>"
    + _OPEN_Q + _SP + r"*[a-zà-ÿ’'-]+" + _SP + r"*" + _CLOSE_Q + r")" + _SP
    + r"+(?=" + _DETERMINER_AHEAD + r"|(?:"
    + alternation((n.text for n in lexicon.NAMES), escape=True)
    + r")\b)"
)


@rule(
    code="W007",
    name="quoted-word-instead-of-verb",
    category=Category.PHRASING,
    severity=Severity.MAJOR,
    summary="`n’est pas « traître » l’Ukraine`: être + a quoted noun or adjective followed by "
            "a direct object, where English had a verb (\"is not 'betraying' Ukraine\").",
    explanation="""An English progressive ("is not betraying Ukraine") translated word by word
    gives être + a noun or adjective, which cannot take a direct object in French. The clause
    needs a conjugated verb: Trump ne trahit pas l’Ukraine.""",
    bad=(Example("Donald Trump n’est pas ⟦« traître »⟧ l’Ukraine et poursuit la paix."),),
    good=("Donald Trump ne trahit pas l’Ukraine et poursuit la paix.",
          "Pour lui, ce n’est pas « fini », la guerre continue.",
          "Le ton est « apaisé » : la réunion a duré deux heures."),
    authority=_BDL,
)
def quoted_word_instead_of_verb(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_QUOTED_WORD_AS_VERB):
        yield Hit(m.start("q"), m.end("q"),
                  f"être + {m.group('q')} followed by a direct object: probably a literal "
                  "rendering of an English progressive ('is not \"betraying\" X'); French "
                  "needs a conjugated verb (ne trahit pas…).")


# --- W008 ---------------------------------------------------------------------------------

_CAPITALISED_INCISE = lazy_re(
    r"(?:" + _CLOSE_Q + _SP + r"*,?|,[ \u00a0\u202f]*" + _CLOSE_Q + r")" + _SP + r"*"
    r"(?P<verb>Note|Écrit|Ajoute|Souligne|Déclare|Précise|Indique|Affirme|Dit|Explique|Estime"
    r"|Rapporte|Conclut|Poursuit|Insiste|Assure|Rappelle|Commente)(?=" + _SP
    + r"+(?:l[’']|le|la|les|un|une|son|sa|ses|[A-ZÉ])|-t-|-il|-elle)"
)


@rule(
    code="W008",
    name="capitalised-reporting-verb-after-quote",
    category=Category.PHRASING,
    severity=Severity.MAJOR,
    summary="A capitalised reporting verb opening an inverted attribution after a quotation: "
            "`», Note l’article.`",
    explanation="""In « … », note l’article, the attribution continues the sentence and its
    verb is in lower case. A capital shows the translation treated the attribution as a new
    sentence, as English does after a closing quotation mark.""",
    bad=(Example("« Ils n’ont pas donné de signes de vie », ⟦Note⟧ l’article.", fix="note"),
         Example("« C’est fini », ⟦Ajoute⟧-t-il.", fix="ajoute")),
    good=("« Ils n’ont pas donné de signes de vie », note l’article.",
          "Il a lu « Guerre et Paix ». Note de l’éditeur : le roman est long."),
    fixable=True,
    authority=_BDL,
)
def capitalised_reporting_verb_after_quote(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_CAPITALISED_INCISE):
        verb = m.group("verb")
        yield Hit(m.start("verb"), m.end("verb"),
                  f"Capitalised `{verb}` opens an attribution after a quotation; the incise "
                  "continues the sentence in lower case.",
                  replacement=verb.lower())


# --- W009 ---------------------------------------------------------------------------------

_PRESENT_REPORTING = (
    "déclare|dit|affirme|ajoute|indique|souligne|explique|précise|estime|assure|avertit"
    "|note|insiste|martèle|poursuit|conclut|commente")
_DOUBLE_ATTRIBUTION = lazy_re(
    r"(?<![\w-])(?P<first>(?:a|ont|avait|avaient)" + _SP + r"+(?:" + REPORTING_PARTICIPLES
    + r")|(?:" + _PRESENT_REPORTING + r"))\b(?![-’'])"
    r"[^.!?…«»\"“”:;\n]{0,120}:" + _SP + r"*" + _OPEN_Q
    + r"[^«»\"“”\n]{3,800}" + _CLOSE_Q + _SP + r"*," + _SP + r"*"
    r"(?P<second>(?:(?:a|ont|avait|avaient)-t?-?(?:il|elle|ils|elles)" + _SP + r"+(?:"
    + REPORTING_PARTICIPLES + r")|(?:" + _PRESENT_REPORTING + r")-(?:t-)?(?:il|elle|ils|elles)"
    r"))\b"
)


@rule(
    code="W009",
    name="quotation-attributed-twice",
    category=Category.PHRASING,
    severity=Severity.MAJOR,
    summary="A quotation introduced by a reporting verb and a colon, then attributed again "
            "after it: `a déclaré : « … », a-t-il déclaré`.",
    explanation="""French attributes a quotation once: either before it (Il a déclaré :
    « … ».) or in an incise after it (« … », a-t-il déclaré). Both at once is a sentence
    joined from two renderings — a German source (sagte er nach dem Zitat) or an English one
    whose attribution the machine translation repeated.""",
    bad=(Example("Le procureur a déclaré lors d’une interview : « Nous avons des preuves », "
                 "⟦a-t-il déclaré⟧."),
         Example("La ministre explique : « Rien n’est décidé », ⟦ajoute-t-elle⟧."),),
    good=("Le procureur a déclaré lors d’une interview : « Nous avons des preuves ».",
          "« Nous avons des preuves », a déclaré le procureur lors d’une interview.",
          "Il a déclaré : « Nous verrons. » « Rien n’est décidé », a-t-il ajouté.",
          "Il a rappelé la règle : les « délais », a-t-il dit, sont impératifs."),
    authority=_BDL,
)
def quotation_attributed_twice(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_DOUBLE_ATTRIBUTION):
        yield Hit(m.start("second"), m.end("second"),
                  f"The quotation is attributed twice: `{m.group('first')} … :` before it and "
                  f"`{m.group('second')}` after it; French keeps one of the two.")
