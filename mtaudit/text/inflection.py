"""French inflection for the knowledge base: the forms of a verb (three groups and the irregular
endings) and of a noun or adjective (gender, number)."""

from __future__ import annotations

import re

# --- French inflection -------------------------------------------------------------------

_ER = ("er e es ons ez ent ais ait ions iez aient ai as a âmes âtes èrent erai eras era erons "
       "erez eront erais erait erions eriez eraient asse asses ât assions assiez assent ant "
       "é ée és ées").split()
_IR = ("ir is it issons issez issent issais issait issions issiez issaient îmes îtes irent "
       "irai iras ira irons irez iront irais irait irions iriez iraient isse isses ît "
       "issant i ie ies").split()
_RE = ("re s ons ez ent ais ait ions iez aient is it îmes îtes irent rai ras ra rons rez ront "
       "rais rait rions riez raient e es ant u ue us ues").split()

#: Irregular verbs by ending: the forms of the verb named, used for every verb that ends the
#: same way (``prendre`` serves ``comprendre`` and ``entreprendre``).  Longest ending first.
_IRREGULAR: dict[str, str] = {
    "être": "être suis es est sommes êtes sont étais était étions étiez étaient fus fut fûmes "
            "fûtes furent serai seras sera serons serez seront serais serait serions seriez "
            "seraient sois soit soyons soyez soient fusse fût été étant",
    "avoir": "avoir ai as a avons avez ont avais avait avions aviez avaient eus eut eûmes "
             "eûtes eurent aurai auras aura aurons aurez auront aurais aurait aurions auriez "
             "auraient aie aies ait ayons ayez aient eût eu eue eus eues ayant",
    "faire": "faire fais fait faisons faites font faisais faisait faisions faisiez faisaient "
             "fis fit fîmes fîtes firent ferai feras fera ferons ferez feront ferais ferait "
             "ferions feriez feraient fasse fasses fassions fassiez fassent fît faite faits "
             "faites faisant",
    "dire": "dire dis dit disons dites disent disais disait disions disiez disaient dîmes "
            "dîtes dirent dirai diras dira dirons direz diront dirais dirait dirions diriez "
            "diraient dise dises disiez disent dît dite dits dites disant",
    "aller": "aller vais vas va allons allez vont allais allait allions alliez allaient allai "
             "alla allèrent irai iras ira irons irez iront irais irait irions iriez iraient "
             "aille ailles aillent allé allée allés allées allant",
    "pouvoir": "pouvoir peux peut pouvons pouvez peuvent pouvais pouvait pouvions pouviez "
               "pouvaient pus put purent pourrai pourras pourra pourrons pourrez pourront "
               "pourrais pourrait pourrions pourriez pourraient puisse puisses puissions "
               "puissiez puissent pu pouvant",
    "vouloir": "vouloir veux veut voulons voulez veulent voulais voulait voulions vouliez "
               "voulaient voulus voulut voulurent voudrai voudras voudra voudrons voudrez "
               "voudront voudrais voudrait voudrions voudriez voudraient veuille veuilles "
               "veuillent voulu voulue voulus voulues voulant",
    "devoir": "devoir dois doit devons devez doivent devais devait devions deviez devaient "
              "dus dut durent devrai devras devra devrons devrez devront devrais devrait "
              "devrions devriez devraient doive doives doivent dû due dus dues devant",
    "savoir": "savoir sais sait savons savez savent savais savait savions saviez savaient "
              "sus sut surent saurai sauras saura saurons saurez sauront saurais saurait "
              "saurions sauriez sauraient sache saches sachions sachiez sachent su sue sachant",
    "cevoir": "cevoir çois çoit cevons cevez çoivent cevais cevait cevions ceviez cevaient çus "
              "çut çurent cevrai cevras cevra cevrons cevrez cevront cevrais cevrait "
              "cevrions cevriez cevraient çoive çoives çoivent çu çue çus çues cevant",
    "voir": "voir vois voit voyons voyez voient voyais voyait voyions voyiez voyaient vis vit "
            "virent verrai verras verra verrons verrez verront verrais verrait verrions "
            "verriez verraient voie voies voient vu vue vus vues voyant "
            "voirai voiras voira voirons voirez voiront voirais voirait",
    "prendre": "prendre prends prend prenons prenez prennent prenais prenait prenions preniez "
               "prenaient pris prit prîmes prîtes prirent prendrai prendras prendra prendrons "
               "prendrez prendront prendrais prendrait prendrions prendriez prendraient "
               "prenne prennes prennent prît prise prises prenant",
    "mettre": "mettre mets met mettons mettez mettent mettais mettait mettions mettiez "
              "mettaient mis mit mîmes mîtes mirent mettrai mettras mettra mettrons mettrez "
              "mettront mettrais mettrait mettrions mettriez mettraient mette mettes mît mise "
              "mises mettant",
    "tenir": "tenir tiens tient tenons tenez tiennent tenais tenait tenions teniez tenaient "
             "tins tint tinrent tiendrai tiendras tiendra tiendrons tiendrez tiendront "
             "tiendrais tiendrait tiendrions tiendriez tiendraient tienne tiennes tiennent "
             "tînt tenu tenue tenus tenues tenant",
    "venir": "venir viens vient venons venez viennent venais venait venions veniez venaient "
             "vins vint vinrent viendrai viendras viendra viendrons viendrez viendront "
             "viendrais viendrait viendrions viendriez viendraient vienne viennes viennent "
             "vînt venu venue venus venues venant",
    "vrir": "vrir vre vres vrons vrez vrent vrais vrait vrions vriez vraient vris vrit "
            "vrirent vrirai vriras vrira vrirons vrirez vriront vrirais vrirait vririons "
            "vririez vriraient vert verte verts vertes vrant",
    "frir": "frir fre fres frons frez frent frais frait frions friez fraient fris frit "
            "frirent frirai friras frira frirons frirez friront frirais frirait friraient "
            "fert ferte ferts fertes frant",
    "uire": "uire uis uit uisons uisez uisent uisais uisait uisions uisiez uisaient uisis "
            "uisit uisirent uirai uiras uira uirons uirez uiront uirais uirait uirions "
            "uiriez uiraient uise uises uit uite uits uites uisant",
    "crire": "crire cris crit crivons crivez crivent crivais crivait crivions criviez "
             "crivaient crivis crivit crivirent crirai criras crira crirons crirez criront "
             "crirais crirait cririons cririez criraient crive crives crite crits crites "
             "crivant",
    "lire": "lire lis lit lisons lisez lisent lisais lisait lisions lisiez lisaient lus lut "
            "lurent lirai liras lira lirons lirez liront lirais lirait liraient lise lises lu "
            "lue lues lisant",
    "croire": "croire crois croit croyons croyez croient croyais croyait croyions croyiez "
              "croyaient crus crut crurent croirai croiras croira croirons croirez croiront "
              "croirais croirait croiraient croie croies cru crue crues croyant",
    "suivre": "suivre suis suit suivons suivez suivent suivais suivait suivions suiviez "
              "suivaient suivis suivit suivirent suivrai suivras suivra suivrons suivrez "
              "suivront suivrais suivrait suivraient suive suives suivi suivie suivis "
              "suivies suivant",
    "vivre": "vivre vis vit vivons vivez vivent vivais vivait vivions viviez vivaient vécus "
             "vécut vécurent vivrai vivras vivra vivrons vivrez vivront vivrais vivrait "
             "vivraient vive vives vécu vécue vécus vécues vivant",
    "aître": "aître ais aît ait aissons aissez aissent aissais aissait aissions aissiez "
             "aissaient us ut urent aîtrai aîtras aîtra aîtrons aîtrez aîtront aîtrais "
             "aîtrait aîtraient aisse aisses u ue ues aissant",
    "battre": "battre bats bat battons battez battent battais battait battions battiez "
              "battaient battis battit battirent battrai battras battra battrons battrez "
              "battront battrais battrait battraient batte battes battu battue battus "
              "battues battant",
    "indre": "indre ins int ignons ignez ignent ignais ignait ignions igniez ignaient ignis "
             "ignit ignirent indrai indras indra indrons indrez indront indrais indrait "
             "indraient igne ignes int inte ints intes ignant",
    "soudre": "soudre sous sout solvons solvez solvent solvais solvait solvions solviez "
              "solvaient solus solut solurent soudrai soudras soudra soudrons soudrez "
              "soudront soudrais soudrait soudraient solve solves solu solue solus solues "
              "solvant",
    "courir": "courir cours court courons courez courent courais courait courions couriez "
              "couraient courus courut coururent courrai courras courra courrons courrez "
              "courront courrais courrait courraient coure coures couru courue courus "
              "courues courant",
    "valoir": "valoir vaux vaut valons valez valent valais valait valions valiez valaient "
              "valus valut valurent vaudrai vaudras vaudra vaudrons vaudrez vaudront "
              "vaudrais vaudrait vaudraient vaille vailles vaillent valu value valus "
              "values valant",
    "falloir": "falloir faut fallait fallut faudra faudrait faille fallu",
    "clure": "clure clus clut cluons cluez cluent cluais cluait cluions cluiez cluaient "
             "clurent clurai cluras clura clurons clurez cluront clurais clurait "
             "cluraient clue clues clu clus cluant",
    "vaincre": "vaincre vaincs vainc vainquons vainquez vainquent vainquais vainquait "
               "vainquaient vainquis vainquit vainquirent vaincrai vaincra vaincront "
               "vaincrait vaincraient vainque vaincu vaincue vaincus vaincues vainquant",
    "plaire": "plaire plais plaît plait plaisons plaisez plaisent plaisais plaisait "
              "plaisaient plus plut plurent plairai plaira plairont plairait plairaient "
              "plaise plaises plu plaisant",
    "mourir": "mourir meurs meurt mourons mourez meurent mourais mourait mouraient mourus "
              "mourut moururent mourrai mourra mourront mourrait mourraient meure meures "
              "mort morte morts mortes mourant",
}
_IRREGULAR_ENDINGS = sorted(_IRREGULAR, key=len, reverse=True)
#: Verbs that lend their forms to no other (« installer » is not conjugated like « aller »).
_NO_COMPOUNDS = frozenset(("être", "avoir", "aller", "falloir"))
#: Verbs in -ir of the third group that do not end like an entry above.
_NOT_SECOND_GROUP = ("partir", "sortir", "sentir", "mentir", "servir", "dormir", "fuir")


