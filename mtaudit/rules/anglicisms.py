"""English constructions rendered word for word: `être supposé faire`, `le plus grand dans le
monde`.

Both are documented calques of English syntax, not of a word: the knowledge base of lexical
calques (L003) matches words in context; these two are constructions around a grammatical
word, matched with a closed list of the forms involved.
"""

from __future__ import annotations

from collections.abc import Iterator

from mtaudit.core.document import Category, Severity
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule

_SP = r"[ \u00a0\u202f]"
_ETRE = ("suis|es|est|sommes|êtes|sont|étais|était|étions|étiez|étaient|serai|seras|sera"
         "|serons|serez|seront|serais|serait|serions|seriez|seraient|sois|soit|soient|été|être")
_CLITICS = r"(?:(?:le|la|les|lui|leur|y|en|se|me|te|nous|vous)" + _SP + r"+|[lsmt][’'])*"
#: `est supposé faire`: a present infinitive (not `avoir fait`, the legitimate « présumé »).
_SUPPOSE = lazy_re(
    rf"(?i:\b(?:{_ETRE}){_SP}+(?P<adj>supposée?s?){_SP}+{_CLITICS}"
    r"(?P<inf>[a-zà-ÿ]{2,}(?:er|ir|re|oir)))\b")
#: Words ending like an infinitive that are not one.
_NOT_INFINITIVE = frozenset("""
    hier premier dernier cher fier mer fer hiver leur pour sur par désir plaisir avenir souvenir
    loisir soir noir espoir entre contre notre votre autre lettre être avoir ordre titre mètre
    centre membre nombre chiffre cadre libre propre sombre vivre pire terre guerre père mère
    frère verre pierre gauche mieux moindre sept quatre tiers premier avoir
    """.split())


@rule(
    code="W030",
    name="etre-suppose-for-supposed-to",
    category=Category.PHRASING,
    severity=Severity.MAJOR,
    summary="`être supposé` + infinitive for English *to be supposed to*: "
            "`il est supposé arriver` for `il est censé arriver`.",
    explanation="""*To be supposed to* (an expectation or an obligation) is `être censé` in
    French: le rapport est censé paraître lundi. `Être supposé faire` renders the English
    word for word; the Académie française and the OQLF both list it as an anglicism. With a
    past infinitive (il est supposé avoir menti), supposé means « présumé » and is French: the
    rule leaves it alone.""",
    bad=(
        Example("Le rapport ⟦est supposé paraître⟧ lundi prochain.",
                fix="est censé paraître"),
        Example("Les troupes ⟦étaient supposées se retirer⟧ avant l’hiver.",
                fix="étaient censées se retirer"),
    ),
    good=(
        "Le rapport est censé paraître lundi prochain.",
        "L’homme est supposé avoir franchi la frontière dans la nuit.",
        "Il est supposé que la réunion aura lieu ; le supposé coupable est libre.",
    ),
    fixable=True,
    authority="Académie française, « Dire, ne pas dire » (Être supposé faire); OQLF, Banque "
              "de dépannage linguistique (Supposé)",
)
def etre_suppose_for_supposed_to(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_SUPPOSE):
        if m.group("inf").lower() in _NOT_INFINITIVE:
            continue
        text = m.group()
        adj = m.group("adj")
        fixed = text.replace(adj, "censé" + adj[len("supposé"):], 1)
        if adj[0].isupper():
            fixed = text.replace(adj, "Censé" + adj[len("supposé"):], 1)
        yield Hit(m.start(), m.end(), f"`{adj}` + infinitive renders English *supposed to*; "
                  "French says censé.", replacement=fixed)


#: `la plus grande économie dans le monde.` — the complement of a superlative after `dans`.
_SUPERLATIVE_DANS = lazy_re(
    rf"(?i:\b(?:le|la|les|l’|l')(?:{_SP}*)(?:plus|moins|pires?|meilleure?s?){_SP}+[a-zà-ÿ’'-]+"
    rf"(?:{_SP}+[a-zà-ÿ’'-]+){{0,3}}?{_SP}+(?P<dans>dans{_SP}+(?P<what>le{_SP}+monde"
    rf"|l[’']histoire|le{_SP}+pays)))(?={_SP}*(?:[,.;:!?)»]|$))", )


_PREPOSITIONS = frozenset("de des du à au aux en par pour avec sur chez contre".split())


@rule(
    code="W031",
    name="superlative-complement-with-dans",
    category=Category.PHRASING,
    severity=Severity.MAJOR,
    summary="The complement of a superlative introduced by `dans`, as English *in*: "
            "`la plus grande économie dans le monde`.",
    explanation="""French introduces the complement of a superlative with de: la plus grande
    économie du monde, la pire crise de l’histoire, la ville la plus peuplée du pays (Grevisse
    and Goosse, *Le Bon Usage*, « Le superlatif relatif »; au monde is also French). English
    says *in the world*, *in history*, *in the country*, and a word-for-word translation keeps
    `dans`. The rule only fires when the phrase ends the clause, so that `dans le monde de
    l’entreprise` or `dans le pays voisin` are left alone.""",
    bad=(
        Example("C’est la plus grande économie ⟦dans le monde⟧.", fix="du monde"),
        Example("Il s’agit de la pire crise ⟦dans l’histoire⟧, selon lui.",
                fix="de l’histoire"),
        Example("La ville la plus peuplée ⟦dans le pays⟧, Lagos, a voté.", fix="du pays"),
    ),
    good=(
        "C’est la plus grande économie du monde, la pire crise de l’histoire du pays.",
        "Le plus dur dans le monde de l’entreprise est de durer.",
        "Le plus souvent, il voyage dans le pays voisin ; il est le plus connu au monde.",
        "C’est la région qui compte le plus de cas dans le pays.",
    ),
    fixable=True,
    authority="M. Grevisse, A. Goosse, Le Bon Usage (le superlatif relatif)",
)
def superlative_complement_with_dans(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_SUPERLATIVE_DANS):
        between = ctx.text[m.start():m.start("dans")].lower().split()[2:]
        if any(w in _PREPOSITIONS or w.startswith(("d’", "d'")) for w in between):
            continue  # « le plus de cas dans le pays »: dans belongs to the noun
        what = m.group("what")
        rest = what.split(None, 1)[-1] if what.lower().startswith("le") else what[2:]
        fix = f"du {rest}" if what.lower().startswith("le") else f"de l’{rest}"
        yield Hit(m.start("dans"), m.end("dans"), f"`{m.group('dans')}` after a superlative: "
                  f"French introduces its complement with de ({fix}).", replacement=fix)
