"""Untranslated words: English (or Cyrillic, Greek…) words and phrases left inside French prose.

An English word left by machine translation (`politique de tariffs massifs`, `son interest
ailleurs`) is common in English and rare in French.  Word frequencies come from ``wordfreq``
(Speer, *wordfreq* v3, Zenodo 2022, doi:10.5281/zenodo.7199437: Zipf scale, 0–8); a span that
passes the frequency test is vetoed when per-span language identification
(``lingua-language-detector``, Stahl 2023, when installed) reads it as French.  Names (any
capitalised word in mid-sentence), publication titles, established loanwords, the project word
list, URLs and hashtags, glosses in parentheses and terms repeated on purpose are left alone.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from mtaudit.core.document import Category, Segment, Severity
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule

_LETTERS = "A-Za-zÀ-ÖØ-öø-ÿ"
#: Words split at apostrophes, so that French elision (l’interest) leaves the English word bare.
_WORD = lazy_re(rf"[{_LETTERS}]+(?:-[{_LETTERS}]+)*")
_LINK = lazy_re(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|[#@][\w-]+|\S+\.(?:com|org|net|fr)\b\S*")
_INTRODUCED_AS_ENGLISH = lazy_re(r"\b(?:en anglais|in english|en version originale|en VO)\b",
                                    re.IGNORECASE)
_OPENING_QUOTES, _CLOSING_QUOTES = "«“", "»”"

#: Thresholds on the Zipf scale: common in English, rare in French, and clearly apart.
MIN_ENGLISH_ZIPF = 3.3
MAX_FRENCH_ZIPF = 3.3
MIN_GAP = 1.2
#: A French inflection of a common French word (``promises`` ← ``promis``) is French.
FRENCH_STEM_ZIPF = 3.5

def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: English function words that join untranslated words into one phrase; none is French.
ENGLISH_GLUE = _wordset("""the of and to with this that these those be is are was were have
has had you we they it its their our your my say says said not will would should can could at
by from for least more most all""")
#: Glue words that are also French (a, on, an, or…): inside a phrase only, never at its edges.
AMBIGUOUS_GLUE = _wordset("a in on an or as")
#: Hyphenated English compounds are recognised by an English linking word inside them
#: (``vote-a-rama``, ``state-of-the-art``); French inversions (``a-t-il``) carry t, il, on….
ENGLISH_LINKS = _wordset("a of the to and in on for by")
FRENCH_INVERSION = _wordset("t il elle on ils elles je tu nous vous")


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("mtaudit.data").joinpath("untranslated.toml").read_text("utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def loanwords() -> frozenset[str]:
    return frozenset(_data()["loanwords"].split())


@lru_cache(maxsize=65536)
def zipf(word: str) -> tuple[float, float]:
    """English and French Zipf frequencies of a lower-case word."""
    from mtaudit.text.frequency import zipf as zipf_frequency

    return zipf_frequency(word, "en"), zipf_frequency(word, "fr")


def _french_inflection(word: str) -> bool:
    """Whether ``word`` is an inflected form of a common French word."""
    stems = []
    if word.endswith("es"):
        stems += [word[:-2], word[:-1]]
    elif word.endswith(("s", "e")):
        stems.append(word[:-1])
    if word.endswith("ive"):
        stems.append(word[:-3] + "if")
    return any(zipf(s)[1] >= FRENCH_STEM_ZIPF for s in stems if len(s) > 2)


#: With a real lexicon, an unknown word needs less English frequency to count as English.
LEXICON_MIN_ENGLISH_ZIPF = 2.0
LEXICON_MIN_GAP = 0.5


def _loanword(word: str) -> bool:
    loans = loanwords()
    return word in loans or (word.endswith("s") and word[:-1] in loans)


def english_evidence(word: str, capitalised: bool = False) -> str | None:
    """Why a lower-case word reads as English, or ``None`` when it may be French.

    With the French lexicon installed (``mtaudit.text.frlexicon``), a French word form is never
    English, and a word that is no French form needs only to be clearly more English than
    French; without it, the frequency thresholds alone decide.  A capitalised word (the first
    of its sentence) may be a name, which no lexicon lists: the frequency thresholds decide.
    """
    if not word.isascii() or len(word) < 3 or _loanword(word):
        return None
    from mtaudit.text.frlexicon import lexicon

    lex = lexicon()
    if lex is not None and "-" not in word:
        if lex.knows(word):
            return None
        en, fr = zipf(word)
        if (not capitalised and en >= LEXICON_MIN_ENGLISH_ZIPF and en - fr >= LEXICON_MIN_GAP
                and not _french_inflection(word)):
            return (f"not a French word form (DELA lexicon); word frequency: English {en:.1f}, "
                    f"French {fr:.1f} on the Zipf scale")
    if "-" in word:
        parts = word.split("-")
        if (any(p in ENGLISH_LINKS for p in parts[1:-1])
                and not any(p in FRENCH_INVERSION for p in parts)):
            return "an English compound"
        return None
    en, fr = zipf(word)
    if en >= MIN_ENGLISH_ZIPF and fr <= MAX_FRENCH_ZIPF and en - fr >= MIN_GAP:
        if _french_inflection(word):
            return None
        return f"word frequency: English {en:.1f}, French {fr:.1f} on the Zipf scale"
    if word.endswith("ant") and en == 0 and fr == 0:
        stem = word[:-3]
        stem_en, stem_fr = zipf(stem)
        if stem_en >= 3.5 and stem_fr <= 3.0 and zipf(stem + "ing")[0] >= 3.0:
            return f"the English verb '{stem}' with a French participle ending"
    return None


#: Source languages of machine-translated news besides English, with their names.
OTHER_LANGUAGES = {"it": "Italian", "es": "Spanish", "de": "German", "pt": "Portuguese",
                   "pl": "Polish", "nl": "Dutch", "cs": "Czech", "tr": "Turkish",
                   "ro": "Romanian"}
MIN_OTHER_ZIPF = 4.5
MIN_OTHER_GAP = 2.0


@lru_cache(maxsize=65536)
def other_language_evidence(word: str) -> str | None:
    """Why a lower-case word that is no French form reads as Italian, German, Polish…

    Only with the French lexicon: a word it does not know that is common in one of the usual
    source languages of translated news and rare in French (wordfreq) is left untranslated.
    """
    from mtaudit.text.frequency import zipf as zipf_frequency
    from mtaudit.text.frlexicon import lexicon

    lex = lexicon()
    if lex is None or len(word) < 4 or "-" in word or lex.knows(word) or _loanword(word):
        return None
    fr = zipf(word)[1]
    best = max(OTHER_LANGUAGES, key=lambda lang: zipf_frequency(word, lang))
    other = zipf_frequency(word, best)
    if other >= MIN_OTHER_ZIPF and other - fr >= MIN_OTHER_GAP:
        return (f"not a French word form; a common {OTHER_LANGUAGES[best]} word (word "
                f"frequency: {OTHER_LANGUAGES[best]} {other:.1f}, French {fr:.1f})")
    return None


def reads_as_french(text: str) -> bool:
    """Per-span language identification, when lingua is installed: French ranked first
    (``mtaudit.text.spanlang``: in this process, or in the server a pool shares)."""
    from mtaudit.text import spanlang

    return spanlang.reads_as_french(text)


@dataclass(frozen=True)
class Run:
    """Adjacent English-looking words in one segment."""

    start: int
    end: int
    reasons: tuple[str, ...]


def _english_runs(ctx: Context, seg: Segment) -> Iterator[Run]:
    """Runs of English-looking words in ``seg``, in prose-view offsets (markup left out)."""
    prose = ctx.view.text
    lo, hi = ctx.view.bounds(seg)
    words = ctx.words
    tokens: list[tuple[int, int, str | None, bool]] = []  # start, end, evidence, is glue
    for i, m in enumerate(_WORD.finditer(prose, lo, hi)):
        word = m.group()
        lower = word.lower()
        first = i == 0
        if lower in words or not (word.islower() or (first and word[1:].islower())):
            tokens.append((m.start(), m.end(), None, False))
            continue
        evidence = english_evidence(lower, capitalised=not word.islower())
        if evidence is None and word.islower():
            evidence = other_language_evidence(lower)
        glue = evidence is None and (lower in ENGLISH_GLUE or lower in AMBIGUOUS_GLUE)
        tokens.append((m.start(), m.end(), evidence, glue))
    if len(tokens) > 1 and tokens[0][2] is None and _english_follows(tokens[1:], prose):
        # A capitalised first word may be a name; followed by English, it is English too
        # (« Customize this title »).
        first_word = prose[tokens[0][0]:tokens[0][1]]
        if first_word[1:].islower() and first_word.lower() not in words:
            evidence = english_evidence(first_word.lower())
            if evidence:
                tokens[0] = (tokens[0][0], tokens[0][1], evidence, False)
    run: list[tuple[int, int, str | None, bool]] = []
    for tok in [*tokens, (hi, hi, None, False)]:
        adjacent = bool(run) and not prose[run[-1][1]:tok[0]].strip()
        if (tok[2] or tok[3]) and (adjacent or not run):
            run.append(tok)
            continue
        yield from _close(run, prose)
        run = [tok] if (tok[2] or tok[3]) else []


def _english_follows(tokens: list[tuple[int, int, str | None, bool]], prose: str) -> bool:
    """Whether the tokens begin with English words, one at least not a function word."""
    for start, end, evidence, glue in tokens:
        if not (evidence or glue):
            return False
        lower = prose[start:end].lower()
        if evidence and lower not in ENGLISH_GLUE and lower not in AMBIGUOUS_GLUE:
            return True
    return False


def _close(run: list[tuple[int, int, str | None, bool]], prose: str) -> Iterator[Run]:
    while run and run[0][2] is None and prose[run[0][0]:run[0][1]].lower() in AMBIGUOUS_GLUE:
        run = run[1:]
    while run and run[-1][2] is None and prose[run[-1][0]:run[-1][1]].lower() in AMBIGUOUS_GLUE:
        run = run[:-1]
    reasons = tuple(t[2] for t in run if t[2])
    if reasons:
        yield Run(run[0][0], run[-1][1], reasons)


def _inside_name(prose: str, seg: tuple[int, int], start: int, end: int) -> bool:
    """Whether ``prose[start:end]`` is glue between two capitalised words of one name."""
    words = prose[start:end].lower().split()
    if not all(w in ENGLISH_GLUE or w in AMBIGUOUS_GLUE for w in words):
        return False
    before = _WORD.findall(prose[max(seg[0], start - 40):start])
    after = _WORD.findall(prose[end:min(seg[1], end + 40)])
    return bool(before and after and before[-1][0].isupper() and after[0][0].isupper())


def _french_neighbours(prose: str, seg: tuple[int, int], start: int, end: int) -> bool:
    """Whether the words just before and after ``prose[start:end]`` are French word forms."""
    from mtaudit.text.frlexicon import lexicon

    lex = lexicon()
    before = _WORD.findall(prose[max(seg[0], start - 40):start])
    after = _WORD.findall(prose[end:min(seg[1], end + 40)])
    neighbours = before[-1:] + after[:1]
    return lex is not None and all(lex.knows(w) for w in neighbours)


def _inside(prose: str, seg: tuple[int, int], start: int, end: int, opening: str,
            closing: str) -> bool:
    """Whether ``prose[start:end]`` lies between ``opening`` and ``closing`` within ``seg``."""
    before, after = prose[seg[0]:start], prose[end:seg[1]]
    depth = sum(before.count(c) for c in opening) - sum(before.count(c) for c in closing)
    return depth > 0 and any(c in after for c in closing)


def _quoted(prose: str, seg: tuple[int, int], start: int, end: int) -> bool:
    if _inside(prose, seg, start, end, _OPENING_QUOTES, _CLOSING_QUOTES):
        return True
    return prose[seg[0]:start].count('"') % 2 == 1 and '"' in prose[end:seg[1]]


@rule(
    code="U001",
    name="untranslated-english-words",
    category=Category.UNTRANSLATED,
    severity=Severity.MAJOR,
    summary="English words or phrases left inside a French sentence: `une politique de "
            "tariffs massifs`, `tournerait son interest ailleurs`, `une décision reportedly "
            "prise`.",
    explanation="""Machine translation leaves words it could not map, or an English phrase
    the source quoted, in the middle of French prose. A word counts as English when it is
    common in English and rare in French (wordfreq Zipf frequencies) and, when lingua is
    installed, the span is not identified as French. Names and titles (capitalised words in
    mid-sentence, The Economist), established loanwords (week-end, podcast), words in the
    project word list, URLs and hashtags, glosses in parentheses and terms the text repeats
    on purpose are not flagged; an English passage introduced as such (en anglais) is not
    flagged; a quoted English term is reported as minor.""",
    bad=(
        Example("Washington persiste dans sa politique de ⟦tariffs⟧ massifs."),
        Example("Une décision ⟦reportedly⟧ prise en secret a été annulée."),
        Example("La frappe sur Kharkiv, ⟦officials say⟧, a fait trois morts."),
        Example("Il a tourné son ⟦interest⟧ ailleurs pendant la campagne."),
        Example("Une ville ⟦witnessant⟧ de combats intenses a été évacuée."),
        Example("Le ministre a défendu ⟦questo⟧ projet devant les députés."),
    ),
    good=(
        "Dans une interview avec The Economist, le président a répondu.",
        "Il a passé le week-end à écouter des podcasts.",
        "Au Royaume-Uni, les internes (junior doctors) sont en grève.",
        "Les promesses qu’il a promises ont été tenues.",
        "Le slogan, en anglais, disait « make America great again ».",
        "Suivez le mot-dièse #breakingnews sur https://example.com/live-updates.",
        "Y a-t-il un débat ? Peut-on en parler ?",
    ),
)
def untranslated_english_words(ctx: Context) -> Iterator[Hit]:
    view = ctx.view
    prose = view.text  # runs are in view offsets: markup inside a phrase is left out
    for seg in ctx.french_segments:
        bounds = view.bounds(seg)
        seg_prose = prose[bounds[0]:bounds[1]]
        links = [m.span() for m in _LINK.finditer(prose, *bounds)]
        for run in _english_runs(ctx, seg):
            if any(s < run.end and run.start < e for s, e in links):
                continue
            if _inside(prose, bounds, run.start, run.end, "(", ")"):
                continue  # a gloss: « les internes (junior doctors) »
            if _INTRODUCED_AS_ENGLISH.search(seg_prose):
                continue
            text = prose[run.start:run.end]
            if _inside_name(prose, bounds, run.start, run.end):
                continue  # the Institute for the Study of War: glue words of an English name
            if all("French word form; a common" in r for r in run.reasons) and \
                    not _french_neighbours(prose, bounds, run.start, run.end):
                continue  # a foreign name or phrase: « la bière locale, sarajevsko pivo »
            if view.lower.count(text.lower()) > 1:
                continue  # a term the writer chose to borrow and repeats
            if reads_as_french(text):
                continue
            quoted = _quoted(prose, bounds, run.start, run.end)
            gloss = _data()["glossary"].get(text.lower())
            yield Hit(*view.doc_span(run.start, run.end),
                      f"'{text}' looks like "
                      + ("a foreign word" if "French word form; a common" in run.reasons[0]
                         else "English")
                      + " left untranslated in a French sentence "
                      f"({'; '.join(dict.fromkeys(run.reasons))})"
                      + ("; quoted, so it may be a deliberate borrowing" if quoted else ""),
                      suggestion=f"traduire : {gloss}" if gloss else "traduire ce passage",
                      severity=Severity.MINOR if quoted else None)


_FOREIGN_SCRIPT = lazy_re(
    r"[\u0370-\u03ff\u0400-\u052f\u0590-\u05ff\u0600-\u06ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]+"
    r"(?:[\s-]+[\u0370-\u03ff\u0400-\u052f\u0590-\u05ff\u0600-\u06ff\u3040-\u30ff\u4e00-\u9fff"
    r"\uac00-\ud7af]+)*")


def _script_name(ch: str) -> str:
    return unicodedata.name(ch, "UNKNOWN").split()[0].capitalize()


@rule(
    code="U002",
    name="foreign-script-in-french-sentence",
    category=Category.UNTRANSLATED,
    severity=Severity.MAJOR,
    summary="A word in another script (Cyrillic, Greek, Arabic, Hebrew, CJK) inside a French "
            "sentence: `nous n’avons pas besoin [позволять] personne`.",
    explanation="""A machine translation pipeline that pivots through Russian or Ukrainian
    sometimes leaves a source word in its own script. A French reader cannot read it. A word
    in parentheses after a name (a gloss, Kiev (Київ)) is not flagged; neither is a segment
    that is mostly in another script (language identification handles those).""",
    bad=(
        Example("Nous n’avons pas besoin de [⟦позволять⟧] personne autour."),
        Example("Le ministre a parlé de ⟦προστασία⟧ des frontières."),
    ),
    good=(
        "La capitale, Kiev (Київ), a été visée dans la nuit.",
        "Le mot grec « démocratie » vient de dêmos.",
    ),
)
def foreign_script_in_french_sentence(ctx: Context) -> Iterator[Hit]:
    view = ctx.view
    prose = view.text  # markup left out, so a phrase with a tag inside is one word run
    for seg in ctx.french_segments:
        bounds = view.bounds(seg)
        matches = list(_FOREIGN_SCRIPT.finditer(prose, *bounds))
        if not matches:
            continue
        foreign = sum(m.end() - m.start() for m in matches)
        if foreign * 2 > bounds[1] - bounds[0]:
            continue
        for m in matches:
            if _inside(prose, bounds, m.start(), m.end(), "(", ")"):
                continue
            yield Hit(*view.doc_span(m.start(), m.end()),
                      f"{_script_name(m.group()[0])} word left untranslated in a French "
                      f"sentence: '{m.group()}'",
                      suggestion="traduire ce mot")


# --- words run together (U005) -------------------------------------------------------------

#: Short French words that a lost space glues to the word before or after them.
_GLUED_TAILS = ("les", "le", "la", "de", "du", "des", "un", "une", "à", "et", "en", "au",
                "aux", "par", "pour", "sur", "dans", "que", "qui")
_GLUED_HEADS = ("les", "le", "la", "de", "du", "des", "un", "une", "à", "et", "en", "au",
                "aux", "par", "pour", "sur", "dans")
_LOWER_WORD = lazy_re(r"(?<![\w’'-])[a-zà-öø-ÿ]{6,}(?![\w’'-])")
_COMMON_ZIPF = 3.0


def split_glued(word: str) -> tuple[str, str] | None:
    """``(left, right)`` when ``word`` is a French word and a short word run together."""
    from mtaudit.text.frlexicon import lexicon

    lex = lexicon()
    if lex is None or lex.knows(word) or any(f > 0 for f in zipf(word)):
        return None
    for tail in _GLUED_TAILS:
        head = word[:-len(tail)]
        if word.endswith(tail) and len(head) >= 4 and lex.knows(head) \
                and zipf(head)[1] >= _COMMON_ZIPF:
            return head, tail
    for head in _GLUED_HEADS:
        tail = word[len(head):]
        if word.startswith(head) and len(tail) >= 4 and lex.knows(tail) \
                and zipf(tail)[1] >= _COMMON_ZIPF:
            return head, tail
    return None


@rule(
    code="U005",
    name="lower-case-words-run-together",
    category=Category.UNTRANSLATED,
    severity=Severity.MAJOR,
    summary="A French word and an article or preposition run together: `ligueun`, "
            "`républicainà`, `lesélections`.",
    explanation="""When a page is translated segment by segment and joined again, the space
    between two segments is lost and two words fuse into a form no dictionary has. The rule
    reports a lower-case token that is no French word form (DELA) and no word of the
    frequency lists, and that splits into a common French word and an article, a preposition
    or a conjunction. Capitalised words run together are rule P006.""",
    bad=(
        Example("Il a rejoint la ⟦ligueun⟧ an plus tard.", fix="ligue un"),
        Example("Le candidat ⟦républicainà⟧ la présidence a perdu.", fix="républicain à"),
        Example("Avant ⟦lesélections⟧, le parti a changé de chef.", fix="les élections"),
    ),
    good=("Il a rejoint la ligue un an plus tard.",
          "La désinformation et l’ukrainisation des écoles sont au cœur du débat.",
          "Les parajuristes et les probusiness se sont affrontés."),
    fixable=True,
)
def lower_case_words_run_together(ctx: Context) -> Iterator[Hit]:
    for m in ctx.finditer(_LOWER_WORD):
        found = split_glued(m.group())
        if found is None:
            continue
        head, tail = found
        yield Hit(m.start(), m.end(), f"`{m.group()}` looks like two words run together "
                  f"(`{head} {tail}`): a space lost when the text was translated or assembled "
                  "piece by piece.", replacement=f"{head} {tail}")


# --- English exonyms (U006) -------------------------------------------------------------------

_EXONYM_WORD = lazy_re(r"(?<![\w’'-])[A-Z][a-z]+(?![\w’'-])")


@lru_cache(maxsize=1)
def exonyms() -> dict[str, str]:
    return dict(_data()["exonyms"])


@lru_cache(maxsize=1)
def minor_exonyms() -> dict[str, str]:
    return dict(_data().get("exonyms_minor", {}))


@rule(
    code="U006",
    name="english-name-of-a-place",
    category=Category.UNTRANSLATED,
    severity=Severity.MAJOR,
    summary="The English name of a country, city or region where French has its own: "
            "`à Moscow`, `la Crimea`, `depuis Tehran`, `les forces Ukrainian`.",
    explanation="""French names foreign places in French (Moscou, la Crimée, Téhéran,
    Varsovie) and writes nationality adjectives in French. An English name in a French
    sentence is left from an English source or an English pivot. The list is data
    (mtaudit/data/untranslated.toml, [exonyms]); a name that is part of a longer proper name
    (the Moscow Times, Radio Free Europe) is not flagged.""",
    bad=(
        Example("Le président est arrivé à ⟦Moscow⟧ dans la soirée."),
        Example("L’annexion de la ⟦Crimea⟧ date de 2014."),
    ),
    good=(
        "Le président est arrivé à Moscou dans la soirée.",
        "Selon le Moscow Times, la réunion a été annulée.",
        "Il a travaillé pour Radio Free Europe à Prague.",
        "Des caleçons made in China se vendent au marché.",
    ),
    authority="Commission nationale de toponymie, Liste des pays et capitales du monde; "
              "Imprimerie nationale, Lexique des règles typographiques",
)
def english_name_of_a_place(ctx: Context) -> Iterator[Hit]:
    names = exonyms()
    minor = minor_exonyms()
    prose = ctx.prose
    for m in ctx.finditer(_EXONYM_WORD):
        word = m.group()
        french = names.get(word) or minor.get(word)
        if french is None or word.lower() in ctx.words:
            continue
        after = re.match(r"[ \u00a0]+[A-Z]", prose[m.end():m.end() + 3])
        window = prose[max(0, m.start() - 30):m.start()]
        before = re.search(r"([^\W\d_][\w’'-]*)[ \u00a0]+$", window)
        previous = before.group(1) if before else ""
        gap = len(before.group(0)) if before else 0
        if after or (previous[:1].isupper() and not _sentence_start(prose, m.start() - gap)):
            continue  # part of a longer name: the Moscow Times, Radio Free Europe
        if previous.lower() in ENGLISH_GLUE or previous.lower() == "in":
            continue  # an English phrase quoted as such: « made in China »
        if word in minor:
            yield Hit(m.start(), m.end(), f"`{word}` follows the English spelling; most of "
                      f"the French press writes `{french}`.", suggestion=french,
                      severity=Severity.MINOR)
            continue
        yield Hit(m.start(), m.end(), f"`{word}` is the English name; French writes "
                  f"`{french}`.", suggestion=french)


def _sentence_start(prose: str, pos: int) -> bool:
    """Whether ``pos`` begins a sentence (start of text, or after a full stop and a space)."""
    head = prose[max(0, pos - 3):pos].rstrip()
    return not head or head[-1] in ".!?\n«"
