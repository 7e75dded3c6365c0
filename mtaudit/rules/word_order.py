"""Syntax traces of MT, word order: an adverb or an aside between the subject and its verb
(W010, W011), a relational adjective before its noun (W012).  Authorities and method: see
``mtaudit.rules.syntax``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mtaudit.core.document import Category, Severity
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule
from mtaudit.rules.syntax import (
    BU,
    FINITE_FORMS,
    LOWER_WORD,
    NOT_BARE,
    PREVERBAL,
    SP,
    candidate_segments,
    clause_start,
    is_finite,
    tagged_segments,
)
from mtaudit.text.patterns import alternation

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
    r"(?i:\b(?:il|ils|on|je|tu|elle|elles|nous|vous))" + SP + r"+(?:" + _TIME_ALTERNATION
    + r")" + SP + r"+[a-zà-ÿ]|(?<![\w’'-])(?:" + _TIME_ALTERNATION + r")" + SP + r"+(?:"
    + alternation(FINITE_FORMS) + r"|[a-zà-ÿ]+(?:ait|aient))\b")


def _adverb(tok: Any) -> bool:
    lower = tok.lower_
    if (lower in _NOT_ADVERBS or lower in PREVERBAL or len(lower) < 3
            or not LOWER_WORD.fullmatch(tok.text) or (not lower.isalpha()
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
    authority=BU + ", § 661",
)
def adverb_between_subject_and_verb(ctx: Context) -> Iterator[Hit]:
    candidates = candidate_segments(ctx, _ADVERB_CANDIDATE)
    for seg, words in tagged_segments(ctx, candidates):
        for i, tok in enumerate(words[:-2]):
            adv = words[i + 1]
            if not _adverb(adv) or not (is_finite(words[i + 2]) or (
                    tok.lower_ in _CLITIC_SUBJECTS and _present_shaped(words[i + 2]))):
                continue
            lower = tok.lower_
            if lower in _CLITIC_SUBJECTS or lower in _STRESSABLE_SUBJECTS:
                if tok.text.startswith("-") or tok.pos_ != "PRON":
                    continue  # inversion: « a-t-il aussi dit »
                if lower in _STRESSABLE_SUBJECTS and (adv.lower_ in _FOCUS_AFTER_STRESSED
                                                      or not clause_start(words, i)):
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
    return (tok.pos_ in ("VERB", "AUX") and LOWER_WORD.fullmatch(tok.text) is not None
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
        return k if clause_start(words, k) and words[k].text[:1].isupper() else None
    k = i
    if head.text.endswith(("é", "ée", "és", "ées")) and "Part" in head.morph.get("VerbForm"):
        return None
    while k > 0 and i - k < 3:
        prev = words[k - 1]
        if prev.pos_ == "DET":
            return k - 1 if clause_start(words, k - 1) else None
        if prev.pos_ in ("ADJ", "NOUN") and LOWER_WORD.fullmatch(prev.text):
            k -= 1
            continue
        return None
    return None


# --- W011 aside-after-subject-clitic ------------------------------------------------------

_CLITIC_ASIDE = lazy_re(
    r"(?<![\w’'-])(?P<pron>[Ii]l|[Ii]ls|[Oo]n|[Jj]e|[Tt]u)" + SP + r"*,(?P<aside>[^,.;:!?«»()]"
    r"{2,80}),(?P<after>" + SP + r"*[a-zà-ÿ’']+)")


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
    authority=BU + ", § 661",
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
        if not (after in FINITE_FORMS or after in PREVERBAL
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


NATIONALITY_FORMS = frozenset(f for a in _NATIONALITIES for f in _forms(a))
_DOMAIN_FORMS = frozenset(f for a in _DOMAIN_ADJECTIVES for f in _domain_forms(a))
_RELATIONAL_FORMS = NATIONALITY_FORMS | _DOMAIN_FORMS
#: Masculine singular forms that also name a language (le russe, l’anglais courant), which
#: a noun may follow in apposition (« le français langue étrangère »).
_LANGUAGE_FORMS = frozenset(
    "russe ukrainien français anglais allemand chinois italien espagnol polonais japonais "
    "turc hongrois roumain bulgare serbe croate grec suédois finlandais norvégien danois "
    "néerlandais tchèque slovaque lituanien letton estonien géorgien arménien portugais "
    "albanais islandais slovène coréen".split())
_PREPOSED_CANDIDATE = lazy_re(
    r"(?i:\b(?:le|la|les|l’|l'|un|une|des|ce|cet|cette|ces|son|sa|ses|leur|leurs|notre|nos"
    r"|du|au|aux))" + SP + r"*(?:" + alternation(_RELATIONAL_FORMS)
    + r")" + SP + r"+[a-zà-ÿ]")
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
    authority=BU + ", § 335",
)
def preposed_relational_adjective(ctx: Context) -> Iterator[Hit]:
    candidates = candidate_segments(ctx, _PREPOSED_CANDIDATE)
    for seg, words in tagged_segments(ctx, candidates):
        for i in range(1, len(words) - 1):
            adj, det, noun = words[i], words[i - 1], words[i + 1]
            if (adj.lower_ not in _RELATIONAL_FORMS or not adj.text.islower()
                    or det.lower_ not in _DETERMINER_WORDS):
                continue
            if i >= 2 and words[i - 2].lower_ == "à" and adj.lower_ in NATIONALITY_FORMS:
                continue  # « à la russe », « à la française »: a manner
            if not LOWER_WORD.fullmatch(noun.text) or noun.lower_ in NOT_BARE:
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
