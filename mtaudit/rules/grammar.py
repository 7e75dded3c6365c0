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
_SP = r"[ \u00a0\u202f]"

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
    r"(?:" + _SP + r"+[«\"“]" + _SP + r"*[\w-]+(?:" + _SP + r"[\w-]+)?" + _SP + r"*[»\"”])?"
    r"|(?:peut|peuvent|pourrait|pourraient|doit|doivent|devrait|devraient|veut|veulent"
    r"|voudrait|va|vont|permettre|pouvoir|devoir|vouloir))"
    + _SP + r"+(?P<verb>[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+" + _VERB_ENDING + r")(?![\w’'-])"
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
    r"|voudrait|voudraient)" + _SP + r"+(?P<span>(?:[«\"“]" + _SP + r"*)?(?P<aux>a|ont|est|sont)"
    + _SP + r"+(?!(?:priori|posteriori|fortiori|contrario|minima|maxima)\b)"
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

_CES_SONT = lazy_re(r"(?<![\w’'-])(?P<ces>[Cc]es)" + _SP
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


# --- G006 ---------------------------------------------------------------------------------

#: Determiners whose form gives the number of their noun phrase (more reliable than the
#: noun's own ending in French: « les pays », « le pays »).
_PLURAL_DETERMINERS = frozenset(
    "les des ces mes tes ses nos vos leurs plusieurs quelques certains certaines".split())
_SINGULAR_DETERMINERS = frozenset(
    "le la l’ l' un une ce cet cette mon ma ton ta son sa notre votre leur chaque".split())
#: Nouns of quantity and collectives, whose verb may agree with their complement (« la
#: plupart des élus ont voté », « une foule de curieux sont venus »; Le Robert, « Accord du
#: verbe avec un sujet collectif »).  Also nouns of kind (« ce genre de mesures sont »).
_COLLECTIVE_NOUNS = frozenset("""
    plupart nombre majorité minorité moitié tiers quart dizaine douzaine quinzaine vingtaine
    trentaine quarantaine cinquantaine soixantaine centaine millier million milliard foule
    ensemble partie part reste totalité série poignée multitude masse quantité tas groupe
    nuée flot vague kyrielle infinité pourcentage proportion peu couple paire bande troupe
    genre sorte type espèce catégorie forme variété ribambelle myriade
    """.split())
#: Words after which a determiner opens a clause, so its noun phrase can be the subject.
_CLAUSE_OPENERS = frozenset(
    "que qu’ qu' lorsque lorsqu’ lorsqu' puisque puisqu’ puisqu' quand si car mais où dont"
    .split())
#: Words before `que` that make it comparative or additive (« ainsi que le ministre »): the
#: noun phrase after it is then part of another subject.
_COMPARATIVE_BEFORE_QUE = frozenset(
    "ainsi même autant plus moins aussi tant davantage mieux pire autre autres tel telle "
    "tels telles".split())
_PUNCT_OPENERS = frozenset(".;:!?«“\",")
#: Unstressed pronouns and the negation that sit between a subject and its verb.
_PREVERBAL = frozenset(
    "ne n’ n' se s’ s' le la les l’ l' lui leur y en me m’ m' te t’ t' nous vous".split())
_COMPLEMENT_PREPOSITIONS = frozenset("de du des d’ d'".split())
#: Conjunctions and relatives that end the clause of a verb: a verb coordinated after them
#: may have another subject.
_CLAUSE_BREAKS = frozenset(
    "que qu’ qu' qui dont où lequel laquelle lesquels lesquelles quand si lorsque lorsqu’ "
    "lorsqu' comme car mais ou ni puisque puisqu’ puisqu' tandis alors".split())
#: Third-person forms whose number cannot be read off the ending, with their counterpart.
_NUMBER_COUNTERPARTS = {
    "est": "sont", "a": "ont", "va": "vont", "fait": "font", "peut": "peuvent",
    "doit": "doivent", "veut": "veulent", "sait": "savent", "dit": "disent", "vit": "vivent",
    "prend": "prennent", "met": "mettent", "voit": "voient", "tient": "tiennent",
    "vient": "viennent"}
_NUMBER_COUNTERPARTS.update({v: k for k, v in list(_NUMBER_COUNTERPARTS.items())})
_ADVERB_ENDINGS = ("ement", "amment", "emment", "ument", "ûment")
#: How a third-person singular verb ends (parle, finit, prend, va, vainc): the tagger also
#: marks nouns and adjectives as finite verbs, and their endings often give them away.
_SINGULAR_ENDINGS = ("e", "t", "d", "a", "c")
#: Nouns and adjectives spelt like a plural verb (« le ministre-président », « les membres
#: adhérents »), which the tagger may read as the verb.
_NOUNS_LIKE_PLURAL_VERBS = frozenset(
    "président résident adhérent parent content violent excellent convergent divergent "
    "négligent émergent affluent influent coïncident dissident expédient confluent couvent "
    "somment pressent".split())
#: Verbs that open a clause with their subject after them (« et reste la question du
#: financement », « et n’importe quoi »): after `et` they need not share the first subject.
_INVERTING_VERBS = frozenset(
    "reste restent demeure demeurent importe vive vivent faut suffit vient viennent suit "
    "suivent existe existent manque manquent subsiste subsistent ajoute ajoutent".split())


def _determiner_number(tok: Any) -> str | None:
    if tok.pos_ != "DET":
        return None
    lower = tok.lower_
    if lower in _PLURAL_DETERMINERS:
        return "Plur"
    if lower in _SINGULAR_DETERMINERS:
        return "Sing"
    return None


def _opens_clause(words: list[Any], k: int) -> bool:
    """Whether the determiner ``words[k]`` can begin the subject of a clause."""
    if k == 0:
        return True
    before = words[k - 1]
    if before.text in _PUNCT_OPENERS:
        return True
    lower = before.lower_
    if lower not in _CLAUSE_OPENERS:
        return False
    return not (lower.startswith("qu") and k >= 2
                and words[k - 2].lower_ in _COMPARATIVE_BEFORE_QUE)


def _verb_number(tok: Any) -> str | None:
    """The number of a third-person finite verb, when its morphology and its ending agree."""
    if tok.pos_ not in ("VERB", "AUX") or "Fin" not in tok.morph.get("VerbForm"):
        return None
    text = tok.text
    if not text.isalpha() or not text.islower():
        return None
    if set(tok.morph.get("Person")) & {"1", "2"}:
        return None
    number = tok.morph.get("Number")
    if number == ["Plur"] and text.endswith(("ent", "ont")):
        # The tagger takes some adverbs for verbs (« radicalement »); verbs in -iment are
        # kept when their lemma says so (« ils estiment »).
        if (text.endswith(_ADVERB_ENDINGS) or text in _NOUNS_LIKE_PLURAL_VERBS
                or not tok.lemma_.endswith(("er", "ir", "re", "oir"))
                or (text.endswith("iment") and not tok.lemma_.endswith("imer"))):
            return None
        return "Plur"
    if number == ["Sing"] and ((text.endswith(_SINGULAR_ENDINGS) and not text.endswith("nt"))
                               or text in ("vient", "tient")):
        return "Sing"
    return None


def _noun_phrase_end(words: list[Any], k: int, number: str) -> tuple[int, int] | None:
    """Where the subject noun phrase opened by ``words[k]`` ends, and its head's index.

    Only a determiner, premodifying adjectives, a common noun, its postmodifiers and up to
    two `de` complements are accepted: anything else (a relative, an apposition, a
    coordination) and the phrase is not read as a subject.
    """
    n = len(words)
    j = k + 1
    while j < n and j - k <= 2 and words[j].pos_ == "ADJ" and words[j].text.islower():
        j += 1
    if j >= n:
        return None
    head = words[j]
    text = head.text
    if (head.pos_ != "NOUN" or not text.islower() or not text.replace("-", "").isalpha()
            or head.lower_ in _COLLECTIVE_NOUNS):
        return None
    head_number = head.morph.get("Number")
    if number == "Plur" and (not text.endswith(("s", "x", "z")) or head_number == ["Sing"]):
        return None
    if number == "Sing" and head_number == ["Plur"]:
        return None
    head_i = j
    j += 1
    j = _postmodifiers(words, j, number)
    for _ in range(2):
        if j >= n or words[j].lower_ not in _COMPLEMENT_PREPOSITIONS:
            break
        c = j + 1
        if c < n and words[c].pos_ == "DET":
            c += 1
        while c < n and words[c].pos_ == "ADJ":
            c += 1
        if c >= n or words[c].pos_ not in ("NOUN", "PROPN"):
            return None
        j = _postmodifiers(words, c + 1, None)
    return j, head_i


def _postmodifiers(words: list[Any], j: int, number: str | None) -> int:
    start = j
    while j < len(words) and j - start < 3:
        tok = words[j]
        if tok.pos_ == "PROPN" and tok.text[:1].isupper():
            j += 1  # « les missiles Taurus », « le président Macron »
        elif not tok.text.islower():
            break
        elif tok.pos_ == "ADJ" or (tok.pos_ == "VERB" and "Part" in tok.morph.get("VerbForm")):
            j += 1
        elif tok.pos_ == "NOUN" and number is not None and tok.morph.get("Number") == [number]:
            j += 1  # « les médecins juniors »
        else:
            break
    return j


def _skip_preverbal(words: list[Any], j: int) -> int:
    start = j
    while j < len(words) and j - start < 3 and words[j].lower_ in _PREVERBAL \
            and words[j].pos_ != "DET":
        j += 1
    return j


def _agreeing_form(verb: Any, number: str) -> str | None:
    """The verb in the subject's number, when it can be formed with confidence."""
    text = verb.text
    if text in _NUMBER_COUNTERPARTS:
        return _NUMBER_COUNTERPARTS[text]
    if number == "Plur":
        if text.endswith("ait"):
            return text[:-1] + "ent"
        if text.endswith("ra"):
            return text[:-1] + "ont"
        lemma = verb.lemma_
        if lemma.endswith("er") and lemma != "aller" and text == lemma[:-2] + "e":
            return text + "nt"
    else:
        if text.endswith("aient"):
            return text[:-3] + "t"
        if text.endswith("ront"):
            return text[:-3] + "a"
        lemma = verb.lemma_
        if lemma.endswith("er") and lemma != "aller" and text == lemma[:-2] + "ent":
            return text[:-2]
    return None


#: Dashes and brackets around an aside (« – jusqu’à 500 km – »), which a coordinated verb may
#: follow; a comma may instead open another clause.
_INCISE_MARKS = frozenset("-–—()")


def _coordinated_verb(words: list[Any], v: int) -> int | None:
    """The index of a finite verb coordinated with ``words[v]`` by `et`, sharing its subject.

    Between the two verbs only infinitives, complements and participles may stand: a comma,
    a finite verb, a relative or a conjunction means the second verb may have a subject of
    its own.
    """
    n = len(words)
    j = v + 1
    while j < n and j - v <= 20:
        tok = words[j]
        if tok.lower_ == "et":
            break
        if ((tok.pos_ in ("PUNCT", "SCONJ") and tok.text not in _INCISE_MARKS)
                or tok.lower_ in _CLAUSE_BREAKS or "Fin" in tok.morph.get("VerbForm")
                or (tok.pos_ == "PRON" and "Nom" in tok.morph.get("Case"))):
            return None
        j += 1
    else:
        return None
    k = _skip_preverbal(words, j + 1)
    if k >= n or _verb_number(words[k]) is None or words[k].lower_ in _INVERTING_VERBS:
        return None
    if k + 1 < n and words[k + 1].text.startswith("-"):
        return None  # inversion: « et est-ce », « et a-t-il »
    return k


#: A cheap test for the segments worth tagging (tagging is the costliest step of a check): a
#: determiner opening a clause, a few words, then a verb form of the other number — a frequent
#: singular verb, an -ait or -ra ending, or an -ent/-ont ending — directly or after `et`.
_SINGULAR_VERB_FORMS = (
    r"(?:est|a|peut|doit|va|fait|veut|sait|dit|vit|prend|met|voit|tient|vient|reste|semble"
    r"|permet|montre|devient|contient|comprend|inclut|concerne|représente|constitue|continue"
    r"|compte|joue|existe|demeure|paraît|reçoit|offre|[a-zà-ÿ]+(?:ait|ra))")
_CLAUSE_START = (rf"(?i:^|[.;:!?«\",]{_SP}*|\b(?:que|qu[’']|lorsque|puisque|quand|si|car|mais|où"
                 rf"|dont){_SP}+)")
_PREVERBAL_RE = (rf"(?:(?:ne|se|le|la|les|lui|leur|y|en|nous|vous|me|te){_SP}+"
                 r"|[nslmt][’'])*")
#: Plural forms, leaving out the commonest nouns and adverbs in -ent (gouvernement, président,
#: client, souvent) that would make most sentences candidates.
_PLURAL_VERB_FORMS = r"(?:[a-zà-ÿ]*(?:ont|aient)|[a-zà-ÿ]*[^\W\dmdi]ent)"
_SUBJECT_WORDS = rf"(?:{_SP}+[^\s,;:.!?()«»]+){{1,7}}?{_SP}+"
_PLURAL_RE = r"(?i:les|des|ces|mes|tes|ses|nos|vos|leurs|plusieurs|quelques|certaine?s)"
_SINGULAR_RE = r"(?i:le|la|l[’']|une?|ce|cet|cette|mon|ma|ton|ta|son|sa|notre|votre|leur|chaque)"
_AGREEMENT_CANDIDATE = lazy_re(
    rf"{_CLAUSE_START}{_PLURAL_RE}{_SUBJECT_WORDS}{_PREVERBAL_RE}{_SINGULAR_VERB_FORMS}\b"
    rf"|{_CLAUSE_START}{_SINGULAR_RE}{_SUBJECT_WORDS}{_PREVERBAL_RE}{_PLURAL_VERB_FORMS}\b"
    rf"|{_CLAUSE_START}{_PLURAL_RE}\s.*\bet{_SP}+{_PREVERBAL_RE}{_SINGULAR_VERB_FORMS}\b"
    rf"|{_CLAUSE_START}{_SINGULAR_RE}\s.*\bet{_SP}+{_PREVERBAL_RE}{_PLURAL_VERB_FORMS}\b")


@rule(
    code="G006",
    name="subject-verb-number-disagreement",
    category=Category.GRAMMAR,
    severity=Severity.MAJOR,
    summary="A plural subject with a singular verb, or the reverse: `les médecins juniors ne "
            "peut pas`, `les missiles vous permettent d’atteindre … et est`.",
    explanation="""The finite verb agrees in number with its subject. Machine translation
    loses the agreement when the English verb has one form for both numbers ("can", "is"
    after a long subject) or when a second verb is coordinated far from its subject. The
    rule reads the number off the subject's determiner (les, des, ces… against le, la, un,
    ce…) and the verb's ending, and stays silent on collective and quantity nouns (la plupart
    des élus ont voté), coordinated subjects, pronouns and names.""",
    bad=(Example("Les médecins juniors ne ⟦peut⟧ pas couvrir toutes les gardes."),
         Example("Les missiles Taurus vous permettent d’atteindre des cibles lointaines et ⟦est⟧ "
                 "l’une des armes les plus précises."),
         Example("Selon lui, le gouvernement ⟦doivent⟧ agir vite."),),
    good=("Les médecins juniors ne peuvent pas couvrir toutes les gardes.",
          "La plupart des élus ont voté la motion.",
          "Les mesures que le gouvernement a prises sont impopulaires.",
          "Le ministre et les députés ont voté."),
    requires={"nlp"},
    authority="Grevisse & Goosse, Le Bon Usage; Le Robert, « Accord du verbe avec un sujet "
              "collectif »",
)
def subject_verb_number_disagreement(ctx: Context) -> Iterator[Hit]:
    from mtaudit.text import nlp

    view = ctx.view
    # Searched in the segment's own text, so that `^` is the start of the sentence.
    candidates = [s for s in ctx.french_segments
                  if _AGREEMENT_CANDIDATE.search(view.text[slice(*view.bounds(s))])]
    docs = nlp.analyses(ctx, candidates)
    for seg in candidates:
        words = [t for t in docs[seg.id] if not t.is_space]
        for k, det in enumerate(words):
            number = _determiner_number(det)
            if number is None or not _opens_clause(words, k):
                continue
            phrase = _noun_phrase_end(words, k, number)
            if phrase is None:
                continue
            end, head_i = phrase
            v = _skip_preverbal(words, end)
            if v >= len(words):
                continue
            verb_number = _verb_number(words[v])
            if verb_number is None:
                continue
            joiner = "" if det.text.endswith(("’", "'")) else " "
            subject = f"{det.lower_}{joiner}{words[head_i].text}"
            if verb_number == number:
                w = _coordinated_verb(words, v)
                if w is None or _verb_number(words[w]) == number:
                    continue
                v_first, v = words[v], w
                detail = f" (coordinated with `{v_first.text}`)"
                suggestion = None  # the rest of the clause may need rewording too
            else:
                detail = ""
                suggestion = _agreeing_form(words[v], number)
            verb = words[v]
            which = "Plural" if number == "Plur" else "Singular"
            verb_kind = "singular" if number == "Plur" else "plural"
            yield Hit(seg.start + verb.idx, seg.start + verb.idx + len(verb.text),
                      f"{which} subject `{subject}` with {verb_kind} verb `{verb.text}`"
                      f"{detail}: agreement slip, frequent in machine translation.",
                      suggestion=suggestion)


# --- G007 ---------------------------------------------------------------------------------

_UP = "A-ZÀ-ÖØ-ÞŒ"
_LOW = "a-zà-öø-ÿœ"
_NAME_WORD = f"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
_SURNAME = (f"(?:(?:de|du|von|van|der|den|Le|La|De|Di|Da|Van|Von|El|Al){_SP}+){{0,2}}"
            f"[{_UP}][{_LOW}’'{_UP}]+(?:-[{_UP}][{_LOW}]+)*")
_TITLE_MENTION = lazy_re(
    rf"(?<![\w’'.])(?P<title>M\.|Monsieur|Mme|Madame|Mlle|Mademoiselle){_SP}+"
    rf"(?:(?P<first>{_NAME_WORD}){_SP}+)?(?P<surname>{_SURNAME})(?![\w’'-])")
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
    rf"(?<![\w’'])(?:[Ll]a{_SP}+(?:{_ROLE_ADJECTIVE}{_SP}+)?(?:{_ROLES})"
    rf"|[Ll][’'](?:(?:ancienne|actuelle){_SP}+(?:{_ROLES})|(?:ex-)?(?:{_FEMININE_FORMS})))"
    rf"(?P<complement>(?:{_SP}+[\w’'-]+){{0,8}}?),{_SP}+"
    rf"(?P<first>{_NAME_WORD}){_SP}+(?P<surname>{_SURNAME})(?![\w’'-])")
