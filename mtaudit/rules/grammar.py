"""Grammar slips of machine translation: missing articles, agreement, verb forms, titles.

English names countries and institutions without an article ("betraying Ukraine"), French with
one (trahir l’Ukraine); English "any talks" is plural where French `tout` wants a singular
noun; an English "would probably meet" split around a quoted adverb comes out as a capitalised
imperative (`qu’il « probablement » Rencontrez`). Authorities: Banque de dépannage linguistique
(OQLF), « Noms de pays : emploi de l’article », « Tout »; Grevisse & Goosse, *Le Bon Usage*,
§ 616 (tout déterminant), § 587 (article devant les noms de pays).  Collective subjects
whose verb may agree with the complement (G006): Le Robert, guide « Accord du verbe avec un sujet
collectif » (dictionnaire.lerobert.com/guide/accord-du-verbe-avec-un-sujet-collectif).  Titles
M., Mme, Mlle before a surname (G007): OQLF, Banque de dépannage linguistique, « Abréviation
des noms madame, mademoiselle, monsieur ».
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mtaudit.core.document import Category, Segment, Severity
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule
from mtaudit.text import lexicon

_BDL = "OQLF, Banque de dépannage linguistique; Grevisse & Goosse, Le Bon Usage"
from mtaudit.text.patterns import SP  # noqa: E402

# --- G001 ---------------------------------------------------------------------------------

#: Words after which a gazetteer name needs its article: prepositions that do not absorb it
#: (unlike `en` and `de`: « en Ukraine », « président de Russie » are right) and negation
#: adverbs that close a verb group (« ne trahit pas Ukraine »).
_ARTICLE_TRIGGERS = frozenset({
    "avec", "pour", "contre", "par", "sur", "vers", "entre", "chez", "sans", "envers", "à",
    "depuis", "pas", "plus", "jamais", "guère", "soutenir", "trahir", "attaquer", "envahir",
    "aider", "quitter", "rejoindre", "selon", "d’après", "d'après"})
#: Words after a name that make it part of another name: « Russie unie », « France 24 ».
NAME_CONTINUATIONS = frozenset({"unie", "insoumise", "télévisions", "info", "inter", "culture",
                                 "travail", "stratégie", "nature", "bleu", "libre"})
#: Verbs that introduce a name as a name (« une entité dénommée OTAN »): no article then.
_NAMING_VERBS = frozenset({"appeler", "dénommer", "nommer", "surnommer", "baptiser", "intituler",
                           "renommer", "rebaptiser", "désigner"})
_WORD_BEFORE = lazy_re(r"([^\W\d_][\w’'-]*)[ \u00a0\u202f]+$")


def _article_fix(name: lexicon.Name, before: str) -> str:
    if before == "à":
        return {"l’": "à l’", "la": "à la", "le": "au", "les": "aux"}[name.article] + (
            "" if name.elides else " ") + name.text
    return name.with_article()


@rule(
    code="G001",
    name="missing-article-before-country-name",
    category=Category.GRAMMAR,
    severity=Severity.MAJOR,
    summary="A country, region or institution name without the article French requires, after "
            "a verb or a preposition: `ne trahit pas Ukraine`, `avec Kremlin`.",
    explanation="""French names of countries, regions and institutions take the definite
    article (l’Ukraine, la Russie, les États-Unis, le Kremlin, l’OTAN) except after en and in
    some complements with de (en Ukraine, l’ambassadeur de France). English has no article
    there, and machine translation drops it: « Trump ne trahit pas Ukraine » for « Trump ne
    trahit pas l’Ukraine ».""",
    bad=(
        Example("Trump ne trahit pas ⟦Ukraine⟧ et poursuit la paix.", fix="l’Ukraine"),
        Example("Il a discuté avec ⟦Kremlin⟧ de la sécurité.", fix="le Kremlin"),
        Example("Le conflit oppose la Russie ⟦à Ukraine⟧ depuis 2014.", fix="à l’Ukraine"),
        Example("Il a promis de soutenir ⟦États-Unis⟧ dans ce dossier.", fix="les États-Unis"),
        Example("La guerre a fait 500 morts, selon ⟦NYT⟧.", fix="le NYT"),
    ),
    good=(
        "Trump ne trahit pas l’Ukraine et poursuit la paix.",
        "Il vit en Ukraine depuis que l’ambassadeur de France est parti.",
        "Le parti Russie unie a remporté les élections, selon France 24.",
        "Il est invité sur France Inter.",
        "Selon Reuters et d’après Bloomberg, la banque a démenti.",
    ),
    fixable=True,
    requires={"nlp"},
    authority=_BDL,
)
def missing_article_before_country_name(ctx: Context) -> Iterator[Hit]:
    from mtaudit.text import nlp

    view = ctx.view
    prose = view.text  # markup left out: « à&nbsp;Ukraine », « pas *Ukraine* »
    pattern = lexicon.name_pattern()
    french = {s.id: s for s in ctx.french_segments}
    # All prose segments: mixed headlines ("… – RT World News") may be identified as English;
    # the closed list of triggers still applies there, the part-of-speech test only where
    # spaCy parsed the segment.  Only segments naming a country are parsed.
    candidates = [s for s in ctx.prose_segments if pattern.search(prose, *view.bounds(s))]
    docs = nlp.analyses(ctx, [s for s in candidates if s.id in french
                              and _may_need_verb_test(prose, pattern, *view.bounds(s))])
    for seg in candidates:
        doc = docs.get(seg.id) if seg.id in french else None
        lo, hi = view.bounds(seg)
        for m in pattern.finditer(prose, lo, hi):
            name = lexicon.lookup(m.group(0))
            if name is None:
                continue
            after = re.match(r"[ \u00a0\u202f]+([\w’'-]+)", prose[m.end():m.end() + 30])
            if after and (after.group(1)[0].isupper() or after.group(1)[0].isdigit()
                          or after.group(1).lower() in NAME_CONTINUATIONS):
                continue  # part of a longer name: « France Télévisions », « Europe 1 »
            wb = _WORD_BEFORE.search(prose, max(lo, m.start() - 40), m.start())
            if wb is None:
                continue
            before = wb.group(1)
            trigger = before in _ARTICLE_TRIGGERS
            if not trigger and doc is not None:
                # spaCy parsed the segment with markup blanked, so its offsets are the document's.
                tok = _token_at(doc, view.doc_start(wb.start(1)) - seg.start)
                trigger = (tok is not None and tok.pos_ == "VERB"
                           and before.lower() == before
                           and tok.lemma_ not in _NAMING_VERBS)
            if not trigger:
                continue
            fix = _article_fix(name, before)
            start, end = view.doc_span(wb.start(1) if before == "à" else m.start(), m.end())
            yield Hit(start, end,
                      f"`{m.group(0)}` without its article: French says "
                      f"« {name.with_article()} » (English names countries and institutions "
                      "without one).",
                      replacement=fix)


#: Words before a name that are never the verb G001 looks for: no parse is needed to decide.
_NEVER_VERB = frozenset(
    "le la les l l’ l' de d d’ d' du des au aux en et ou un une sa son ses leur leurs cette ce "
    "cet ces notre nos votre vos mon ma mes que qu qu’ qu' qui dont où si ni mais car".split())


def _may_need_verb_test(prose: str, pattern: re.Pattern[str], start: int, end: int) -> bool:
    """Whether some name in ``prose[start:end]`` follows a lower-case word that could be a verb."""
    for m in pattern.finditer(prose, start, end):
        wb = _WORD_BEFORE.search(prose, max(start, m.start() - 40), m.start())
        if wb is None:
            continue
        before = wb.group(1)
        if before.lower() == before and before not in _ARTICLE_TRIGGERS \
                and before.lower() not in _NEVER_VERB:
            return True
    return False


def _token_at(doc: Any, offset: int) -> Any:
    for tok in doc:
        if tok.idx == offset:
            return tok
        if tok.idx > offset:
            return None
    return None


# --- G002 ---------------------------------------------------------------------------------


_TOUT_PLURAL_CANDIDATE = lazy_re(r"\b[Tt]oute?[ \u00a0]+[^\W\d_]+[sx]\b")


@rule(
    code="G002",
    name="tout-before-plural-noun",
    category=Category.GRAMMAR,
    severity=Severity.MAJOR,
    summary="`tout`/`toute` (any, every) directly before a plural noun: `tout pourparlers`.",
    explanation="""Without an article, tout means "any, every" and takes a singular noun
    (toute négociation, tout accord); before a plural it needs the article (tous les
    pourparlers). English "any peace talks" is plural, hence « tout pourparlers de paix » in
    machine translation. Nouns with no singular in use (pourparlers) take « tous les » or
    another turn: toute négociation de paix qui exclurait Kiev.""",
    bad=(Example("Zelensky a suggéré que ⟦tout pourparlers⟧ de paix qui excluait Kiev serait "
                 "une trahison."),
         Example("Il a rejeté ⟦toute négociations⟧ avec Moscou."),),
    good=("Il a rejeté toute négociation avec Moscou.",
          "En tout cas, il a promis d’agir à tout prix.",
          "Tous les pourparlers de paix ont échoué."),
    requires={"nlp"},
    authority=_BDL,
)
def tout_before_plural_noun(ctx: Context) -> Iterator[Hit]:
    from mtaudit.text import nlp

    view = ctx.view
    candidates = [s for s in ctx.french_segments
                  if _TOUT_PLURAL_CANDIDATE.search(view.text, *view.bounds(s))]
    docs = nlp.analyses(ctx, candidates)
    for seg in candidates:
        doc = docs[seg.id]
        for tok in doc:
            if tok.lower_ not in ("tout", "toute"):
                continue
            noun = _next_word(ctx, seg, doc, tok.i)
            if noun is None:
                continue
            text = noun.text
            if (noun.pos_ != "NOUN" or "Plur" not in noun.morph.get("Number")
                    or not text.islower() or not text.endswith(("s", "x"))
                    or noun.lemma_.lower() == text.lower()):
                continue  # invariable nouns (« en tout cas », « à tout prix ») are singular
            yield Hit(seg.start + tok.idx, seg.start + noun.idx + len(text),
                      f"`{tok.text} {text}`: tout meaning 'any' takes a singular noun; the "
                      "plural is probably carried over from English ('any peace talks').",
                      suggestion=f"tous les {text}" if tok.lower_ == "tout"
                      else f"toutes les {text}")


def _next_word(ctx: Context, seg: Segment, doc: Any, i: int) -> Any:
    """The token after ``doc[i]``, past the blanks that stand for markup (``tout <b>x</b>``)."""
    j = i + 1
    while j < len(doc) and doc[j].is_space and ctx.has_mask(seg.start + doc[j].idx,
                                                            seg.start + doc[j].idx
                                                            + len(doc[j].text)):
        j += 1
    return doc[j] if j < len(doc) else None


# --- G003 ---------------------------------------------------------------------------------

_VERB_ENDING = r"(?:ez|er|ons|ent|ait|aient|ra|rait|ront|ir|re|é|ée|és|it)"
_CAPITALISED_VERB = lazy_re(
    r"(?<![\w’'-])(?P<lead>(?:qu’|qu')?(?P<pron>il|elle|ils|elles|on|nous|vous|je)"
    r"(?:" + SP + r"+[«\"“]" + SP + r"*[\w-]+(?:" + SP + r"[\w-]+)?" + SP + r"*[»\"”])?"
    r"|(?:peut|peuvent|pourrait|pourraient|doit|doivent|devrait|devraient|veut|veulent"
    r"|voudrait|va|vont|permettre|pouvoir|devoir|vouloir))"
    + SP + r"+(?P<verb>[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+" + _VERB_ENDING + r")(?![\w’'-])"
)


@rule(
    code="G003",
    name="capitalised-verb-in-mid-clause",
    category=Category.GRAMMAR,
    severity=Severity.MAJOR,
    summary="A capitalised verb after its subject pronoun or a modal in mid-sentence: "
            "`qu’il « probablement » Rencontrez Poutine`, `nous permettre Rester`.",
    explanation="""A subject pronoun or a modal verb is followed by its verb in lower case, in
    the form the clause needs: a conjugated verb after il (qu’il rencontrerait), an infinitive
    after a modal (nous permettre de rester, il peut rester). A capital there, often with an
    imperative or infinitive form, shows the machine translated the English verb as a new
    sentence ("he would 'probably' Meet Putin").""",
    bad=(
        Example("ajoutant qu’il « probablement » ⟦Rencontrez⟧ Poutine en Arabie saoudite."),
        Example("Ils ne peuvent pas nous permettre ⟦Rester⟧ à l’écart.", fix="rester"),
    ),
    good=("ajoutant qu’il rencontrerait probablement Poutine en Arabie saoudite.",
          "Il a dit à Pierre de rester.",
          "« Nous verrons », dit-il. Rester ici serait une erreur."),
    fixable=True,
    authority=_BDL,
)
def capitalised_verb_in_mid_clause(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_CAPITALISED_VERB):
        verb = m.group("verb")
        pron = m.group("pron")
        if pron is None:
            # After a modal the infinitive is right; only its capital is wrong.
            yield Hit(m.start("verb"), m.end("verb"),
                      f"Capitalised `{verb}` after a modal verb in mid-sentence; the infinitive "
                      "continues the sentence in lower case.",
                      replacement=verb.lower())
            continue
        lower = verb.lower()
        suggestion = None
        if lower.endswith("ez") and pron in ("il", "elle", "on", "ils", "elles"):
            suggestion = lower[:-2] + ("erait" if pron in ("il", "elle", "on") else "eraient")
        yield Hit(m.start("verb"), m.end("verb"),
                  f"Capitalised verb `{verb}` after the subject `{pron}`: probably an English "
                  "verb ('would meet') translated as a new sentence; the clause needs a "
                  "conjugated verb in lower case.",
                  suggestion=suggestion)


# --- G004 ---------------------------------------------------------------------------------

_FINITE_AFTER_MODAL = lazy_re(
    r"\b(?:peut|peuvent|pourrait|pourraient|doit|doivent|devrait|devraient|veut|veulent"
    r"|voudrait|voudraient)" + SP + r"+(?P<span>(?:[«\"“]" + SP + r"*)?(?P<aux>a|ont|est|sont)"
    + SP + r"+(?!(?:priori|posteriori|fortiori|contrario|minima|maxima)\b)"
    r"(?P<part>[a-zà-ÿ]+(?:é|és|ée|ées|i|is|u|us|it|ert|ait)))(?![\w’'-])"
)


@rule(
    code="G004",
    name="finite-verb-after-modal",
    category=Category.GRAMMAR,
    severity=Severity.MAJOR,
    summary="A conjugated verb where a modal needs an infinitive: `devraient « a déclenché`.",
    explanation="""After pouvoir, devoir or vouloir French needs an infinitive (devraient
    déclencher, devraient avoir déclenché). English "should have set off" translated in two
    pieces, often around a quotation mark, leaves a conjugated auxiliary after the modal.""",
    bad=(Example("Ces propos devraient ⟦« a déclenché⟧ la sonnette d’alarme »."),
         Example("Le ministre pourrait ⟦a signé⟧ l’accord hier."),),
    good=("Ces propos devraient avoir déclenché la sonnette d’alarme.",
          "Une telle mesure ne peut a priori être envisagée."),
    authority=_BDL,
)
def finite_verb_after_modal(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_FINITE_AFTER_MODAL):
        aux = m.group("aux")
        infinitive = "avoir" if aux in ("a", "ont") else "être"
        yield Hit(m.start("span"), m.end("span"),
                  f"`{aux} {m.group('part')}` after a modal verb: probably English 'should have "
                  f"+ participle' split in translation; French uses the infinitive "
                  f"({infinitive} {m.group('part')}).",
                  suggestion=f"{infinitive} {m.group('part')}")


# --- G005 ---------------------------------------------------------------------------------

_CES_SONT = lazy_re(r"(?<![\w’'-])(?P<ces>[Cc]es)" + SP
                       + r"+(?:sont|seront|étaient|furent|seraient)\b")


@rule(
    code="G005",
    name="ces-instead-of-ce-before-etre",
    category=Category.GRAMMAR,
    severity=Severity.MAJOR,
    summary="`ces sont` for `ce sont`: the determiner ces used as the pronoun ce.",
    explanation="""Before être the demonstrative pronoun is ce (ce sont les trois facteurs);
    ces is a determiner and needs a noun (ces facteurs sont…). Machine translation from
    English "these are" produces « ces sont ».""",
    bad=(Example("⟦Ces⟧ sont les trois facteurs décisifs.", fix="Ce"),
         Example("Selon lui, ⟦ces⟧ sont des mensonges.", fix="ce"),),
    good=("Ce sont les trois facteurs décisifs.", "Ces facteurs sont décisifs."),
    fixable=True,
    authority=_BDL,
)
def ces_instead_of_ce_before_etre(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_CES_SONT):
        ces = m.group("ces")
        yield Hit(m.start("ces"), m.end("ces"),
                  f"`{ces} sont`: before être the pronoun is « ce » (probably English 'these "
                  "are').", replacement=ces[:-1])


# --- G007 ---------------------------------------------------------------------------------

_UP = "A-ZÀ-ÖØ-ÞŒ"
_LOW = "a-zà-öø-ÿœ"
_NAME_WORD = f"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
_SURNAME = (f"(?:(?:de|du|von|van|der|den|Le|La|De|Di|Da|Van|Von|El|Al){SP}+){{0,2}}"
            f"[{_UP}][{_LOW}’'{_UP}]+(?:-[{_UP}][{_LOW}]+)*")
_TITLE_MENTION = lazy_re(
    rf"(?<![\w’'.])(?P<title>M\.|Monsieur|Mme|Madame|Mlle|Mademoiselle){SP}+"
    rf"(?:(?P<first>{_NAME_WORD}){SP}+)?(?P<surname>{_SURNAME})(?![\w’'-])")
_FEMININE_TITLES = frozenset({"Mme", "Madame", "Mlle", "Mademoiselle"})
#: Role nouns that take `la` only for a woman (epicene nouns such as « la victime » or « la
#: personne », feminine whatever the referent, are left out), and feminine forms that show
#: the gender after an elided `l’`.
_ROLES = ("porte-parole|ministre|secrétaire|cheffe|chef|juge|maire|commissaire|responsable"
          "|économiste|analyste|diplomate|journaliste|photographe|présidente|directrice|sénatrice"
          "|députée|ambassadrice|procureure|avocate|gouverneure|conseillère|dirigeante"
          "|fondatrice|rédactrice|correspondante|chercheuse|professeure|vice-présidente"
          "|candidate|adjointe|experte|patronne|chancelière|représentante|militante|écrivaine"
          "|autrice|actrice|chanteuse|envoyée|émissaire|négociatrice|coordinatrice|porte-voix")
_FEMININE_FORMS = ("présidente|directrice|sénatrice|députée|ambassadrice|procureure|avocate"
                   "|gouverneure|conseillère|dirigeante|fondatrice|rédactrice|correspondante"
                   "|chercheuse|professeure|vice-présidente|candidate|adjointe|experte|patronne"
                   "|chancelière|représentante|militante|écrivaine|autrice|actrice|chanteuse"
                   "|envoyée|négociatrice|coordinatrice|cheffe")
_ROLE_ADJECTIVE = "(?:nouvelle|ancienne|actuelle|future|Première|première)"
#: « la porte-parole adjointe du Pentagone, Sabrina Singh »: a feminine role noun, a short
#: complement without punctuation, then the woman's first name and surname in apposition.
_FEMININE_APPOSITION = lazy_re(
    rf"(?<![\w’'])(?:[Ll]a{SP}+(?:{_ROLE_ADJECTIVE}{SP}+)?(?:{_ROLES})"
    rf"|[Ll][’'](?:(?:ancienne|actuelle){SP}+(?:{_ROLES})|(?:ex-)?(?:{_FEMININE_FORMS})))"
    rf"(?P<complement>(?:{SP}+[\w’'-]+){{0,8}}?),{SP}+"
    rf"(?P<first>{_NAME_WORD}){SP}+(?P<surname>{_SURNAME})(?![\w’'-])")
#: Role nouns in a complement (« la porte-parole du président, Joe Biden »): the apposition
#: may then name the other person.
_ROLE_IN_COMPLEMENT = lazy_re(
    r"\b(?:du|au|le|de|la|l’|l')\s+(?:" + _ROLES + r"|président|directeur|sénateur|député"
    r"|ambassadeur|gouverneur|conseiller|dirigeant|fondateur|candidat|premier|envoyé)\b")
#: Two people who share a surname: « M. et Mme Dupont », « les époux Dupont », « Bill et
#: Hillary Clinton ».
_COUPLE = lazy_re(
    rf"(?:(?:M\.|Mme|Monsieur|Madame){SP}+et{SP}+(?:M\.|Mme|Monsieur|Madame)"
    rf"|(?:époux|couple|famille|frères|sœurs|parents|enfants){SP}+"
    rf"|{_NAME_WORD}{SP}+et{SP}+{_NAME_WORD}){SP}+(?P<surname>{_SURNAME})(?![\w’'-])")
_FULL_NAME = lazy_re(rf"(?<![\w’'.-])(?P<first>{_NAME_WORD}){SP}+(?P<surname>{_SURNAME})"
                     r"(?![\w’'-])")
#: Capitalised words that open a sentence before a surname and are no first names.
_NOT_FIRST_NAMES = frozenset(
    "Le La Les Un Une Des Et Mais Ou Donc Or Ni Car Selon Pour Par Avec Sans Sous Sur Dans En "
    "Après Avant Pendant Depuis Ainsi Alors Quand Si Lorsque Puisque Comme Chez Contre Vers "
    "Entre Face Outre Hier Aujourd Déjà Enfin Puis Ensuite Aussi Même Seul Seule Cependant "
    "Toutefois Pourtant Certes Monsieur Madame Mademoiselle Mme Mlle".split())
_NAME_BEFORE = lazy_re(rf"({_NAME_WORD}){SP}+$")


def _surname_key(surname: str) -> str:
    return surname.split()[-1]


@rule(
    code="G007",
    name="title-gender-mismatch",
    category=Category.GRAMMAR,
    severity=Severity.MAJOR,
    summary="A woman introduced as such (« la porte-parole adjointe du Pentagone, Sabrina "
            "Singh ») and later called `M. Singh`.",
    explanation="""French marks the gender of the person in the title and the determiner of
    the role (la porte-parole, Mme Singh); English "Ms Singh" or Russian surnames translated
    word by word lose it, and machine translation falls back on M. A document that introduces
    a woman and then writes M. before her surname contradicts itself. The rule only reads
    a feminine introduction as evidence: a woman may still be called « le ministre » in
    older usage, and « Mme Johnson » after « M. Johnson » is often his wife; surnames shared
    by several people (« M. et Mme Dupont », « Bill et Hillary Clinton », two first names,
    or both titles in the same document) are skipped.""",
    bad=(Example("La porte-parole adjointe du Pentagone, Sabrina Singh, a répondu. « Nous "
                 "agirons », a déclaré ⟦M. Singh⟧."),
         Example("La directrice générale du NHS, Amanda Pritchard, a averti les patients. "
                 "⟦Monsieur Pritchard⟧ a ensuite détaillé le plan."),),
    good=("La porte-parole adjointe du Pentagone, Sabrina Singh, a répondu. « Nous agirons », "
          "a déclaré Mme Singh.",
          "M. et Mme Dupont sont arrivés ; Mme Dupont a parlé, puis M. Dupont.",
          "La porte-parole du président, Joe Biden, a parlé. M. Biden a confirmé."),
    authority="OQLF, Banque de dépannage linguistique, « Abréviation des noms madame, "
              "mademoiselle, monsieur »",
)
def title_gender_mismatch(ctx: Context) -> Iterator[Hit]:
    #: surname → (end offset, first name, the introduction as written)
    introductions: dict[str, tuple[int, str, str]] = {}
    for m in ctx.finditer(_FEMININE_APPOSITION):
        if _ROLE_IN_COMPLEMENT.search(m.group("complement")):
            continue
        key = _surname_key(m.group("surname"))
        introductions.setdefault(key, (m.end(), m.group("first"), m.group(0)))
    if not introductions:
        return
    shared = {_surname_key(m.group("surname")) for m in ctx.finditer(_COUPLE)}
    first_names: dict[str, set[str]] = {}
    for m in ctx.finditer(_FULL_NAME):
        if m.group("first") not in _NOT_FIRST_NAMES:
            first_names.setdefault(_surname_key(m.group("surname")), set()).add(m.group("first"))
    mentions = list(ctx.finditer(_TITLE_MENTION))
    feminine_titled = {_surname_key(m.group("surname")) for m in mentions
                       if m.group("title") in _FEMININE_TITLES}
    for m in mentions:
        key = _surname_key(m.group("surname"))
        if (key not in introductions or m.group("title") in _FEMININE_TITLES
                or key in shared or key in feminine_titled
                or len(first_names.get(key, ())) > 1):
            continue
        end, first, introduction = introductions[key]
        if m.start() < end or (m.group("first") and m.group("first") != first):
            continue
        before = _NAME_BEFORE.search(ctx.text, max(0, m.start() - 30), m.start())
        if before and before.group(1) not in _NOT_FIRST_NAMES:
            continue  # a middle initial: « Jean M. Singh »
        title = m.group("title")
        feminine = "Mme" if title == "M." else "Madame"
        yield Hit(m.start(), m.end(),
                  f"`{title} {m.group('surname')}` for a woman introduced earlier as "
                  f"« {introduction} »: the title contradicts her gender, a slip of machine "
                  "translation.",
                  suggestion=f"{feminine} {m.group(0)[len(title):].strip()}")
