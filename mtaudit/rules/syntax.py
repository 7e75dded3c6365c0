"""Syntax traces of machine translation: determiners, elision, word order, gender, tenses.

Source languages without articles (Russian, Ukrainian, Polish, Czech) leave French nouns bare
(`dans ville`, `Armée russe a attaqué`); English and Russian put adverbs and asides between
the subject and its verb (`Le président lundi a signé`, `il, selon ses proches, a refusé`),
adjectives before the noun (`la russe armée`) and a modifying name before its head
(`le Tesla PDG`); Italian puts an article before a woman's surname (`la Meloni`); segment-wise
translation and spinning break elision (`que il`, `la OTAN`) and the gender of acronyms (`le
CIA`); English past tenses come out as an alternation of passé simple and passé composé.
These are the *word order* and *function word* errors of the error classifications of MT
output (Vilar, Xu, D’Haro & Ney, « Error Analysis of Statistical Machine Translation Output »,
LREC 2006: missing words / word order / incorrect forms; MQM, « Grammar: word order, function
words, agreement, tense/mood/aspect »).

Authorities for the French rules: Grevisse & Goosse, *Le Bon Usage*, 16e éd. (§ 587 article
devant les noms propres de personnes et de pays; § 44-45 élision; § 335 place de l’adjectif;
§ 661 pronom personnel conjoint sujet, « aucun mot ne peut le séparer du verbe, sauf les
autres pronoms conjoints et ne »); Banque de dépannage linguistique (OQLF), « Article devant
un nom de personne », « Élision », « Genre des sigles », « Place de l’adjectif », « Passé
simple et passé composé »; Académie française, *Dire, ne pas dire*, « la Callas ».

Most rules read part-of-speech tags (spaCy ``fr_core_news_sm`` tagger and morphologizer,
``mtaudit.nlp``) on the few segments a cheap pattern made candidates; none needs the
dependency parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mtaudit import lexicon
from mtaudit.model import Category, Segment, SegmentKind, Severity
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule

_SP = r"[ \u00a0\u202f]"
_BU = "Grevisse & Goosse, Le Bon Usage; OQLF, Banque de dépannage linguistique"
_UP = "A-ZÀ-ÖØ-ÞŒ"
_LOW = "a-zà-öø-ÿœ"


def _words(doc: Any) -> list[Any]:
    return [t for t in doc if not t.is_space]


def _is_word(tok: Any) -> bool:
    return tok.text.replace("-", "").replace("’", "").replace("'", "").isalpha()


#: Third-person finite forms common enough to be recognised without the tagger.
_FINITE_FORMS = frozenset(
    "a ont est sont était étaient avait avaient sera seront serait seraient aura auront aurait "
    "auraient va vont doit doivent peut peuvent veut veulent fait font dit disent fut furent "
    "eut eurent reste restent semble semblent devrait devraient pourrait pourraient".split())


def _finite(tok: Any) -> bool:
    """A finite verb (the tagger also reads some quotation marks as verbs: words only)."""
    if not _is_word(tok) or not tok.text.islower():
        return False
    if tok.lower_ in _FINITE_FORMS:
        return True
    return tok.pos_ in ("VERB", "AUX") and "Fin" in tok.morph.get("VerbForm")


#: What may stand between a subject and its verb: ne and the conjoined object pronouns.
_PREVERBAL = frozenset(
    "ne n’ n' se s’ s' le la les l’ l' lui leur y en me m’ m' te t’ t' nous vous".split())


def _verb_after(words: list[Any], j: int) -> int | None:
    """The index of a finite verb at ``j``, past ne and conjoined pronouns, if there is one."""
    start = j
    while j < len(words) and j - start < 3 and words[j].lower_ in _PREVERBAL:
        j += 1
    if j < len(words) and _finite(words[j]):
        return j
    return None


def _candidates(ctx: Context, pattern: Any, kinds: frozenset[SegmentKind] | None = None
                ) -> list[Segment]:
    view = ctx.view
    return [s for s in ctx.french_segments
            if (kinds is None or s.kind in kinds)
            and pattern.search(view.text[slice(*view.bounds(s))])]


_SENTENCES = frozenset({SegmentKind.SENTENCE})
#: Words after which a clause (and so a subject) begins.
_CLAUSE_OPENERS = frozenset(
    "et mais car que qu’ qu' quand lorsque lorsqu’ lorsqu' puisque puisqu’ puisqu' si où "
    "dont comme alors ensuite puis".split())
_OPENING_PUNCT = frozenset("«“\"—–-(:;")


def _clause_start(words: list[Any], i: int) -> bool:
    """Whether ``words[i]`` opens a clause: sentence start, after a conjunction or a colon."""
    if i == 0:
        return True
    before = words[i - 1]
    return before.text in _OPENING_PUNCT or before.lower_ in _CLAUSE_OPENERS


# --- G008 missing-determiner --------------------------------------------------------------

#: Prepositions after which a common noun needs a determiner in French: no fixed phrase has a
#: bare noun after them (unlike « sur place », « avec succès », « par exemple », « en ville »).
_DET_PREPOSITIONS = frozenset("dans parmi pendant durant malgré selon envers".split())
#: Words that may follow those prepositions without a determiner: determiners, pronouns,
#: quantifiers, numerals and adverbs, and the few nouns that act as quantifiers or times.
_NOT_BARE = frozenset("""
    le la les l’ l' un une des du ce cet cette ces mon ma mes ton ta tes son sa ses notre nos
    votre vos leur leurs quel quelle quels quelles chaque plusieurs certains certaines
    quelques quelque tout toute tous toutes aucun aucune nul nulle maints maintes différents
    différentes divers diverses tel telle tels telles pareil pareille pareils pareilles
    semblable lequel laquelle lesquels lesquelles lui elle eux elles moi toi soi nous vous
    celui celle ceux celles cela ceci ça quoi qui que qu’ qu' chacun chacune rien personne
    autrui environ près moins plus peu beaucoup autant combien trop assez bien presque
    nombre bon midi minuit deux trois quatre cinq six sept huit neuf dix onze douze treize
    quatorze quinze seize vingt trente quarante cinquante soixante cent cents mille
    longtemps toujours jamais ailleurs partout ici là lors quoique ceux-ci ceux-là
    celle-ci celle-là celui-ci celui-là cela-même janvier février mars avril mai juin
    juillet août septembre octobre novembre décembre lundi mardi mercredi jeudi vendredi
    samedi dimanche
    """.split())
#: Capitalised words that open a sentence before a finite verb without being a bare noun
#: subject: fixed phrases (« Force est de constater », « Reste que », « Preuve en est »),
#: forms of address and titles used as names (« Madame la ministre a… »).
_BARE_OPENERS = frozenset("""
    force reste preuve toujours rien personne nul chacun beaucoup peu certains plusieurs tout
    tous bien mieux grand libre dommage honte place question bref madame monsieur
    mademoiselle maître monseigneur docteur professeur mme mlle me dr pr sa son leur votre
    papa maman père mère oncle tante frère sœur saint sainte cause raison mission chose
    autant tant reste toute
    """.split())
_ARTICLES_BY_GENDER = {("Masc", "Sing"): "le", ("Fem", "Sing"): "la"}
_DET_CANDIDATE = lazy_re(
    r"(?i:\b(?:dans|parmi|pendant|durant|malgré|selon|envers))" + _SP + r"+[a-zà-ÿ]"
    + r"|^[«“\"—–-]?" + _SP + r"*[" + _UP + r"][\w’'-]+" + _SP)
_LOWER_WORD = re.compile(rf"[{_LOW}][{_LOW}’'-]*")


def _bare_noun(tok: Any) -> bool:
    """A lower-case word that is no determiner, pronoun, numeral or adverb: a noun.

    The tagger reads some bare nouns as pronouns (`sur front`): a pronoun outside the closed
    list of French pronouns is taken for the noun it is.
    """
    if (not _LOWER_WORD.fullmatch(tok.text) or tok.lower_ in _NOT_BARE
            or "même" in tok.lower_):
        return False
    return tok.pos_ == "NOUN" or (tok.pos_ == "PRON" and len(tok.text) > 3)


def _article_for(tok: Any) -> str | None:
    gender, number = tok.morph.get("Gender"), tok.morph.get("Number")
    if number == ["Plur"]:
        return "les"
    if tok.text[:1] in "aeiouéèêâîôûh":
        return "l’"
    if len(gender) == 1 and number in (["Sing"], []):
        return _ARTICLES_BY_GENDER.get((gender[0], "Sing"))
    return None


@rule(
    code="G008",
    name="missing-determiner",
    category=Category.GRAMMAR,
    severity=Severity.MAJOR,
    summary="A common noun or a country name without the determiner French requires: after "
            "`dans`, `parmi`, `pendant`, `selon`… (`dans ville`), or as the subject opening a "
            "sentence (`Armée russe a attaqué`, `Ukraine a lancé`).",
    explanation="""French noun phrases in argument position need a determiner (la ville,
    l’armée russe, l’Ukraine); a bare noun is limited to fixed phrases (avoir peur, sur place,
    avec succès, en ville) and to attributes and appositions. Russian, Ukrainian, Polish or
    Czech have no articles, and machine translation from them leaves the noun bare: « dans
    ville », « Armée russe a attaqué la ville ». The rule flags a bare noun only where French
    has no fixed phrase — after dans, parmi, pendant, durant, malgré, selon, envers — and a
    bare noun or name of country opening a sentence before its verb.""",
    bad=(
        Example("Les combats se poursuivent ⟦dans ville⟧ depuis l’aube."),
        Example("Il l’a dit ⟦selon source⟧ proche du dossier."),
        Example("⟦Armée⟧ russe a attaqué la ville de Kharkiv. L’armée ukrainienne a riposté."),
        Example("⟦Situation⟧ sur le front est difficile. La situation humanitaire aussi."),
        Example("⟦Ukraine⟧ a lancé une contre-offensive au sud.", fix="L’Ukraine"),
        Example("⟦États-Unis⟧ ont annoncé de nouvelles sanctions.", fix="Les États-Unis"),
    ),
    good=(
        "Les combats se poursuivent dans la ville depuis l’aube.",
        "Il l’a dit dans quelques jours, selon lui, puis pendant longtemps.",
        "Force est de constater que l’armée russe a attaqué la ville.",
        "Madame la ministre a répondu aux questions des députés.",
        "Preuve en est, la situation sur le front reste difficile.",
        "Père de trois enfants, il a quitté l’armée en 2019.",
        "Israël a lancé une offensive ; Cuba a protesté.",
        "Matignon a démenti. Le matignon est un hôtel particulier ; à Matignon, on se tait.",
        "Russie unie a remporté les élections ; France 24 a diffusé les résultats.",
        "Vers midi, parmi eux, selon nombre d’experts, rien n’avait changé.",
    ),
    fixable=True,
    requires={"nlp"},
    authority=_BU,
)
def missing_determiner(ctx: Context) -> Iterator[Hit]:
    from mtaudit import nlp

    candidates = _candidates(ctx, _DET_CANDIDATE)
    docs = nlp.analyses(ctx, candidates)
    for seg in candidates:
        words = _words(docs[seg.id])
        for i, tok in enumerate(words[:-1]):
            if tok.lower_ in _DET_PREPOSITIONS:
                noun = words[i + 1]
                if _bare_noun(noun) and not _followed_by_de_quantity(words, i + 1):
                    yield Hit(seg.start + tok.idx, seg.start + noun.idx + len(noun.text),
                              f"`{tok.text} {noun.text}`: the noun has no determiner; after "
                              f"`{tok.lower_}` French needs one (articles are missing in "
                              "translations from Russian, Polish or other article-less "
                              "languages).",
                              suggestion=_with_article(tok.text, noun))
        if seg.kind is SegmentKind.SENTENCE:
            yield from _bare_subject(ctx, seg, words)


def _followed_by_de_quantity(words: list[Any], i: int) -> bool:
    """« selon nombre d’experts »-like quantifying nouns are listed; this adds `sorte de`."""
    return i + 1 < len(words) and words[i].lower_ in ("sorte", "espèce", "genre") \
        and words[i + 1].lower_ in ("de", "d’", "d'")


def _with_article(prep: str, noun: Any) -> str | None:
    article = _article_for(noun)
    if article is None:
        return None
    joiner = "" if article.endswith("’") else " "
    return f"{prep} {article}{joiner}{noun.text}"


_LOWER_FORMS = re.compile(rf"(?<![\w-])[{_LOW}][{_LOW}-]*(?![\w’'-])")
_MID_CAPITALS = re.compile(rf"(?<=[{_LOW},]{_SP})[{_UP}][{_LOW}-]+(?![\w’'-])")


def _case_evidence(ctx: Context) -> tuple[frozenset[str], frozenset[str]]:
    """Words written in lower case in the document, and words capitalised mid-sentence."""
    cached = ctx.extras.get("syntax.case")
    if cached is None:
        text = ctx.view.text
        cached = (frozenset(_LOWER_FORMS.findall(text)), frozenset(_MID_CAPITALS.findall(text)))
        ctx.extras["syntax.case"] = cached
    return cached  # type: ignore[no-any-return]


def _bare_subject(ctx: Context, seg: Segment, words: list[Any]) -> Iterator[Hit]:
    """A sentence opened by a bare common noun or country name followed by its verb."""
    i = 1 if words and words[0].text in _OPENING_PUNCT else 0
    if i >= len(words):
        return
    first = words[i]
    name = lexicon.lookup(first.text)
    if name is None and i + 1 < len(words) and words[i + 1].text[:1].isupper():
        name = lexicon.lookup(f"{first.text} {words[i + 1].text}")
    if name is not None:
        end = i + len(name.text.split())
        if end < len(words) and (words[end].lower_ in lexicon_continuations()
                                 or words[end].text[:1].isupper()
                                 or words[end].text[:1].isdigit()):
            return
        if _verb_after(words, end) is None:
            return
        article = name.with_article()
        fix = article[0].upper() + article[1:]
        last = words[end - 1]
        yield Hit(seg.start + first.idx, seg.start + last.idx + len(last.text),
                  f"`{name.text}` opens the sentence without its article: French says "
                  f"« {fix} » (names of countries and institutions take the article).",
                  replacement=fix)
        return
    text = first.text
    if (first.pos_ != "NOUN" or not text[:1].isupper() or not text[1:].islower()
            or not text.isalpha() or first.lower_ in _BARE_OPENERS or len(text) < 4):
        return
    # The tagger takes names opening a sentence for nouns (« Israël a lancé », « Matignon a
    # démenti »): the word must be written in lower case elsewhere in the document, and never
    # capitalised in mid-sentence.
    lower_forms, mid_capitals = _case_evidence(ctx)
    if first.lower_ not in lower_forms or text in mid_capitals:
        return
    # Up to three modifiers of the noun (adjectives, a `de`/`sur` complement) before the verb.
    j = i + 1
    while j < len(words) and j - i <= 4 and _LOWER_WORD.fullmatch(words[j].text) \
            and words[j].pos_ in ("ADJ", "ADP", "NOUN", "DET") and not _finite(words[j]):
        j += 1
    v = _verb_after(words, j)
    if v is None or j == v and words[j].pos_ == "ADP":
        return
    if not all(w.pos_ in ("ADJ", "ADP", "NOUN", "DET") for w in words[i + 1:j]):
        return
    if j > i + 1 and words[j - 1].pos_ in ("ADP", "DET"):
        return
    article = _article_for(first)
    lower = text.lower()
    fix = None
    if article is not None:
        fix = (article.capitalize() + lower) if article.endswith("’") \
            else f"{article.capitalize()} {lower}"
    yield Hit(seg.start + first.idx, seg.start + first.idx + len(text),
              f"The subject `{text} …` has no determiner: a bare noun cannot open a French "
              "sentence (the article is missing, as in translations from article-less "
              "languages).",
              suggestion=fix)


def lexicon_continuations() -> frozenset[str]:
    from mtaudit.rules.grammar import _NAME_CONTINUATIONS

    return _NAME_CONTINUATIONS