def _first_group(lemma: str) -> set[str]:
    stem = lemma[:-2]
    forms = {stem + e for e in _ER}
    # Spelling changes: commencer → commençons, manger → mangeons, compléter → complète,
    # appeler → appelle, employer → emploie.  Generating both spellings is harmless.
    if stem.endswith("c"):
        forms |= {stem[:-1] + "ç" + e for e in _ER if e[:1] in ("a", "o", "â")}
    if stem.endswith("g"):
        forms |= {stem + "e" + e for e in _ER if e[:1] in ("a", "o", "â")}
    m = re.search(r"[ée]([^aeiouyéè]+)$", stem)
    if m:
        grave = stem[:m.start()] + "è" + m.group(1)
        forms |= {grave + e for e in _ER}
        if m.group(1) in ("l", "t"):
            forms |= {stem + m.group(1) + e for e in _ER}
    if stem.endswith("y"):
        forms |= {stem[:-1] + "i" + e for e in _ER}
    return forms


def verb_forms(lemma: str) -> frozenset[str]:
    """Every simple-tense form and participle of a French verb (a generous superset)."""
    for ending in _IRREGULAR_ENDINGS:
        if lemma == ending or (lemma.endswith(ending) and ending not in _NO_COMPOUNDS):
            prefix = lemma[:-len(ending)]
            base = _IRREGULAR[ending].split()
            return frozenset(prefix + f for f in base)
    if lemma.endswith(_NOT_SECOND_GROUP):
        return frozenset({lemma} | _tir_forms(lemma))
    if lemma.endswith("er"):
        return frozenset(_first_group(lemma))
    if lemma.endswith("ir"):
        return frozenset(lemma[:-2] + e for e in _IR)
    if lemma.endswith("re"):  # rendre: the third person singular is the bare stem (« rend »)
        return frozenset({lemma[:-2]} | {lemma[:-2] + e for e in _RE})
    return frozenset({lemma})


