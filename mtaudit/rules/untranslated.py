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

from mtaudit.model import Category, Segment, Severity
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
    from wordfreq import zipf_frequency

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


def english_evidence(word: str) -> str | None:
    """Why a lower-case word reads as English, or ``None`` when it may be French."""
    if not word.isascii() or len(word) < 3 or word in loanwords():
        return None
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


@lru_cache(maxsize=1)
def _detector() -> Any:
    """A lingua detector for the few languages MT leaves behind, built once; None if absent."""
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:
        return None
    return LanguageDetectorBuilder.from_languages(
        Language.FRENCH, Language.ENGLISH, Language.GERMAN, Language.SPANISH,
        Language.ITALIAN).build()


def reads_as_french(text: str) -> bool:
    """Per-span language identification, when lingua is installed: French ranked first."""
    detector = _detector()
    if detector is None:
        return False
    values = detector.compute_language_confidence_values(text)
    return bool(values) and values[0].language.name == "FRENCH"


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
        evidence = english_evidence(lower)
        glue = evidence is None and (lower in ENGLISH_GLUE or lower in AMBIGUOUS_GLUE)
        tokens.append((m.start(), m.end(), evidence, glue))
    run: list[tuple[int, int, str | None, bool]] = []
    for tok in [*tokens, (hi, hi, None, False)]:
        adjacent = bool(run) and not prose[run[-1][1]:tok[0]].strip()
        if (tok[2] or tok[3]) and (adjacent or not run):
            run.append(tok)
            continue
        yield from _close(run, prose)
        run = [tok] if (tok[2] or tok[3]) else []


def _close(run: list[tuple[int, int, str | None, bool]], prose: str) -> Iterator[Run]:
    while run and run[0][2] is None and prose[run[0][0]:run[0][1]].lower() in AMBIGUOUS_GLUE:
        run = run[1:]
    while run and run[-1][2] is None and prose[run[-1][0]:run[-1][1]].lower() in AMBIGUOUS_GLUE:
        run = run[:-1]
    reasons = tuple(t[2] for t in run if t[2])
    if reasons:
        yield Run(run[0][0], run[-1][1], reasons)


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
            if view.lower.count(text.lower()) > 1:
                continue  # a term the writer chose to borrow and repeats
            if reads_as_french(text):
                continue
            quoted = _quoted(prose, bounds, run.start, run.end)
            gloss = _data()["glossary"].get(text.lower())
            yield Hit(*view.doc_span(run.start, run.end),
                      f"'{text}' looks like English left untranslated in a French sentence "
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
