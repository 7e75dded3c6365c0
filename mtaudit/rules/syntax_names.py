"""Syntax traces of MT, names: an article before a person's name (G010), the gender of an
acronym or a title (G011).  Authorities and method: see ``mtaudit.rules.syntax``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtaudit.core.document import Category, Severity
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule
from mtaudit.rules.syntax import LOW, SP, UP, case_evidence, lexicon
from mtaudit.text.patterns import alternation

# --- G010 article-before-person-name ------------------------------------------------------

_NAME_WORD = rf"[{UP}][{LOW}]+(?:-[{UP}][{LOW}]+)?"
#: A person named in full (first name and surname) or with a title: evidence that a surname
#: is a person's.
_PERSON = lazy_re(
    rf"(?<![\w’'.-])(?:(?P<first>{_NAME_WORD})|(?P<title>M\.|Mme|Monsieur|Madame|Mlle"
    rf"|président|présidente|ministre|chancelier|chancelière|Premier ministre|Première ministre"
    rf"|dirigeant|dirigeante|sénateur|sénatrice|député|députée|général|leader)){SP}+"
    rf"(?P<surname>[{UP}][{LOW}]+(?:-[{UP}][{LOW}]+)?)(?![\w’'-])")
_ARTICLE_NAME = lazy_re(
    rf"(?<![\w’'-])(?P<art>le|la|l’|l'){SP}*(?<=[ \u00a0\u202f’'])"
    rf"(?P<surname>[{UP}][{LOW}]+(?:-[{UP}][{LOW}]+)?)(?![\w’'-])")
#: Capitalised words that open a sentence or a title and are no first names.
_NOT_FIRST = frozenset(
    "Le La Les Un Une Des Et Mais Ou Donc Or Ni Car Selon Pour Par Avec Sans Sous Sur Dans En "
    "Après Avant Pendant Depuis Ainsi Alors Quand Si Lorsque Puisque Comme Chez Contre Vers "
    "Entre Face Outre Hier Déjà Enfin Puis Ensuite Aussi Même Cependant Toutefois Pourtant "
    "Certes Président Présidente Ministre Premier Première Général Maison Place Rue Avenue "
    "Union Parti Front Conseil Cour Banque Fondation Institut Université Saint Sainte "
    "Monsieur Madame Nord Sud Est Ouest Grand Grande Haut Haute Nouvelle Nouveau".split())
#: Women artists named with the article by a long tradition (Académie française, « la
#: Callas »), and surnames that are also common names of things.
_ANTONOMASTIC = frozenset("Callas Malibran Piaf Duse Castafiore Champmeslé Clairon".split())


@rule(
    code="G010",
    name="article-before-person-name",
    category=Category.GRAMMAR,
    severity=Severity.MAJOR,
    summary="A definite article before the surname of a person named elsewhere in the "
            "article: `la Meloni`, `le Poutine` (Italian or regional usage).",
    explanation="""In French a person's name takes no article (Giorgia Meloni, Meloni, Mme
    Meloni). Italian puts one before women's surnames (la Meloni) and colloquial German or
    regional speech before any name; machine translation carries it over. The article is
    right when the name is restricted (le Trump de 2016, le jeune Macron) or for a few great
    singers by tradition (la Callas): names followed by a complement, and those, are left
    alone. Only surnames that the article names as persons elsewhere (with a first name or a
    title) are checked.""",
    bad=(
        Example("Giorgia Meloni était à Bruxelles. Ensuite ⟦la Meloni⟧ a rencontré les "
                "syndicats.", fix="Meloni"),
        Example("Le président Poutine a parlé longtemps, mais ⟦le Poutine⟧ n’a rien promis.",
                fix="Poutine"),
    ),
    # The last example needs the case guard: `Guerre` is written in lower case in the text.
    good=(
        "Donald Trump a changé : le Trump de 2016 n’est plus celui de 2024.",
        "Maria Callas chantait Norma ; la Callas reste inégalée.",
        "Marine Le Pen et Bruno Le Maire ont débattu ; Le Pen a attaqué.",
        "Henry Ford a fondé l’entreprise. La Maison Blanche a réagi.",
        "Giorgia Meloni a parlé ; la Meloni de la campagne était plus dure.",
        "Guerre Hamas – Israël : la guerre continue, le Hamas refuse la trêve.",
    ),
    fixable=True,
    authority="Grevisse & Goosse, Le Bon Usage, § 587; Académie française, Dire, ne pas dire",
)
def article_before_person_name(ctx: Context) -> Iterator[Hit]:
    persons: set[str] = set()
    lower_forms, _ = case_evidence(ctx)
    for m in ctx.finditer(_PERSON):
        first = m.group("first")
        if first is not None and (first in _NOT_FIRST or lexicon.lookup(first)
                                  or first.lower() in lower_forms):
            continue  # « Guerre Hamas » in a title: `guerre` is a word of the text
        before = ctx.text[max(0, m.start() - 4):m.start()]
        if first is not None and re.search(r"(?:\b[Ll][ea]|[Ll][’'])\s*$", before):
            continue  # « la Maison Blanche », « le Parti Socialiste »: a name with its article
        persons.add(m.group("surname"))
    if not persons:
        return
    for m in ctx.finditer(_ARTICLE_NAME):
        surname = m.group("surname")
        if surname not in persons or surname in _ANTONOMASTIC or lexicon.lookup(surname):
            continue
        after = ctx.text[m.end():m.end() + 12]
        if re.match(rf"{SP}*(?:de|d’|d'|du|des|qui|que|qu’|qu')\b|{SP}+[{UP}0-9]", after):
            continue  # « le Trump de 2016 », « la Meloni qui… » (restrictive), « la Ford Mustang »
        yield Hit(m.start(), m.end(),
                  f"`{m.group(0)}`: in French a person's name takes no article (an Italian "
                  "or regional habit carried over by translation).",
                  replacement=surname)


# --- G011 gender-of-acronym-or-title ------------------------------------------------------

#: Acronyms and their gender, which is that of the head noun they abbreviate (OQLF, Banque
#: de dépannage linguistique, « Genre des sigles »): l’Organisation (f.) du traité de
#: l’Atlantique Nord, le Fonds (m.) monétaire international.
ACRONYM_GENDER = {
    "CIA": "f", "NSA": "f", "BCE": "f", "BBC": "f", "CPI": "f", "CIJ": "f", "FAO": "f",
    "CEI": "f", "CDU": "f", "CSU": "f", "SNCF": "f", "BERD": "f", "CEDEAO": "f", "OTSC": "f",
    "DGSE": "f", "DGSI": "f", "CGT": "f", "CFDT": "f", "NASA": "f", "RATP": "f",
    "FMI": "m", "FBI": "m", "KGB": "m", "FSB": "m", "GRU": "m", "SBU": "m", "SVR": "m",
    "PIB": "m", "PNUD": "m", "HCR": "m", "CICR": "m", "CNRS": "m", "CIO": "m", "PS": "m",
    "RN": "m", "PCF": "m", "SPD": "m", "NHS": "m", "MI6": "m", "NKVD": "m", "PKK": "m",
    "G7": "m", "G20": "m", "TGV": "m", "PCUS": "m", "CNN": "f",
}
_DET_GENDER = {"le": "m", "la": "f", "du": "m", "au": "m", "ce": "m", "cet": "m",
               "cette": "f", "un": "m", "une": "f"}
_ACRONYM_DET = lazy_re(
    r"(?<![\w’'-])(?P<det>[Ll]e|[Ll]a|[Dd]u|[Aa]u|[Cc]e|[Cc]ette|[Uu]n|[Uu]ne)" + SP
    + r"+(?P<acr>" + alternation(ACRONYM_GENDER) + r")(?![\w-])")
#: Role nouns whose masculine and feminine forms differ, for a determiner of the other gender
#: (« la président », « le directrice »). Epicene nouns (ministre, juge, porte-parole) and
#: `député` (« Madame le député », long recommended) are left out.
_MASCULINE_ROLES = ("président|vice-président|directeur|ambassadeur|sénateur|chancelier"
                    "|conseiller|candidat|dirigeant|représentant|fondateur|procureur général"
                    "|avocat|envoyé|négociateur|rédacteur|correspondant|gouverneur")
_FEMININE_ROLES = ("présidente|vice-présidente|directrice|ambassadrice|sénatrice|chancelière"
                   "|conseillère|candidate|dirigeante|représentante|fondatrice|avocate"
                   "|envoyée|négociatrice|rédactrice|correspondante|Première ministre")
_ROLE_DET = lazy_re(
    rf"(?<![\w’'-])(?:(?P<fdet>[Ll]a|[Cc]ette|[Uu]ne){SP}+(?P<masc>{_MASCULINE_ROLES})"
    rf"|(?P<mdet>[Ll]e|[Cc]e|[Uu]n|[Dd]u|[Aa]u){SP}+(?P<fem>{_FEMININE_ROLES}))(?![\w’'-])")


@rule(
    code="G011",
    name="gender-of-acronym-or-title",
    category=Category.GRAMMAR,
    severity=Severity.MAJOR,
    summary="A determiner of the wrong gender before an acronym or a title: `le CIA`, `la "
            "FMI`, `la président`, `le directrice`.",
    explanation="""An acronym takes the gender of the noun it abbreviates: la CIA (l’Agence),
    le FMI (le Fonds), la BCE (la Banque), le FSB (le Service). English acronyms have no
    gender and Russian ones another, so machine translation guesses. Titles with distinct
    masculine and feminine forms agree with their determiner (la présidente, le directeur):
    a mixed pair (la président) shows a translation that lost the gender of the person.""",
    bad=(
        Example("Selon ⟦le CIA⟧, l’attaque était planifiée.", fix="la CIA"),
        Example("Il a obtenu un prêt de ⟦la FMI⟧ en mars.", fix="le FMI"),
        Example("⟦La président⟧ de la Commission a signé l’accord."),
        Example("Il a rencontré ⟦le directrice⟧ de l’agence."),
    ),
    good=(
        "Selon la CIA, l’attaque était planifiée ; le FMI et la BCE se taisent.",
        "La présidente de la Commission a rencontré le directeur du FBI.",
        "Madame le député a rejoint la ministre et la porte-parole.",
        "Il parle de la FMI-Watch, une ONG, et de la NHS Confederation.",
    ),
    fixable=True,
    authority="OQLF, Banque de dépannage linguistique, « Genre des sigles »; Grevisse & "
              "Goosse, Le Bon Usage, § 486",
)
def gender_of_acronym_or_title(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_ACRONYM_DET):
        det, acr = m.group("det"), m.group("acr")
        gender = ACRONYM_GENDER[acr]
        if _DET_GENDER[det.lower()] == gender:
            continue
        if re.match(rf"{SP}+[{UP}]", ctx.text[m.end():m.end() + 3]):
            continue  # the acronym modifies another name: « la NHS Confederation »
        right = _determiner_of_gender(det, gender)
        yield Hit(m.start(), m.end(),
                  f"`{m.group(0)}`: {acr} is {'feminine' if gender == 'f' else 'masculine'} "
                  "(an acronym takes the gender of the noun it abbreviates).",
                  replacement=f"{right} {acr}" if right else None)
    for m in ctx.finditer(_ROLE_DET):
        if m.group("fdet"):
            det, noun, kind = m.group("fdet"), m.group("masc"), "masculine"
        else:
            det, noun, kind = m.group("mdet"), m.group("fem"), "feminine"
        yield Hit(m.start(), m.end(),
                  f"`{m.group(0)}`: the determiner and the {kind} title `{noun}` disagree in "
                  "gender; the translation lost the gender of the person.")


def _determiner_of_gender(det: str, gender: str) -> str | None:
    lower = det.lower()
    table = {"m": {"la": "le", "cette": "ce", "une": "un"},
             "f": {"le": "la", "ce": "cette", "un": "une", "du": "de la", "au": "à la"}}
    right = table[gender].get(lower)
    if right is None:
        return None
    return right[0].upper() + right[1:] if det[0].isupper() else right
