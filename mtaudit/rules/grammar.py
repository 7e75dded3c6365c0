"""Grammar slips that machine translation makes: missing articles, agreement, verb forms.

English names countries and institutions without an article ("betraying Ukraine"), French with
one (trahir l’Ukraine); English "any talks" is plural where French `tout` wants a singular
noun; an English "would probably meet" split around a quoted adverb comes out as a capitalised
imperative (`qu’il « probablement » Rencontrez`). Authorities: Banque de dépannage linguistique
(OQLF), « Noms de pays : emploi de l’article », « Tout »; Grevisse & Goosse, *Le Bon Usage*,
§ 616 (tout déterminant), § 587 (article devant les noms de pays).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mtaudit import lexicon
from mtaudit.model import Category, Segment, Severity
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule

_BDL = "OQLF, Banque de dépannage linguistique; Grevisse & Goosse, Le Bon Usage"
_SP = r"[ \u00a0\u202f]"

# --- G001 ---------------------------------------------------------------------------------

#: Words after which a gazetteer name needs its article: prepositions that do not absorb it
#: (unlike `en` and `de`: « en Ukraine », « président de Russie » are right) and negation
#: adverbs that close a verb group (« ne trahit pas Ukraine »).
_ARTICLE_TRIGGERS = frozenset({
    "avec", "pour", "contre", "par", "sur", "vers", "entre", "chez", "sans", "envers", "à",
    "depuis", "pas", "plus", "jamais", "guère", "soutenir", "trahir", "attaquer", "envahir",
    "aider", "quitter", "rejoindre"})
#: Words after a name that make it part of another name: « Russie unie », « France 24 ».
_NAME_CONTINUATIONS = frozenset({"unie", "insoumise", "télévisions", "info", "inter", "culture",
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
    ),
    good=(
        "Trump ne trahit pas l’Ukraine et poursuit la paix.",
        "Il vit en Ukraine depuis que l’ambassadeur de France est parti.",
        "Le parti Russie unie a remporté les élections, selon France 24.",
        "Il est invité sur France Inter.",
    ),
    fixable=True,
    requires={"nlp"},
    authority=_BDL,
)
def missing_article_before_country_name(ctx: Context) -> Iterator[Hit]:
    from mtaudit import nlp

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
                          or after.group(1).lower() in _NAME_CONTINUATIONS):
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
    from mtaudit import nlp

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
