"""Conventions French never shares with English: dates, ordinals, hours, money, country genders.

A translation engine rewrites words but often keeps the *format* of what it does not read as
words: `March 3, 2023` becomes `mars 3, 2023`, `the 3rd` becomes `le 3rd`, `3 p.m.` stays,
`$5 million` becomes `$5 millions`. None of these occurs in native French, where the day comes
before the month (`le 3 mars 2023`), ordinals are written `3e` / `1er`, hours on the 24-hour
clock (`15 h`) and the currency symbol after the amount (`5 millions de dollars`, `5 M$`).
Sources: Imprimerie nationale, *Lexique des règles typographiques* (« Dates », « Heures »,
« Nombres ordinaux », « Unités monétaires »); OQLF, *Banque de dépannage linguistique*
(« Écriture de la date », « Écriture de l'heure », « Abréviations des adjectifs numéraux
ordinaux », « Symboles des unités monétaires »).

Country names take a fixed gender and article in French (la France, le Canada, en Russie, au
Japon); the list is the official one: *Recommandation concernant les noms d'États,
d'habitants, de capitales, de sièges diplomatiques ou consulaires*, Journal officiel de la
République française, 24 septembre 2008 (Commission générale de terminologie), and OQLF, BDL
« Prépositions devant les noms de pays » (en before a feminine name or a masculine one that
begins with a vowel; au before a masculine one that begins with a consonant).
"""

from __future__ import annotations

from collections.abc import Iterator

from mtaudit.core.document import Category, Severity
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule

_SP = r"[ \u00a0\u202f]"
_TYPO = ("Imprimerie nationale, Lexique des règles typographiques; OQLF, Banque de dépannage "
         "linguistique")
_MONTHS = ("janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre"
           "|décembre")

#: `mars 3, 2023`, `mars 3 2023`, `le 3rd`, `3 p.m.` — English formats of dates and hours.
_ENGLISH_DATE = lazy_re(
    rf"(?i:\b(?P<month>{_MONTHS}){_SP}(?P<day>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
    rf"(?:,{_SP}?|{_SP})(?P<year>1[89]\d\d|20\d\d)\b)"
    r"|(?<![\w.,])(?P<ord>\d{1,4})(?P<suffix>st|nd|rd|th)\b"
    rf"|(?<![\w.,:])(?P<hour>1[0-2]|0?[1-9])(?:[:.](?P<minute>[0-5]\d))?{_SP}?"
    r"(?P<half>[ap]\.m\.|[ap]m\b)")


@rule(
    code="T030",
    name="english-date-ordinal-or-hour",
    category=Category.TYPOGRAPHY,
    severity=Severity.MAJOR,
    summary="A date, ordinal or hour in English format: `mars 3, 2023`, `le 3rd`, `3 p.m.`.",
    explanation="""French writes the day before the month and no comma before the year (le 3
    mars 2023), abbreviates ordinals with e or er (3e, 1er — never 3rd or 1st) and gives the
    hour on the 24-hour clock (15 h, 15 h 30). English order and suffixes left in French copy
    are the format of the source text carried through by the translation, not a house style:
    no native French publication writes them.""",
    bad=(
        Example("Le sommet s’est tenu le ⟦mars 3, 2023⟧ à Bruxelles.", fix="3 mars 2023"),
        Example("Il a fini ⟦3rd⟧ de la course.", fix="3e"),
        Example("La réunion commence à ⟦3 p.m.⟧ heure locale."),
        Example("Les secours sont arrivés vers ⟦10:30 am⟧ selon la police."),
    ),
    good=(
        "Le sommet s’est tenu le 3 mars 2023 à Bruxelles.",
        "Il a fini 3e de la course, le 1er mars, à 15 h 30.",
        "En mars 2023, 12 personnes ont été arrêtées ; en mai 10 000 soldats.",
        "Il est arrivé le 21 mars, 2023 ayant été une année difficile.",
        "La réunion est prévue à 10:30 à Bruxelles.",
    ),
    fixable=True,
    authority=_TYPO,
)
def english_date_ordinal_or_hour(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_ENGLISH_DATE):
        if m.group("month"):
            fix = f"{m.group('day')} {m.group('month')} {m.group('year')}"
            yield Hit(m.start(), m.end(), f"`{m.group()}`: English date order; French writes "
                      f"the day first, with no comma: {fix}.", replacement=fix)
        elif m.group("ord"):
            n = m.group("ord")
            if n == "1":  # 1er or 1re: the gender decides
                yield Hit(m.start(), m.end(), f"`{m.group()}`: English ordinal suffix; French "
                          "writes 1er (masculine) or 1re (feminine).", suggestion="1er, 1re")
                continue
            yield Hit(m.start(), m.end(), f"`{m.group()}`: English ordinal suffix; French "
                      f"abbreviates ordinals {n}e.", replacement=f"{n}e")
        else:
            yield Hit(m.start(), m.end(), f"`{m.group()}`: English 12-hour time; French uses "
                      "the 24-hour clock (15 h, 15 h 30).",
                      suggestion="the 24-hour clock: 15 h, 15 h 30")