#: Role nouns in a complement (« la porte-parole du président, Joe Biden »): the apposition
#: may then name the other person.
_ROLE_IN_COMPLEMENT = lazy_re(
    r"\b(?:du|au|le|de|la|l’|l')\s+(?:" + _ROLES + r"|président|directeur|sénateur|député"
    r"|ambassadeur|gouverneur|conseiller|dirigeant|fondateur|candidat|premier|envoyé)\b")
#: Two people who share a surname: « M. et Mme Dupont », « les époux Dupont », « Bill et
#: Hillary Clinton ».
_COUPLE = lazy_re(
    rf"(?:(?:M\.|Mme|Monsieur|Madame){_SP}+et{_SP}+(?:M\.|Mme|Monsieur|Madame)"
    rf"|(?:époux|couple|famille|frères|sœurs|parents|enfants){_SP}+"
    rf"|{_NAME_WORD}{_SP}+et{_SP}+{_NAME_WORD}){_SP}+(?P<surname>{_SURNAME})(?![\w’'-])")
_FULL_NAME = lazy_re(rf"(?<![\w’'.-])(?P<first>{_NAME_WORD}){_SP}+(?P<surname>{_SURNAME})"
                     r"(?![\w’'-])")
#: Capitalised words that open a sentence before a surname and are no first names.
_NOT_FIRST_NAMES = frozenset(
    "Le La Les Un Une Des Et Mais Ou Donc Or Ni Car Selon Pour Par Avec Sans Sous Sur Dans En "
    "Après Avant Pendant Depuis Ainsi Alors Quand Si Lorsque Puisque Comme Chez Contre Vers "
    "Entre Face Outre Hier Aujourd Déjà Enfin Puis Ensuite Aussi Même Seul Seule Cependant "
    "Toutefois Pourtant Certes Monsieur Madame Mademoiselle Mme Mlle".split())
_NAME_BEFORE = lazy_re(rf"({_NAME_WORD}){_SP}+$")


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
