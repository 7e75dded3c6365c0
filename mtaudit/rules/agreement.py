"""Grammar traces of MT, agreement: a subject and its verb disagreeing in number (G006).
Authorities: see ``mtaudit.rules.grammar``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mtaudit.core.document import Category, Severity
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule
from mtaudit.rules.grammar import SP

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
_CLAUSE_START = (rf"(?i:^|[.;:!?«\",]{SP}*|\b(?:que|qu[’']|lorsque|puisque|quand|si|car|mais|où"
                 rf"|dont){SP}+)")
_PREVERBAL_RE = (rf"(?:(?:ne|se|le|la|les|lui|leur|y|en|nous|vous|me|te){SP}+"
                 r"|[nslmt][’'])*")
#: Plural forms, leaving out the commonest nouns and adverbs in -ent (gouvernement, président,
#: client, souvent) that would make most sentences candidates.
_PLURAL_VERB_FORMS = r"(?:[a-zà-ÿ]*(?:ont|aient)|[a-zà-ÿ]*[^\W\dmdi]ent)"
_SUBJECT_WORDS = rf"(?:{SP}+[^\s,;:.!?()«»]+){{1,7}}?{SP}+"
_PLURAL_RE = r"(?i:les|des|ces|mes|tes|ses|nos|vos|leurs|plusieurs|quelques|certaine?s)"
_SINGULAR_RE = r"(?i:le|la|l[’']|une?|ce|cet|cette|mon|ma|ton|ta|son|sa|notre|votre|leur|chaque)"
_AGREEMENT_CANDIDATE = lazy_re(
    rf"{_CLAUSE_START}{_PLURAL_RE}{_SUBJECT_WORDS}{_PREVERBAL_RE}{_SINGULAR_VERB_FORMS}\b"
    rf"|{_CLAUSE_START}{_SINGULAR_RE}{_SUBJECT_WORDS}{_PREVERBAL_RE}{_PLURAL_VERB_FORMS}\b"
    rf"|{_CLAUSE_START}{_PLURAL_RE}\s.*\bet{SP}+{_PREVERBAL_RE}{_SINGULAR_VERB_FORMS}\b"
    rf"|{_CLAUSE_START}{_SINGULAR_RE}\s.*\bet{SP}+{_PREVERBAL_RE}{_PLURAL_VERB_FORMS}\b")


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
