"""Anchors that survive translation, found in French and English text alike: numbers in either
format, month and weekday words, capitalised names, quotations, negations.  The aligner weighs
links with them; the adequacy rules (family A) compare them across a link."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from mtaudit.text.patterns import HYPHENATED_WORD as WORD
from mtaudit.text.patterns import alternation

# --- anchors ------------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\w])\d+(?:(?:[.,]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d+)*")
_SCALES = {
    "en": {
        "thousand": 1e3,
        "million": 1e6,
        "millions": 1e6,
        "billion": 1e9,
        "billions": 1e9,
        "trillion": 1e12,
        "trillions": 1e12,
        "bn": 1e9,
        "m": 1e6,
        "k": 1e3,
    },
    "fr": {
        "mille": 1e3,
        "million": 1e6,
        "millions": 1e6,
        "milliard": 1e9,
        "milliards": 1e9,
        "md": 1e9,
        "mds": 1e9,
        "billion": 1e12,
        "billions": 1e12,
        "m": 1e6,
    },
}
_SCALE_AFTER = re.compile(r"[ \u00a0\u202f]*([A-Za-z]+)\b")
_PM_AFTER = re.compile(r"[ \u00a0\u202f]*p\.?\s?m\b", re.I)
#: Number words that may stand for a digit on the other side ("eleven" / "onze" / "11").
#: They only confirm a number, never count as a mismatch ("un", "one" are too ambiguous).
_NUMBER_WORDS = {
    "en": dict(
        zip(
            [
                "two",
                "three",
                "four",
                "five",
                "six",
                "seven",
                "eight",
                "nine",
                "ten",
                "eleven",
                "twelve",
                "thirteen",
                "fourteen",
                "fifteen",
                "sixteen",
                "seventeen",
                "eighteen",
                "nineteen",
                "twenty",
            ],
            range(2, 21),
            strict=True,
        )
    )
    | {
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "hundred": 100,
        "dozen": 12,
        "half": 0.5,
    },
    "fr": dict(
        zip(
            [
                "deux",
                "trois",
                "quatre",
                "cinq",
                "six",
                "sept",
                "huit",
                "neuf",
                "dix",
                "onze",
                "douze",
                "treize",
                "quatorze",
                "quinze",
                "seize",
                "dix-sept",
                "dix-huit",
                "dix-neuf",
                "vingt",
            ],
            range(2, 21),
            strict=True,
        )
    )
    | {
        "trente": 30,
        "quarante": 40,
        "cinquante": 50,
        "soixante": 60,
        "soixante-dix": 70,
        "quatre-vingts": 80,
        "quatre-vingt-dix": 90,
        "cent": 100,
        "douzaine": 12,
        "moitié": 0.5,
    },
}
#: Month and weekday words by folded form → a key shared by both languages.
_DATE_WORDS = {
    "en": {
        **{
            m: f"month{i}"
            for i, names in enumerate(
                [
                    "jan january",
                    "feb february",
                    "mar march",
                    "apr april",
                    "may",
                    "jun june",
                    "jul july",
                    "aug august",
                    "sep sept september",
                    "oct october",
                    "nov november",
                    "dec december",
                ]
            )
            for m in names.split()
        },
        **{
            d: f"day{i}"
            for i, d in enumerate(
                ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
            )
        },
    },
    "fr": {
        **{
            m: f"month{i}"
            for i, names in enumerate(
                [
                    "janv janvier",
                    "fevr fevrier",
                    "mars",
                    "avr avril",
                    "mai",
                    "juin",
                    "juil juillet",
                    "aout",
                    "sept septembre",
                    "oct octobre",
                    "nov novembre",
                    "dec decembre",
                ]
            )
            for m in names.split()
        },
        **{
            d: f"day{i}"
            for i, d in enumerate(
                ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
            )
        },
    },
}

_OPENING = " \t\n\u00a0\u202f«“\"'‘"
_SENTENCE_OPENERS = '.!?:;«“"(—–…'
_QUOTE_MARKS = re.compile(r"[«»“”\"]|(?<!\w)['‘][^'’‘\n]{1,120}['’](?!\w)")
STRONG_PUNCT = "?!("
_NEGATION = {
    "en": re.compile(
        r"\b(?:not|never|no|none|nobody|nothing|neither|nor|without|cannot)\b"
        r"(?!\.?\s*\d)|n't\b|n’t\b|\bno longer\b",
        re.I,
    ),
    "fr": re.compile(
        r"\b(?:pas|jamais|rien|aucun|aucune|aucuns|aucunes|nullement|guère|sans|"
        r"non|ni)\b|\bn(?:e\b|['’])\s*(?:\S+\s+){0,3}?(?:plus|personne)\b",
        re.I,
    ),
}
#: Words that carry a negative meaning without a grammatical negation ("were missing" /
#: "ne figuraient pas"): when one side has them, a negation on the other is not a flip.
_LEXICAL_NEGATIVE = {
    "en": re.compile(
        r"\b(?:miss\w*|fail\w*|refus\w*|den(?:y|ies|ied|ial)\w*|lack\w*|absen\w*|"
        r"unable|barely|hardly|rarely|seldom|avoid\w*|prevent\w*|reject\w*|"
        r"declin\w*|stop\w*|ceas\w*|instead|rather|only)\b",
        re.I,
    ),
    "fr": re.compile(
        r"\b(?:manqu\w*|échou\w*|refus\w*|ni(?:er|é|ent|ait)\w*|démenti\w*|"
        r"absen\w*|incapable\w*|impossib\w*|à peine|rarement|évit\w*|empêch\w*|"
        r"rejet\w*|déclin\w*|cess\w*|arrêt\w*|plutôt|au lieu|seulement)\b",
        re.I,
    ),
}


def fold(text: str) -> str:
    """Lower case without accents: ``Élysée`` → ``elysee``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@functools.lru_cache(maxsize=1 << 16)
