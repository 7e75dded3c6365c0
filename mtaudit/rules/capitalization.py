"""Capitalisation in mid-sentence: a capitalised function word after a comma or a quotation.

English capitalises the first word of a quotation and keeps it after the attribution
(`"Very well," And that…`); French continues the sentence in lower case. Authority:
Imprimerie nationale, *Lexique des règles typographiques* (majuscules: « après un guillemet
fermant, la phrase continue en minuscule »); OQLF, BDL (« Majuscule après les guillemets »).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtaudit.core.document import Category, SegmentKind, Severity
from mtaudit.rules.authorities import TYPOGRAPHY as _AUTHORITY
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule

#: Closed-class French words that are never capitalised in mid-sentence unless they begin a
#: name or a title (which the rule checks for separately).
FUNCTION_WORDS = frozenset(
    """le la les l’ l' un une des du de d’ d' au aux et ou mais donc or ni car que qu’ qu'
    qui quoi dont où il elle ils elles on nous vous je j’ j' se s’ s' ce c’ c' cet cette ces
    son sa ses leur leurs mon ma mes ton ta tes notre nos votre vos en dans pour par sur
    avec sans sous vers chez entre selon a ont est sont était avait ne n’ n' y tout toute
    tous toutes lors puis ainsi alors aussi""".split()
)
#: Names and titles that begin with a capitalised article or preposition (Le Monde…).
NAMES_WITH_ARTICLE = frozenset(
    """le monde|le figaro|le parisien|le point|le temps|le soir|le devoir|le matin|le canard
    |la croix|la tribune|la presse|la libre|la stampa|la repubblica|la haye|la havane|la paz
    |la mecque|la réunion|la rochelle|le havre|le mans|le caire|le cap|les échos|les echos
    |les républicains|la france insoumise|la république en marche|le pen|le maire|le drian
    |la fontaine|de gaulle|du bellay|des moines|los angeles|las vegas|el salvador|el país
    |el pais|der spiegel|die welt|the guardian|the economist|the times|the new|de villepin
    |le scouarnec|le bras|la poste|le louvre|la défense|le bourget|la villette|la sorbonne
    |le kremlin-bicêtre|le quotidien|la voix|le progrès|le dauphiné|la dépêche|l’express
    |l'express|l’équipe|l'équipe|l’humanité|l'humanité|l’obs|l'obs|l’opinion|l'opinion
    |l’oréal|l'oréal|l’union|l'union|la nouvelle|les verts|le grand""".replace("\n", "").split("|")
)
_NAMES = frozenset(n.strip() for n in NAMES_WITH_ARTICLE)

# After ", " / ", » " / "» " in mid-sentence, a capitalised word.
_AFTER_BREAK = lazy_re(
    r"(?:(?<=,)|(?<=,[ \u00a0\u202f]»)|(?<=,»)|(?<=[^\W\d_][ \u00a0\u202f]»)|(?<=[^\W\d_]»))"
    r"[ \u00a0\u202f]+"
    r"([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]*(?:[’'](?=[A-Za-zÀ-ÿ]))?)"
)


@rule(
    code="C001",
    name="capitalised-word-after-comma-or-guillemet",
    category=Category.CAPITALIZATION,
    severity=Severity.MAJOR,
    summary="A capitalised function word (article, pronoun, conjunction) in mid-sentence, "
            "after a comma or a closing guillemet: `, » Et que`, `» Le chef… a déclaré`.",
    explanation="""After a comma, or after a quotation that does not end the sentence, French
    continues in lower case. English capitalises the first word of each quoted sentence and
    machine translation carries that capital over: « très bien, » Et que Zelensky…, « traître »
    L’Ukraine. Proper names and titles that start with an article (Le Monde, La Haye) are not
    flagged.""",
    bad=(
        Example("la conversation était partie « très bien », ⟦Et⟧ que Zelensky voulait la paix.",
                fix="et"),
        Example("Donald Trump n’est pas « traître » ⟦L’⟧Ukraine et poursuit la paix.", fix="l’"),
        Example("intéressés par la paix », ⟦Le⟧ chef du Pentagone a déclaré.", fix="le"),
    ),
    good=(
        "« Nous verrons », a déclaré le ministre, et il est parti.",
        "selon le quotidien « Libération », Le Monde et Le Figaro ont publié l’enquête.",
        "Il a lu « Guerre et Paix ». Le lendemain, il est parti.",
        "Dans une interview au « Parisien », La Haye a été évoquée.",
        "Elle revisite son passé (Feuille sèche, En relisant votre journal, La poupée).",
        "Dans son message du 31 décembre, Son Excellence le Président a parlé.",
    ),
    fixable=True,
    authority=_AUTHORITY,
)
def capitalised_word_after_comma_or_guillemet(ctx: Context) -> Iterator[Hit]:
    prose = ctx.prose
    for m in ctx.finditer(_AFTER_BREAK):
        word = m.group(1)
        lower = word.lower()
        if lower not in FUNCTION_WORDS:
            continue
        rest = prose[m.end(1):m.end(1) + 40]
        phrase = (lower + (rest if lower.endswith(("’", "'")) else " " + rest.lstrip())).lower()
        if any(phrase.startswith(n) for n in _NAMES):
            continue
        nxt = re.match(r"[ \u00a0\u202f]*([^\W\d_][\w-]*)", rest)
        if lower in ("le", "la", "les", "l’", "l'", "de", "du", "des") and nxt and \
                nxt.group(1)[0].isupper() and not _is_common_noun_capitalised(nxt.group(1)):
            continue  # an article that is part of a name: "La Haye", "Le Pen", "De Gaulle"
        if word == "A" and nxt and nxt.group(1)[0].isupper():
            continue  # "catégorie A", "plan A": a letter, not the verb
        if lower in ("son", "sa", "ses") and nxt and nxt.group(1).lower() in _HONORIFICS:
            continue  # « Son Excellence », « Sa Majesté »
        if _in_list_of_titles(prose, m.start()):
            continue  # (Feuille sèche, En relisant votre journal, La poupée…)
        yield Hit(m.start(1), m.end(1), f"Capitalised `{word}` in mid-sentence: after a comma "
                  "or a closing guillemet the French sentence continues in lower case.",
                  replacement=lower)


_HONORIFICS = frozenset("excellence majesté altesse éminence sainteté seigneurie".split())


def _in_list_of_titles(prose: str, pos: int) -> bool:
    """Whether the comma at ``pos`` separates items of a list of capitalised titles or names.

    The item before the comma starts with a capital and is itself preceded by a comma or an
    opening parenthesis (not by the start of the sentence): « (Feuille sèche, En relisant
    votre journal, La poupée) ».
    """
    before = prose[max(0, pos - 120):pos].rstrip(" \u00a0\u202f")
    if not before.endswith(","):
        return False  # after a closing guillemet: never a list of titles
    before = before[:-1]
    cut = max(before.rfind(","), before.rfind("("), before.rfind(";"))
    if cut < 0:
        return False
    item = before[cut + 1:].lstrip()
    return bool(item) and item[0].isupper() and before[cut] in ",(;"


#: Place names that take a lower-case article in running text (l’Ukraine, la Russie): a
#: capitalised article before them is an error, not part of the name.
_ARTICLE_PLACES = frozenset(
    """ukraine russie france allemagne europe otan onu union iran irak inde chine italie
    espagne pologne turquie syrie arabie belgique suisse angleterre amérique afrique asie
    crimée géorgie biélorussie moldavie hongrie roumanie grèce égypte algérie tunisie
    lituanie lettonie estonie finlande suède norvège autriche ue eu kremlin pentagone
    maison-blanche élysée otan""".split()
)


def _is_common_noun_capitalised(word: str) -> bool:
    return word.lower() in _ARTICLE_PLACES


# "a-t-il Commenté", "a-t-elle Déclaré": inverted subject followed by a capitalised participle.
_CAP_AFTER_INVERSION = lazy_re(
    r"(?<=-t-)(?:il|elle|on)[ \u00a0\u202f]+([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:é|ée|és|ées|i|u|it|ait))\b"
    r"|(?<=-)(?:ils|elles|il|elle)[ \u00a0\u202f]+([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:é|ée|és|ées|i|u))\b"
)


@rule(
    code="C002",
    name="capitalised-participle-after-inversion",
    category=Category.CAPITALIZATION,
    severity=Severity.MAJOR,
    summary="A capitalised past participle after an inverted subject: `a-t-il Commenté`.",
    explanation="""In an attribution such as « … », a-t-il commenté, the participle is in lower
    case. A capital there comes from a machine translation that treated the attribution as a
    new sentence.""",
    bad=(Example("« Nous avons vu des cas », a-t-il ⟦Commenté⟧.", fix="commenté"),
         Example("« Non », ont-ils ⟦Répondu⟧.", fix="répondu")),
    good=("« Nous avons vu des cas », a-t-il commenté.",
          "« C’est fini », a-t-il dit à Paris."),
    fixable=True,
    authority=_AUTHORITY,
)
def capitalised_participle_after_inversion(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_CAP_AFTER_INVERSION):
        g = 1 if m.group(1) else 2
        word = m.group(g)
        yield Hit(m.start(g), m.end(g), f"Capitalised participle `{word}` after the inverted "
                  "subject; an attribution continues the sentence in lower case.",
                  replacement=word.lower())


# --- C003 English title case in headings -----------------------------------------------------

_HEADING_WORD = lazy_re(r"[^\W\d_][\w’'-]*")
#: Short words English title case capitalises and French headings never do.
_TITLE_FUNCTION = frozenset("""de des du la le les et en à au aux pour sur dans avec par
contre sans sous vers entre un une ou mais que qui son sa ses leur leurs ce cette ces""".split())


@rule(
    code="C003",
    name="english-title-case-heading",
    category=Category.CAPITALIZATION,
    severity=Severity.MAJOR,
    summary="A French title or heading in English title case: `Le Président Annonce De "
            "Nouvelles Sanctions Contre La Russie`.",
    explanation="""French capitalises only the first word of a title or heading and the
    proper nouns in it; English title case capitalises every major word, and machine
    translation keeps those capitals. The rule reports a heading where most words after the
    first are capitalised although they are ordinary French words (DELA lexicon), or where a
    capitalised article or preposition stands inside it.""",
    bad=(Example("⟦Le Président Américain Annonce De Nouvelles Sanctions Contre La Russie⟧\n\n"
                 "Le texte suit.\n"),
         Example("⟦Guerre En Ukraine Et En Russie⟧\n\nLe texte suit.\n")),
    good=("Le président américain annonce de nouvelles sanctions contre la Russie\n\n"
          "Le texte suit.\n",
          "Emmanuel Macron reçoit Olaf Scholz à l’Élysée\n\nLe texte suit.\n",
          "Guerre en Ukraine : ce que l’on sait\n\nLe texte suit.\n",
          "Le Paris Saint-Germain Football Club en finale\n\nLe texte suit.\n",
          "AU TITRE DE LA PRÉSIDENCE DU FASO\n\nLe texte suit.\n"),
    fixable=False,
    authority="Imprimerie nationale, Lexique des règles typographiques (« Titres »); OQLF, "
              "BDL (« Majuscules dans les titres »)",
)
def english_title_case_heading(ctx: Context) -> Iterator[Hit]:
    from mtaudit.text.frlexicon import lexicon

    lex = lexicon()
    if lex is None:
        return
    for seg in ctx.prose_segments:
        if seg.kind not in (SegmentKind.TITLE, SegmentKind.HEADING):
            continue
        words = _HEADING_WORD.findall(seg.text)[1:]
        if len(words) < 3:
            continue
        capital_function = [w for w in words if w[0].isupper() and w.lower() in _TITLE_FUNCTION
                            and not (w.isupper() and len(w) > 1)]  # not AU TITRE DE LA
        content = [w for w in words if w.lower() not in _TITLE_FUNCTION and len(w) > 2]
        capital_common = [w for w in content if w[0].isupper() and not w.isupper()
                          and "-" not in w and lex.knows(w.lower())]  # Saint-Germain: a name
        lower_content = [w for w in content if w.islower()]
        if (len(capital_common) >= 3 and not lower_content) or (
                capital_function and len(capital_common) >= 2
                and len(capital_common) > len(lower_content)) or (
                len(capital_function) >= 2 and not lower_content):
            yield Hit(seg.start, seg.end, "English title case in a French heading: French "
                      "capitalises only the first word and proper nouns.",
                      suggestion=seg.text[:1] + _sentence_case(seg.text[1:], lex))


def _sentence_case(text: str, lex: object) -> str:
    """Lower-case the ordinary words of a heading, keep names and acronyms."""
    def fix(m: re.Match[str]) -> str:
        w = m.group()
        if w.isupper() or not w[0].isupper():
            return w
        return w.lower() if lex.knows(w.lower()) else w  # type: ignore[attr-defined]

    return re.sub(r"[^\W\d_][\w’'-]*", fix, text)


# --- C004 capitalised verb after a closing guillemet -----------------------------------------

_AFTER_CLOSE = lazy_re(r"(?<=[^\W\d_…]) ?»,?[ \u00a0\u202f]+([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)"
                       r"(?=[ \u00a0\u202f]+[a-zà-öø-ÿ])")


@rule(
    code="C004",
    name="capitalised-verb-after-quotation",
    category=Category.CAPITALIZATION,
    severity=Severity.MAJOR,
    summary="A capitalised verb right after a quotation that does not end the sentence: "
            "`« Nous resterons » Déclare le ministre`.",
    explanation="""A quotation that does not end with a full stop, a question or an
    exclamation mark is part of the sentence, which continues in lower case after the
    closing guillemet. English attributions (\"We will stay,\" Said…) and machine translation
    carry a capital over. The word must be a French verb form (DELA lexicon) followed by a
    lower-case word, so that names after a quotation (« … » Marine Le Pen) are left alone.""",
    bad=(Example("« Nous resterons ici » ⟦Déclare⟧ le ministre devant la presse.",
                 fix="déclare"),
         Example("« C’est inacceptable », ⟦Affirme⟧ le porte-parole.", fix="affirme")),
    good=("« Nous resterons ici. » Le ministre est ensuite parti.",
          "« Nous resterons ici » Marine Le Pen l’a répété.",
          "Il a lu « Guerre et Paix ». Pendant les vacances, il a écrit."),
    fixable=True,
    authority=_AUTHORITY,
)
def capitalised_verb_after_quotation(ctx: Context) -> Iterator[Hit]:
    from mtaudit.text.frlexicon import lexicon

    lex = lexicon()
    if lex is None:
        return
    for m in ctx.finditer(_AFTER_CLOSE):
        word = m.group(1)
        lower = word.lower()
        if lower in FUNCTION_WORDS or not lex.is_verb(lower):
            continue
        yield Hit(m.start(1), m.end(1), f"Capitalised `{word}` after a closing guillemet in "
                  "mid-sentence: the sentence continues in lower case.", replacement=lower)


# --- C005 capitalised word in mid-sentence after a lower-case word ---------------------------

_AUXILIARIES = frozenset("""a ont avait avaient aura auront aurait auraient est sont était
étaient sera seront serait seraient été eu""".split())
_MID_CAPITAL = lazy_re(r"(?<=[a-zà-öø-ÿ])[ \u00a0]([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]*"
                       r"(?:[’'](?=[a-zà-öø-ÿ])|(?=[ \u00a0]+[a-zà-öø-ÿ])))")


@rule(
    code="C005",
    name="capitalised-word-in-mid-sentence",
    category=Category.CAPITALIZATION,
    severity=Severity.MAJOR,
    summary="A capitalised article, preposition or past participle inside a sentence, between "
            "two lower-case words: `qui tiennent des armes Entre leurs mains`, `le centre de "
            "presse a Ajouté`.",
    explanation="""When a sentence is translated in pieces (a line break, a link, an inline
    tag in the source), each piece comes back with a capital, and the capital stays in the
    middle of the reassembled French sentence. A capitalised function word between two
    lower-case words, or a capitalised past participle right after an auxiliary, is reported;
    names and titles that start with an article (Le Monde, La Haye) and a capitalised word
    followed by another capitalised word (a name) are left alone.""",
    bad=(Example("Ils protègent des armes ⟦Entre⟧ leurs mains le pays.", fix="entre"),
         Example("Le centre de presse a ⟦Ajouté⟧ que les travaux continuaient.",
                 fix="ajouté")),
    good=("Il lit chaque matin Le Monde et Les Échos.",
          "Les juges de la Cour siègent à La Haye depuis 1946.",
          "Elle a rejoint La France insoumise en 2017.",
          "Le groupe a joué Les Feuilles mortes en rappel.",
          "Il a rencontré Marine Le Pen à Paris."),
    fixable=True,
    authority=_AUTHORITY,
)
def capitalised_word_in_mid_sentence(ctx: Context) -> Iterator[Hit]:
    from mtaudit.text.frlexicon import lexicon

    lex = lexicon()
    prose = ctx.prose
    for m in ctx.finditer(_MID_CAPITAL):
        word = m.group(1)
        lower = word.lower()
        before = re.findall(r"[^\W\d_]+", prose[max(0, m.start() - 30):m.start(1)])
        previous = before[-1].lower() if before else ""
        if lower in ("un", "une") and previous in ("la", "numéro", "à"):
            continue  # « faire la Une », « numéro Un »
        if lower in FUNCTION_WORDS and lower not in ("a", "y"):
            rest = prose[m.end(1):m.end(1) + 40]
            phrase = (lower + (rest if lower.endswith(("’", "'")) else " " + rest.lstrip()))
            if any(phrase.lower().startswith(n) for n in _NAMES):
                continue
        elif (previous in _AUXILIARIES and lex is not None and lex.is_verb(lower)
              and lower.endswith(("é", "ée", "és", "ées", "i", "is", "it", "u", "us", "ert"))):
            pass
        else:
            continue
        yield Hit(m.start(1), m.end(1), f"Capitalised `{word}` in mid-sentence: debris of a "
                  "sentence translated in pieces; French continues in lower case.",
                  replacement=lower)


# --- C006 English capitals on months, days, nationality adjectives and languages ------------

_MONTHS = frozenset("""janvier février mars avril mai juin juillet août septembre octobre
novembre décembre""".split())
_DAYS = frozenset("lundi mardi mercredi jeudi vendredi samedi dimanche".split())
#: Holidays written with a capital (Imprimerie nationale, « Fêtes »): le 14 Juillet, le 1er Mai,
#: le 8 Mai, le 11 Novembre, le 15 Août; Mardi gras, Vendredi saint, Lundi de Pâques.
_HOLIDAYS = frozenset({("14", "juillet"), ("1er", "mai"), ("8", "mai"), ("11", "novembre"),
                       ("15", "août")})
_HOLIDAY_DAYS = ("gras", "saint", "de pâques", "de pentecôte", "noir", "fou")
_NATIONALITY_STEMS = """russe ukrainien ukrainienne américain américaine français française
allemand allemande britannique anglais anglaise chinois chinoise israélien israélienne
palestinien palestinienne iranien iranienne européen européenne polonais polonaise italien
italienne espagnol espagnole turc turque japonais japonaise syrien syrienne biélorusse
canadien canadienne belge suisse libanais libanaise égyptien égyptienne saoudien saoudienne
indien indienne coréen coréenne hongrois hongroise roumain roumaine moldave géorgien
géorgienne arménien arménienne tchétchène africain africaine occidental occidentale
néerlandais néerlandaise grec grecque portugais portugaise suédois suédoise finlandais
finlandaise norvégien norvégienne danois danoise autrichien autrichienne tchèque slovaque
serbe croate bulgare lituanien lituanienne letton lettonne estonien estonienne kazakh
azerbaïdjanais azerbaïdjanaise afghan afghane pakistanais pakistanaise irakien irakienne
jordanien jordanienne qatari qatarie émirien émirienne yéménite soudanais soudanaise
libyen libyenne tunisien tunisienne algérien algérienne marocain marocaine""".split()
_NATIONALITY = frozenset(_NATIONALITY_STEMS + [w + "s" for w in _NATIONALITY_STEMS
                                                if not w.endswith("s")])
_LANGUAGES = frozenset("""anglais français russe ukrainien allemand espagnol italien chinois
arabe hébreu polonais turc japonais portugais persan""".split())
#: Words before which a nationality word is a noun (les Ukrainiens, deux Russes), capitalised.
_NOUN_CONTEXT = frozenset("""les des ces aux deux trois quatre cinq six sept huit neuf dix
plusieurs quelques nombreux certains tous mille millions milliers centaines dizaines de d’ d'
un une le la l’ l' du au et ou ni que qui dont pour par sur avec entre chez contre selon
chaque aucun aucune quel quelle tel telle jeune jeunes vieux vieille vieil nouveau nouvelle
nouveaux nouvelles grand grande grands grandes petit petite petits petites autre autres
premier première premiers premières dernier dernière derniers dernières seul seule seuls
seules bon bonne bons bonnes simple simples vrai vraie vrais vraies""".split())
#: Words after which a month needs no number to be one: en janvier, fin janvier, mi-janvier.
_MONTH_CONTEXT = frozenset("en fin début mi courant depuis".split())
_CAPITAL_WORD = lazy_re(r"(?<=[^\W_])([ \u00a0]+)([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)(?![\w’'-])")


@rule(
    code="C006",
    name="english-capital-on-month-day-or-nationality",
    category=Category.CAPITALIZATION,
    severity=Severity.MAJOR,
    summary="An English capital in mid-sentence on a month, a day, a nationality adjective or "
            "a language: `le 15 Janvier`, `a annoncé Lundi`, `le gouvernement Russe`, "
            "`en Anglais`.",
    explanation="""English capitalises months, days, nationality adjectives and languages;
    French writes them in lower case (le 15 janvier, lundi, le gouvernement russe, en
    anglais) and capitalises a nationality only as a noun for the people (les Ukrainiens).
    Machine translation carries the English capital over. Holidays (le 14 Juillet, le 1er Mai,
    Mardi gras) and names in which the word follows another capitalised word (l’Union
    Européenne is left to the house style) are not flagged.""",
    bad=(Example("Le sommet aura lieu le 15 ⟦Janvier⟧ à Bruxelles.", fix="janvier"),
         Example("Le ministre a annoncé ⟦Lundi⟧ la fin des négociations.", fix="lundi"),
         Example("Le gouvernement ⟦Russe⟧ a démenti ces informations.", fix="russe"),
         Example("Le communiqué a été publié en ⟦Anglais⟧ seulement.", fix="anglais")),
    good=("Le défilé du 14 Juillet et les manifestations du 1er Mai ont eu lieu.",
          "Les Ukrainiens et deux Russes ont été échangés, selon Kiev.",
          "La victime est un jeune Français ; pour chaque Russe, c’est une fête ; d’une "
          "Ukrainienne on ne sait rien.",
          "Le Mardi gras tombe cette année le 13 février.",
          "Elle enseigne l’anglais à des Américains.",
          "La Banque Centrale Européenne a relevé ses taux."),
    fixable=True,
    authority="OQLF, Banque de dépannage linguistique (« Majuscules et minuscules : noms de "
              "mois, de jours, gentilés et adjectifs de nationalité »); Imprimerie nationale, "
              "Lexique des règles typographiques",
)
def english_capital_on_month_day_or_nationality(ctx: Context) -> Iterator[Hit]:
    prose = ctx.prose
    for m in ctx.finditer(_CAPITAL_WORD):
        word = m.group(2)
        lower = word.lower()
        before = re.findall(r"[^\W_][\w’'-]*", prose[max(0, m.start() - 30):m.start()])
        previous = re.split(r"[’']", before[-1])[-1] if before else ""
        after = prose[m.end():m.end() + 20].lower().lstrip()
        if lower in _MONTHS:
            if (previous.lower(), lower) in _HOLIDAYS or not (
                    previous.isdigit() or previous == "1er" or previous in _MONTH_CONTEXT):
                continue
        elif lower in _DAYS:
            if not previous.islower() or after.startswith(_HOLIDAY_DAYS):
                continue
        elif lower in _LANGUAGES and previous == "en":
            pass
        elif lower in _NATIONALITY:
            if not previous.islower() or previous.lower() in _NOUN_CONTEXT \
                    or previous.lower() in FUNCTION_WORDS:
                continue
        else:
            continue
        yield Hit(m.start(2), m.end(2), f"`{word}` takes a lower-case initial in French "
                  "(months, days, nationality adjectives and languages).", replacement=lower)