#: `$5`, `US$ 3,2`, `£40`, `€12` — the symbol before the amount, English order.
_SYMBOL_FIRST = lazy_re(r"(?<![\w$£€])(?:US|CA|C|A|HK)?[$£€]" + _SP
                        + r"?\d+(?:[.,\u202f\u00a0]\d+)*")


@rule(
    code="T031",
    name="currency-symbol-before-amount",
    category=Category.TYPOGRAPHY,
    severity=Severity.MAJOR,
    summary="A currency symbol before the amount (`$5 millions`, `£40`), English order.",
    explanation="""In French the currency symbol follows the amount, after a no-break space
    (5 $, 40 £, 12 €), and running text usually spells the unit out (5 millions de dollars).
    `$5 millions` keeps the English order of the source; French copy written in French does
    not produce it.""",
    bad=(
        Example("Le contrat vaut ⟦$5⟧ millions selon le ministère."),
        Example("Le billet coûte ⟦£40⟧ à Londres."),
        Example("Un prêt de ⟦US$ 3,2⟧ milliards a été accordé."),
    ),
    good=(
        "Le contrat vaut 5 millions de dollars selon le ministère.",
        "Le billet coûte 40 £ à Londres et 12 € à Paris ; le prêt atteint 3,2 G$.",
        "Le symbole $ désigne le dollar.",
    ),
    authority=_TYPO,
)
def currency_symbol_before_amount(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_SYMBOL_FIRST):
        yield Hit(m.start(), m.end(), "Currency symbol before the amount (English order); "
                  "French writes 5 millions de dollars or 5 M$, 40 £.",
                  suggestion="the amount, then the unit: 5 millions de dollars, 40 £")


# Country names with a fixed article (JO, 24 September 2008). Names that are also a demonym
# (le Suisse Roger Federer), a ship or a match (le France, le France-Allemagne) are left out or
# guarded; names without an article (Israël, Cuba, Chypre, Malte, Monaco) are not listed.
_FEMININE = """
    France Russie Ukraine Chine Allemagne Pologne Belgique Italie Espagne Turquie Syrie Grèce
    Hongrie Roumanie Bulgarie Serbie Croatie Suède Norvège Finlande Biélorussie Moldavie
    Lituanie Lettonie Estonie Autriche Irlande Inde Indonésie Jordanie Libye Tunisie Algérie
    Égypte Éthiopie Somalie Australie Argentine Colombie Bolivie Arménie Tchéquie Slovaquie
    Slovénie Albanie Mongolie Thaïlande Malaisie Birmanie Nouvelle-Zélande Palestine
    Géorgie Macédoine Bosnie Mauritanie Zambie Tanzanie Ouganda Namibie Guinée Érythrée
    """.split()
_MASCULINE_CONSONANT = """
    Canada Japon Brésil Mexique Portugal Danemark Royaume-Uni Liban Maroc Pakistan Kazakhstan
    Venezuela Chili Pérou Qatar Yémen Soudan Sénégal Vietnam Cambodge Cameroun Kenya Congo
    Bangladesh Népal Tchad Mali Nigeria Ghana Bénin Togo Gabon Zimbabwe Mozambique Rwanda
    Burundi Kosovo Monténégro Bélarus Turkménistan Tadjikistan Kirghizistan Guatemala Honduras
    Nicaragua Paraguay Koweït
    """.split()