def name_key(word: str) -> str:
    """What a name keeps across languages: its first five folded letters (Florida/Floride)."""
    return fold(word)[:5]


def _canonical(value: float) -> str:
    return format(value, ".10g")


def number_candidates(raw: str) -> set[float]:
    """The values a written number may mean, in English or French conventions.

    ``1,600`` and ``1.600`` may be 1600 or 1.6; ``1 600`` is 1600; ``31,4`` and ``31.4`` are 31.4.
    """
    parts = re.split(r"[.,\u00a0\u202f ]", raw)
    seps = re.findall(r"[.,\u00a0\u202f ]", raw)
    values: set[float] = set()
    if all(len(p) == 3 for p in parts[1:]):
        values.add(float("".join(parts)))
    if seps and seps[-1] in ".," and all(len(p) == 3 for p in parts[1:-1]):
        values.add(float("".join(parts[:-1]) + "." + parts[-1]))
    if not values:
        values.add(float("".join(parts)))
    return values


@dataclass(frozen=True)
class NumberAnchor:
    """A number written in digits (or, with ``word=True``, in letters) at ``text[start:end]``."""

    start: int
    end: int
    raw: str
    values: frozenset[str]
    word: bool = False


#: The number words as whole ``WORD`` tokens (no letter, nor letter and hyphen, on either
#: side), so that only candidates are looked up instead of every word of the text.
_NUMBER_WORD = {
    lang: re.compile(
        r"(?<![^\W\d_])(?<![^\W\d_]-)(?:"
        + alternation(table, escape=True)
        + r")(?![^\W\d_])(?!-[^\W\d_])",
        re.I,
    )
    for lang, table in _NUMBER_WORDS.items()
}


def find_numbers(text: str, lang: str, offset: int = 0) -> list[NumberAnchor]:
    """Numbers in ``text`` (offsets shifted by ``offset``), with every value they may mean."""
    out: list[NumberAnchor] = []
    scales = _SCALES[lang]
    for m in _NUMBER.finditer(text):
        values = number_candidates(m.group())
        after = text[m.end() : m.end() + 20]
        sm = _SCALE_AFTER.match(after)
        if sm and (scale := scales.get(sm.group(1).lower())):
            values |= {v * scale for v in values}
        if _PM_AFTER.match(after):
            values |= {v + 12 for v in values if v < 12}
        out.append(
            NumberAnchor(
                offset + m.start(),
                offset + m.end(),
                m.group(),
                frozenset(_canonical(v) for v in values),
            )
        )
    words = _NUMBER_WORDS[lang]
    for m in _NUMBER_WORD[lang].finditer(text):
        value = words.get(m.group().lower())
        if value is not None:
            out.append(
                NumberAnchor(
                    offset + m.start(),
                    offset + m.end(),
                    m.group(),
                    frozenset({_canonical(value)}),
                    word=True,
                )
            )
    return out


def date_keys(words: Sequence[str], lang: str) -> list[str]:
    table = _DATE_WORDS[lang]
    # English month and day names count only capitalised ("may" and "march" are verbs).
    return [
        key
        for w in words
        if (lang == "fr" or w[0].isupper()) and (key := table.get(_folded(w))) is not None
    ]


#: Words recur across a document: fold each spelling once (bounded, so memory stays flat).
_folded = functools.lru_cache(maxsize=1 << 16)(fold)


@dataclass(frozen=True)
class NameAnchor:
    start: int
    end: int
    word: str

    @property
    def key(self) -> str:
        return name_key(self.word)


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether only spaces and opening quotes separate ``pos`` from a sentence opener."""
    k = pos - 1
    while k >= 0 and text[k] in _OPENING:
        if text[k] in '«“"':
            return True
        k -= 1
    return k < 0 or text[k] in _SENTENCE_OPENERS


def find_names(text: str, offset: int = 0) -> list[NameAnchor]:
    """Capitalised words that do not start a sentence or a quotation: likely proper names."""
    out = []
    for m in WORD.finditer(text):
        w = m.group()
        if len(w) < 3 or not w[0].isupper() or _starts_sentence(text, m.start()):
            continue
        out.append(NameAnchor(offset + m.start(), offset + m.end(), w))
    return out


def has_quotation(text: str) -> bool:
    return bool(_QUOTE_MARKS.search(text))


def find_negations(text: str, lang: str, offset: int = 0) -> list[tuple[int, int]]:
    return [(offset + m.start(), offset + m.end()) for m in _NEGATION[lang].finditer(text)]


def has_lexical_negative(text: str, lang: str) -> bool:
    return bool(_LEXICAL_NEGATIVE[lang].search(text))
