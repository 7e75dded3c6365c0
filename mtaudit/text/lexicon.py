"""Gazetteer of names that take an article in French, with gender, number and elision.

French puts a definite article before most names of countries, regions and institutions
(l’Ukraine, la Russie, les États-Unis, le Kremlin, l’OTAN) where English has none
("betraying Ukraine", "Pentagon chief"). Machine translation often drops it. City names and a
few countries (Israël, Cuba, Chypre, Singapour…) take no article and are deliberately absent.
Authority: Académie française, *Dictionnaire*, 9e éd., and Banque de dépannage linguistique
(OQLF), « Noms de pays : emploi de l’article et des prépositions ».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mtaudit.text.patterns import alternation

_VOWELS = "AEIOUYÀÂÉÈÊËÎÏÔÖÙÛÜŒ"


@dataclass(frozen=True)
class Name:
    """A name as written in running text, without its article."""

    text: str
    gender: str  # "m" or "f"
    plural: bool = False
    aspirated_h: bool = False  # "la Hongrie", "le Honduras": no elision before this h

    @property
    def elides(self) -> bool:
        first = self.text[0].upper()
        return not self.plural and (first in _VOWELS or (first == "H" and not self.aspirated_h))

    @property
    def article(self) -> str:
        """The definite article as written before the name: ``l’``, ``la``, ``le``, ``les``."""
        if self.plural:
            return "les"
        if self.elides:
            return "l’"
        return "la" if self.gender == "f" else "le"

    def with_article(self) -> str:
        art = self.article
        return f"{art}{self.text}" if art.endswith("’") else f"{art} {self.text}"

    def after_de(self) -> str:
        """``de`` + article + name, contracted: ``de l’Ukraine``, ``du Kremlin``."""
        if self.plural:
            return f"des {self.text}"
        if self.elides:
            return f"de l’{self.text}"
        return f"de la {self.text}" if self.gender == "f" else f"du {self.text}"


def _names(gender: str, spec: str, plural: bool = False) -> list[Name]:
    return [Name(n.strip(), gender, plural) for n in spec.split("|") if n.strip()]


#: Feminine countries and regions (article la / l’).
_FEMININE = """Ukraine|Russie|France|Allemagne|Chine|Inde|Italie|Espagne|Pologne|Turquie|Syrie
|Belgique|Suisse|Autriche|Roumanie|Bulgarie|Grèce|Serbie|Croatie|Moldavie|Biélorussie|Géorgie
|Arménie|Lituanie|Lettonie|Estonie|Finlande|Suède|Norvège|Égypte|Algérie|Tunisie|Jordanie
|Libye|Éthiopie|Argentine|Colombie|Australie|Indonésie|Corée du Nord|Corée du Sud|Arabie saoudite
|Afrique du Sud|Nouvelle-Zélande|Slovaquie|Slovénie|République tchèque|Irlande|Écosse|Angleterre
|Crimée|Europe|Afrique|Asie|Amérique|Tchétchénie|Transnistrie|Maison Blanche|Maison-Blanche
|Union européenne|Commission européenne|OTAN|ONU|UE|Otan"""
#: Masculine countries, regions and institutions (article le / l’).
_MASCULINE = """Kremlin|Pentagone|Élysée|Royaume-Uni|Canada|Japon|Brésil|Mexique|Venezuela
|Portugal|Danemark|Maroc|Liban|Soudan|Nigeria|Pakistan|Afghanistan|Iran|Irak|Kazakhstan
|Azerbaïdjan|Donbass|Vatican|Qatar|Yémen|Vietnam|Parlement européen|Quai d’Orsay"""
_PLURAL = """États-Unis|Etats-Unis|Pays-Bas|Émirats arabes unis|Philippines"""

#: Organisations, assemblies and newspapers that French names with the article, where
#: English and Russian have none (« écrit le New York Times », « selon la CIA », « le Sénat a
#: voté »); an acronym takes the gender of the noun it abbreviates (OQLF, « Genre des
#: sigles »).  News agencies named without article in French (Reuters, Bloomberg,
#: Interfax) and names used both ways (CNN, Douma, which is also a Syrian town) are left out.
_ORGANISATIONS_F = """CIA|NSA|BCE|BBC|OMS|AFP|Knesset|Rada"""
_ORGANISATIONS_M = """FBI|FMI|Sénat|Congrès|Bundestag|New York Times|NYT|Washington Post
|Wall Street Journal|WSJ|Financial Times|Guardian|Daily Telegraph"""

NAMES: tuple[Name, ...] = tuple(
    _names("f", _FEMININE.replace("\n", "")) + _names("m", _MASCULINE.replace("\n", ""))
    + _names("m", _PLURAL.replace("\n", ""), plural=True)
    + [Name("Hongrie", "f", aspirated_h=True), Name("Honduras", "m", aspirated_h=True)]
    + _names("f", _ORGANISATIONS_F) + _names("m", _ORGANISATIONS_M.replace("\n", ""))
    + [Name("Hamas", "m", aspirated_h=True), Name("Hezbollah", "m", aspirated_h=True)]
)

BY_TEXT: dict[str, Name] = {n.text: n for n in NAMES}

#: Institutions named by metonymy for their staff: "Pentagon chief", "Kremlin spokesman".
INSTITUTIONS = frozenset({"Kremlin", "Pentagone", "Élysée", "Maison Blanche", "Maison-Blanche",
                          "OTAN", "Otan", "ONU", "UE", "Quai d’Orsay", "Vatican"})


@lru_cache(maxsize=1)
def name_pattern() -> re.Pattern[str]:
    """Any gazetteer name as a whole word (longest first, case-sensitive)."""
    alternatives = alternation((n.text for n in NAMES), escape=True)
    return re.compile(r"(?<![\w’'-])(?:" + alternatives + r")(?![\w-])")


def lookup(text: str) -> Name | None:
    """The gazetteer entry written exactly ``text``, if any."""
    return BY_TEXT.get(text)
