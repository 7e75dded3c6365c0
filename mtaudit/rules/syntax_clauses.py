"""Syntax traces of MT, clauses: a name modifier before a role noun (W013), passé simple and
passé composé mixed (G012), a resumptive subject pronoun (W014), a participle after a
subordinator (G013).  Authorities and method: see ``mtaudit.rules.syntax``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mtaudit.core.document import Category, Segment, Severity
from mtaudit.rules.base import Context, Example, Hit, lazy_re, rule
from mtaudit.rules.syntax import (
    BU,
    PREVERBAL,
    SP,
    UP,
    candidate_segments,
    is_finite,
    tagged_segments,
)
from mtaudit.rules.word_order import NATIONALITY_FORMS
from mtaudit.text import lexicon
from mtaudit.text.patterns import alternation

# --- W013 name-modifier-before-role-noun ---------------------------------------------------

_ROLE_HEADS = ("chef|patron|PDG|porte-parole|dirigeant|dirigeants|responsable|responsables"
               "|fondateur|directeur|président|ministre|secrétaire|conseiller|commandant"
               "|entraîneur|propriétaire|employé|employés|avocat|avocats|négociateur|envoyé"
               "|ambassadeur|représentant|analyste|officiels|fonctionnaires")
_NAME_MODIFIER = lazy_re(
    rf"(?<![\w’'-])(?P<det>le|la|les|un|une|des|du|au|aux|l’|l'|(?<![^.!?«\n]{SP})"
    rf"(?:Le|La|Les|Un|Une|L’|L')){SP}*"
    rf"(?P<name>[{UP}][\w’'&.-]*(?:{SP}+[{UP}][\w’'&.-]*)?){SP}+(?P<role>{_ROLE_HEADS})"
    rf"(?P<after>{SP}+[\w’']+)?(?![\w’'-])")
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
        if first.lower() in NATIONALITY_FORMS:
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
    r"(?<![\w’'-])(?:" + alternation(_REPORTING_PASSE_SIMPLE)
    + r")(?![\w’'])")
_LATIN_AFTER_A = r"(?!(?:priori|posteriori|fortiori|contrario|minima|maxima|lieu|trait)\b)"
_PASSE_COMPOSE = lazy_re(
    r"(?<![\w’'-])(?:a|ont)(?:-t-(?:il|elle|on)|-(?:ils|elles))?" + SP
    + r"+(?:(?:pas|déjà|aussi|également|ensuite|alors|toujours|jamais|notamment|encore)"
    + SP + r"+)?" + _LATIN_AFTER_A + r"[a-zà-ÿ]+(?:é|i|u|is|it|ert|int)(?![\w’'])")
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
    rf"[{UP}][\w’'-]+{SP}+(?:il|ils|elle|elles){SP}+(?!y{SP})[a-zà-ÿ’']")
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
    authority=BU + ", § 661",
)
def resumptive_subject_pronoun(ctx: Context) -> Iterator[Hit]:
    candidates = candidate_segments(ctx, _RESUMPTIVE_CANDIDATE)
    for seg, words in tagged_segments(ctx, candidates):
        quoted = [(q.start(), q.end())
                  for q in _QUOTED_SPAN.finditer(ctx.prose[seg.start:seg.end])]
        for i, tok in enumerate(words[:-1]):
            if tok.lower_ not in ("il", "ils", "elle", "elles") or tok.text.startswith("-") \
                    or i == 0:
                continue
            nxt = words[i + 1]
            if nxt.lower_ == "y" or not (is_finite(nxt) or nxt.lower_ in PREVERBAL):
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
    r"(?<![\w’'-])(?P<conj>(?:[Tt]andis|[Aa]lors|[Pp]arce|[Pp]endant)" + SP
    + r"+qu(?:e" + SP + r"+|[’'])|[Ll]orsqu(?:e" + SP + r"+|[’'])|[Pp]uisqu(?:e" + SP
    + r"+|[’']))(?P<part>[a-zà-ÿ]+ant)(?=" + SP + r"+(?:le|la|les|l’|l'|un|une|des|du|que"
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
    authority=BU + ", § 1136 (conjonctions de subordination)",
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