_FEM = "|".join(_FEMININE)
_MASC = "|".join(_MASCULINE_CONSONANT)
#: `le France 2`, `le Russie unie`: a channel or a party named after the country.
_NAMED_AFTER = rf"(?!{_SP}(?:\d|Inter\b|Info\b|Télévisions|Culture|Bleu|Ô|unie))"
_COUNTRY_ARTICLE = lazy_re(
    rf"\b(?P<masc_art>[Ll]e|[Dd]u|[Aa]u){_SP}(?P<fem>{_FEM})\b(?![-‑’']){_NAMED_AFTER}"
    rf"|\b(?P<fem_art>[Ll]a){_SP}(?P<masc>{_MASC})\b(?![-‑’'])"
    rf"|\b(?P<en>[Ee]n){_SP}(?P<masc_en>{_MASC})\b(?![-‑’'])")
_ELIDED = tuple("AEIOUÉÈÊÂÎÔÛ")


def _feminine_fix(article: str, country: str) -> str:
    lower = article.lower()
    art = {"le": "la ", "du": "de la ", "au": "en "}[lower]
    if lower in ("le", "du") and country.startswith(_ELIDED):
        art = {"le": "l’", "du": "de l’"}[lower]
    if article[0].isupper():
        art = art[0].upper() + art[1:]
    return art + country


@rule(
    code="G030",
    name="country-name-with-wrong-article",
    category=Category.GRAMMAR,
    severity=Severity.MAJOR,
    summary="A country name with the article or preposition of the other gender: "
            "`le Russie`, `la Canada`, `en Japon`.",
    explanation="""Country names have a fixed gender in French: la France, la Russie,
    l’Ukraine; le Canada, le Japon, le Brésil. The preposition follows it: en before a
    feminine name (en Russie), au before a masculine one beginning with a consonant (au
    Japon). English has no gender and no article before country names, and a translation
    that guesses gets it wrong; native writers never do.""",
    bad=(
        Example("Les sanctions contre ⟦le Russie⟧ ont été prolongées.", fix="la Russie"),
        Example("Le ministre s’est rendu ⟦en Japon⟧ la semaine dernière.", fix="au Japon"),
        Example("Les élections de ⟦la Canada⟧ auront lieu en octobre.", fix="le Canada"),
        Example("Il est revenu ⟦du Ukraine⟧ hier.", fix="de l’Ukraine"),
    ),
    good=(
        "Les sanctions contre la Russie ont été prolongées ; le ministre est au Japon.",
        "Le France-Allemagne de samedi a été reporté ; le Suisse Roger Federer a gagné.",
        "Il est revenu d’Ukraine hier et repart en Iran, puis au Canada et en France.",
        "Il l’a dit sur le France 2 de 20 heures, au nom du Russie unie local.",
    ),
    fixable=True,
    authority=("Journal officiel, Recommandation concernant les noms d'États, d'habitants, de "
               "capitales (24 septembre 2008); OQLF, BDL, Prépositions devant les noms de pays"),
)
def country_name_with_wrong_article(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_COUNTRY_ARTICLE):
        if m.group("fem"):
            fix = _feminine_fix(m.group("masc_art"), m.group("fem"))
            msg = f"`{m.group('fem')}` is feminine in French: {fix}."
        elif m.group("masc"):
            art = "Le" if m.group("fem_art")[0].isupper() else "le"
            fix = f"{art} {m.group('masc')}"
            msg = f"`{m.group('masc')}` is masculine in French: {fix}."
        else:
            art = "Au" if m.group("en")[0].isupper() else "au"
            fix = f"{art} {m.group('masc_en')}"
            msg = (f"`{m.group('masc_en')}` is masculine and begins with a consonant: "
                   f"{fix}, not en.")
        yield Hit(m.start(), m.end(), msg, replacement=fix)