def _tir_forms(lemma: str) -> set[str]:
    """partir, sortir, servir: ``part|s``, ``part|ons``, ``par|s``, ``parti``."""
    stem = lemma[:-2]  # part, sort, serv
    short = stem[:-1]  # par, sor, ser
    return ({short + "s", short + "t"}
            | {stem + e for e in ("ons", "ez", "ent", "ais", "ait", "ions", "iez", "aient",
                                  "is", "it", "irent", "irai", "ira", "iront", "irait",
                                  "iraient", "e", "es", "i", "ie", "is", "ies", "ant")})


def nominal_forms(lemma: str, gender: bool = True) -> frozenset[str]:
    """Number (and, for adjectives, gender) forms of a noun or adjective."""
    forms = {lemma}
    if lemma.endswith(("s", "x", "z")):
        pass
    elif lemma.endswith("al"):
        forms |= {lemma[:-2] + "aux", lemma + "s"}
    elif lemma.endswith(("eau", "au", "eu")):
        forms |= {lemma + "x", lemma + "s"}
    else:
        forms.add(lemma + "s")
    if gender:
        if lemma.endswith("e"):
            pass
        elif lemma.endswith("eux"):
            forms |= {lemma[:-1] + "se", lemma[:-1] + "ses"}
        elif lemma.endswith("if"):
            forms |= {lemma[:-1] + "ve", lemma[:-1] + "ves"}
        elif lemma.endswith("er"):
            forms |= {lemma[:-2] + "ère", lemma[:-2] + "ères"}
        elif lemma.endswith(("el", "en", "on", "et")):
            forms |= {lemma + lemma[-1] + "e", lemma + lemma[-1] + "es", lemma + "e",
                      lemma + "es"}
        else:
            forms |= {lemma + "e", lemma + "es"}
    return frozenset(forms)


def fold_word(word: str) -> str:
    return word.lower().replace("’", "'")
