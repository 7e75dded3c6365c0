"""Short French texts for the batch, streaming and Dask tests (written for these tests).

Some are clean, some carry the marks of raw machine translation (straight quotes, a comma
inside the closing guillemet, English words, missing spaces before double punctuation), so
that the findings compared between routes are not all empty.
"""

from __future__ import annotations

TEXTS: tuple[str, ...] = (
    "La municipalité a présenté mardi son budget pour l’année prochaine. Les dépenses "
    "d’investissement augmentent légèrement, tandis que la dette reste stable selon le maire.",
    "Le ministre a déclaré \"nous allons agir rapidement\" lors de sa conférence de presse, "
    "mais il n’a donné aucun calendrier précis aux journalistes présents.",
    "Il a dit « immédiatement, » puis il est parti vers la capitale du pays pour rencontrer "
    "les représentants syndicaux.",
    "Les agriculteurs de la région attendent la pluie depuis des semaines. Dans les champs, "
    "le blé a jauni trop tôt et les récoltes s’annoncent maigres.",
    "Selon le rapport, the company said that les ventes ont baissé de dix pour cent au cours "
    "du dernier trimestre, ce qui inquiète les actionnaires.",
    "Le festival ouvrira ses portes vendredi soir: plus de quarante concerts sont prévus "
    "pendant trois jours dans le parc municipal!",
    "Les élèves du lycée ont visité l’exposition consacrée aux peintres de la vallée. "
    "Beaucoup d’entre eux découvraient ces œuvres pour la première fois.",
    "Le gouvernement a annoncé qu'il allait adresser le problème des loyers dans les "
    "prochains mois, a-t-il dit aux journalistes réunis devant le ministère.",
)
