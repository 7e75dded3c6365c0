"""Untranslated names: English transliterations of Slavic names (U003) and names of institutions
left in English (U004).  Method and authorities: see ``mtaudit.rules.untranslated``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtaudit.core.document import Category, Severity
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule
from mtaudit.rules.untranslated import zipf

# --- English transliterations of names (U003) --------------------------------------------

#: Endings of Russian, Ukrainian, Belarusian and Armenian surnames and first names as
#: English writes them (-ov, -enko, -ovich, -yan, -iy…).  Not -ski: it is also Polish, whose
#: Latin spelling French keeps (Kieślowski, Murkowski).
_SLAVIC_ENDING = lazy_re(
    r"(?:ov|ova|ev|eva|yev|yeva|in|ina|yn|yna|sky|skiy|skyi|skyy|skaya|enko|chuk|yuk|"
    r"ovich|evich|ych|yich|ovna|evna|yak|yan|iy|yy|ei|ey|ai|ay|ny|nyi|aya|itry)$")
#: Letter groups only the English romanisation writes (French: j, chtch, ch, -ski/-i, -itch,
#: -ia/-iou after a consonant, -tchouk, -tchenko).
_ENGLISH_ONLY = lazy_re(
    r"zh|shch|sh|sk(?:iy|yi|yy)$|(?<=[^aeiou])(?:iy|yy)$|ych$|vich$|chuk$|chenko$"
    r"|(?<=[bcdfgklmnprstvz])y[aeuo]|aya$")
_SLAVIC_WITH_U = lazy_re(r"(?<![aeo])u.*(?:ov|ova|ev|eva|in|ina|enko)$")
_ASCII_NAME = lazy_re(r"(?<![\w’'-])[A-Z][a-z]{3,}(?![\w-])")
_PINYIN = lazy_re(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo"
    r"|ui|ue|er|a|o|e|i|u))+")
_HEPBURN = lazy_re(r"(?:(?:ky|sh|ch|ts|ny|hy|my|ry|gy|by|py|[kgsztdnhbpmyrwjf])?[aiueo]|n)+")


def slavic_to_french(name: str) -> str:
    """The French transcription of a Russian or Ukrainian name written the English way.

    Conventions of the usual French transcription of Russian (the press and publishers', as
    described in the Lexique des règles typographiques en usage à l'Imprimerie nationale,
    « Transcription des noms russes », and in the French Wikipedia's conventions): ш ch (not
    sh), ж j (not zh), щ chtch (not shch), ч tch (not ch), у ou (not u), я ia, ю iou, е initial
    e (not ye), final й ï (not y), -ий/-ый -i (-ski, not -sky/-skiy), г before e/i gu,
    intervocalic с ss, final -ин -ine (Poutine, Lénine), and ой oï.  The scholarly ISO 9
    transliteration used by the BnF (š, ž, č, û) is not what the press writes.
    """
    w = name.lower()
    w = re.sub(r"(?<=[aeiou])y(?=[aeiou])", "ï", w)  # -skaya: -skaïa
    w = w.replace("shch", "§").replace("zh", "j")
    w = re.sub(r"(?<![ts])ch", "tch", w)
    w = w.replace("sh", "ch").replace("§", "chtch")
    w = re.sub(r"^ye", "e", w)
    w = w.replace("yu", "iou").replace("ya", "ia").replace("ye", "ie").replace("yo", "io")
    w = re.sub(r"(?<![aeo])u", "ou", w)
    w = re.sub(r"g(?=[ei])", "gu", w)
    w = re.sub(r"(?<=[aeiou])s(?=[aeiou])", "ss", w)
    w = re.sub(r"(sk|ts|dz|n|r|l|d|t|v|m)(iy|yi|yy|y|ii)$", r"\1i", w)
    w = re.sub(r"ytch$", "itch", w)
    w = re.sub(r"(?<=[aeo])[yi]$", "ï", w)
    w = re.sub(r"(?<=[aeo])[yi](?=[^aeiouy])", "ï", w)
    w = re.sub(r"(?<=[^aeiou])in$", "ine", w)
    w = re.sub(r"yan$", "ian", w)
    return w[:1].upper() + w[1:]


def general_to_french(name: str) -> str:
    """The French spelling of a name English transcribes with sh, u, oo, ee (Arabic, Persian…).

    French transcribes ش ch (cheikh, Bachar), the vowel u ou (Mahmoud, Kaboul, Soudan), and
    writes i for English ee (Imprimerie nationale, *Lexique*, « Transcription des noms arabes »).
    """
    w = name.lower()
    w = w.replace("sh", "ch").replace("oo", "ou").replace("ee", "i")
    w = re.sub(r"(?<![aeo])u", "ou", w)
    return w[:1].upper() + w[1:]


def _slavic_looking(lower: str) -> bool:
    return (_SLAVIC_ENDING.search(lower) is not None or "zh" in lower or "shch" in lower
            or "kh" in lower or re.search("[bcdfgklmnprstvz]y[aeuo]", lower) is not None)


def _variants(name: str) -> list[str]:
    """French spellings the transcription rules give for ``name``, most specific first."""
    lower = name.lower()
    out = []
    if _slavic_looking(lower):
        slavic = slavic_to_french(name)
        if slavic.lower() != re.sub(r"(?<=[^aeiou])in$", "ine", lower):
            out.append(slavic)  # not merely -in → -ine, which would make Cantin a Cantine
        if re.search(r"(?:yy|yi)$", lower):
            out.append(name[:-1])  # Zelenskyy: French usage Zelensky
    general = general_to_french(name)
    out += [general, re.sub(r"(?<=[aeo])i(?=[^aeiou])", "ï", general)]  # Shoigu: Choïgou
    return [v for v in dict.fromkeys(out) if v != name]


#: Minimum French Zipf frequency of the French spelling for it to count as established, and
#: how much more frequent it must be than the English spelling.
ATTESTED_ZIPF = 1.0
ATTESTED_GAP = 0.5
#: An English spelling at least this frequent in French (wordfreq) is established usage
#: (Zelensky, Navalny, Shevchenko), whatever the transcription rules say.
ESTABLISHED_ZIPF = 1.0
ZH_ESTABLISHED_ZIPF = 2.0
#: A French spelling this much more frequent than the English one is evidence on its own;
#: a weaker case is major only when the document has another English transliteration (a
#: translation from English transcribes every name the English way; a native writer may keep
#: one spelling a source used).
STRONG_GAP = 1.0


def transliteration_evidence(word: str) -> tuple[str, str, bool] | None:
    """``(French spelling, reason, strong)`` when ``word`` is a name transcribed the English way.

    ``strong``: the French spelling is far more usual in French than this one (a Zipf gap of
    at least ``STRONG_GAP``), so the name alone is evidence.
    """
    lower = word.lower()
    fr_here = zipf(lower)[1]
    variants = _variants(word)
    if not variants:
        return None
    best = max(variants, key=lambda v: zipf(v.lower())[1])
    best_fr = zipf(best.lower())[1]
    if best_fr >= ATTESTED_ZIPF and best_fr >= fr_here + ATTESTED_GAP:
        return best, (f"French usage writes `{best}` (word frequency in French: {best_fr:.1f} "
                      f"against {fr_here:.1f} for `{word}`)"), best_fr - fr_here >= STRONG_GAP
    # French never writes zh or shch (outside Chinese pinyin): a name with them needs to be
    # much more usual in French before it counts as established.
    if fr_here >= (ZH_ESTABLISHED_ZIPF if "zh" in lower or "shch" in lower
                   else ESTABLISHED_ZIPF):
        return None
    if _PINYIN.fullmatch(lower) or _HEPBURN.fullmatch(lower):
        return None  # Chinese pinyin and Japanese Hepburn are French usage too (Zhou, Fukushima)
    marker = _ENGLISH_ONLY.search(lower) or _SLAVIC_WITH_U.search(lower)
    if not _slavic_looking(lower) or marker is None:
        return None
    french = slavic_to_french(word)
    if french == word:
        return None
    letters = marker.group() if _ENGLISH_ONLY.search(lower) else "u"
    return french, (f"`{letters}` is the English transcription; French writes this name "
                    f"`{french}`"), False


@rule(
    code="U003",
    name="english-transliteration-of-a-name",
    category=Category.UNTRANSLATED,
    severity=Severity.MAJOR,
    summary="A Russian, Ukrainian or Arabic name spelt the English way where French usage "
            "differs: `Shoigu` (Choïgou), `Lukashenko` (Loukachenko), `Mariupol` "
            "(Marioupol), `Sheikh` (cheikh).",
    explanation="""English and French transcribe Cyrillic and Arabic differently: English sh,
    zh, ch, u, -sky, -y are French ch, j, tch, ou, -ski, -ï. A translation from English keeps
    the English spelling, which a French reader recognises as foreign copy. A capitalised word
    that is no French word form is reported when the French spelling generated by the
    transcription rules is attested in French usage more than the English one (wordfreq), or,
    for a name with a Slavic ending that French corpora do not know at all, when it carries
    letter groups only English writes (zh, shch, -skyy, -iy, -ych). Spellings established in
    French (Zelensky, Navalny, Bush, Shakespeare), Chinese pinyin and Japanese Hepburn names,
    and the project word list are left alone.""",
    bad=(
        Example("Le ministre de la Défense, Sergueï ⟦Shoigu⟧, a inspecté les troupes."),
        Example("Le président biélorusse Alexandre ⟦Lukashenko⟧ a reçu son homologue."),
        Example("Le chef du groupe Wagner, Evgueni ⟦Prigozhin⟧, a été tué."),
        Example("La patineuse Ioulia ⟦Lipnitskaya⟧ a quitté son entraîneuse."),
        Example("Les combats se poursuivent à ⟦Mariupol⟧ depuis trois semaines."),
    ),
    good=(
        "Le président ukrainien Volodymyr Zelensky a rencontré Emmanuel Macron.",
        "L’opposant Alexeï Navalny est mort en prison.",
        "George Bush citait volontiers Shakespeare à Washington.",
        "Le Premier ministre japonais a visité Fukushima, puis Shanghai et Shenzhen.",
        "Le porte-parole du Kremlin, Dmitri Peskov, a démenti.",
        "La sénatrice Lisa Murkowski a voté contre ; Janet Yellen a répondu.",
        "Le chef d’état-major, Oleksandr Syrsky, et Denys Chmyhal étaient présents.",
        "Le ministre turc Ufuk Bektaş a salué Avichay Adraee et Jean Cantin.",
    ),
    authority="Imprimerie nationale, Lexique des règles typographiques (transcription du "
              "russe et de l’arabe); ISO 9 / BnF for the scholarly system",
)
def english_transliteration_of_a_name(ctx: Context) -> Iterator[Hit]:
    from mtaudit.text.frlexicon import lexicon

    lex = lexicon()
    words = ctx.words
    seen: dict[str, tuple[str, str, bool] | None] = {}
    hits: list[tuple[int, int, str]] = []
    for m in ctx.finditer(_ASCII_NAME):
        word = m.group()
        if word.lower() in words:
            continue
        if word not in seen:
            known = lex.knows(word) if lex is not None else zipf(word.lower())[1] >= 3.0
            seen[word] = None if known else transliteration_evidence(word)
        if seen[word] is not None:
            hits.append((m.start(), m.end(), word))
    several = len({w for _, _, w in hits}) >= 2
    for start, end, word in hits:
        found = seen[word]
        assert found is not None
        french, reason, strong = found
        yield Hit(start, end, f"`{word}` is the English spelling of this name: {reason}.",
                  suggestion=french,
                  severity=None if strong or several else Severity.MINOR)


# --- names of institutions left in English (U004) -----------------------------------------

#: Nouns that name public bodies; a capitalised English phrase built on one of them is an
#: institution's name left in English (French translates them: le ministère de la Défense,
#: le Conseil de sécurité, le Service fédéral de sécurité).
_INSTITUTION_NOUNS = frozenset("""ministry ministries office service council committee agency
department directorate administration court prosecutor prosecutors parliament assembly
government security defense defence intelligence guard forces army navy staff embassy
affairs interior emergency emergencies situations federal chamber house senate tribunal
police chronicle""".split())
_ENGLISH_FUNCTION = frozenset({"of", "the", "for", "and", "on"})
#: English names French usage keeps (Banque de dépannage linguistique: names of foreign
#: bodies are translated unless usage has kept the original — NGOs, think tanks, media).
_KEPT_IN_ENGLISH = frozenset("""human rights watch|amnesty international|save the children
|institute for the study of war|international crisis group|royal united services institute
|council on foreign relations|scotland yard|secret service|home office|foreign office
|downing street|bank of england|federal reserve|house of commons|house of lords|white house
press office""".replace("\n", "").split("|"))
_CAPITALISED_RUN = lazy_re(
    r"(?<![\w’'-])[A-Z][a-z]+(?:[ \u00a0](?:(?:of|the|for|and|on)[ \u00a0])*[A-Z][a-z]+)+")


@rule(
    code="U004",
    name="institution-named-in-english",
    category=Category.UNTRANSLATED,
    severity=Severity.MAJOR,
    summary="The name of a ministry, service, court or office left in English in a French "
            "sentence: `le Ministry of Defense`, `le Federal Security Service`.",
    explanation="""French names foreign public bodies in French (le ministère russe de la
    Défense, le Service fédéral de sécurité, le Conseil de sécurité). A translation through
    English often carries the English name over, even for a Russian or Ukrainian body whose
    name was never English. A capitalised phrase built on a noun that names a public body,
    with English words that are no French word forms, is reported. Names French usage keeps
    in English (Human Rights Watch, the Institute for the Study of War, Scotland Yard) are not
    flagged.""",
    bad=(
        Example("Selon le ⟦Ministry of Defense⟧, les frappes ont visé des dépôts."),
        Example("Le ⟦Federal Security Service⟧ a annoncé des arrestations."),
        Example("Le ⟦Security Council⟧ se réunira lundi à New York."),
    ),
    good=(
        "Selon Human Rights Watch, les frappes ont visé des civils.",
        "Le Conseil de sécurité se réunira lundi à New York.",
        "Le Washington Post et le New York Times ont publié l’enquête.",
        "L’Institute for the Study of War estime que l’offensive ralentit.",
    ),
    authority="OQLF, Banque de dépannage linguistique (noms d’organismes étrangers)",
)
def institution_named_in_english(ctx: Context) -> Iterator[Hit]:
    from mtaudit.text.frlexicon import lexicon

    lex = lexicon()
    for m in ctx.finditer(_CAPITALISED_RUN):
        start, tokens = m.start(), m.group().split()
        while tokens and tokens[0].lower() not in _INSTITUTION_NOUNS and (
                lex.knows(tokens[0]) if lex is not None else zipf(tokens[0].lower())[1] >= 3.0):
            start = ctx.prose.index(tokens[1], start + len(tokens[0])) if len(tokens) > 1 \
                else m.end()
            tokens = tokens[1:]  # a capitalised French word before the name: « Le », « Selon »
        if len(tokens) < 2:
            continue
        phrase = " ".join(tokens)
        lowered = [t.lower() for t in tokens]
        if " ".join(lowered) in _KEPT_IN_ENGLISH or any(
                " ".join(lowered).startswith(k) or k in " ".join(lowered)
                for k in _KEPT_IN_ENGLISH):
            continue
        if not any(t in _INSTITUTION_NOUNS for t in lowered):
            continue
        english = [t for t in lowered if t not in _ENGLISH_FUNCTION
                   and not (lex.knows(t) if lex is not None else zipf(t)[1] >= 3.0)
                   and zipf(t)[0] >= 3.0]
        content = [t for t in lowered if t not in _ENGLISH_FUNCTION]
        if len(english) < 2 and not (english and len(content) < len(lowered)):
            continue
        if ctx.words & set(lowered):
            continue
        yield Hit(start, m.end(), f"`{phrase}` is the English name of a public body; "
                  "French names it in French.", suggestion="traduire le nom de l’organisme")
