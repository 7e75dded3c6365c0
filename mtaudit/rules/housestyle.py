"""House style versus evidence: one note per document for a convention applied consistently.

Web copy breaks some rules of French typography *consistently*, as a site's house style: AFP
wire copy quotes with straight `"…"`, Swiss and Luxembourg newsrooms glue `:` and `?` to the
word, most CMSs glue `%` to the number. The Imprimerie nationale (*Lexique des règles
typographiques*, « Espacement », « Guillemets ») and the OQLF (*Banque de dépannage
linguistique*, « Espacement avant et après les signes de ponctuation ») describe the norm, and
the OQLF itself accepts no space before `;`, `!` and `?` where the narrow space is not
available. A convention applied throughout a document says nothing about how it was written; a
*mix* of conventions does (text assembled from several machine outputs, an English source's
typography carried over sentence by sentence). So the typographic rules report every
occurrence where a document mixes conventions, and a consistent one once, at its first
occurrence, with the count. Where the detector calls the document machine-translated, the
convention is part of the damage an editor has to repair, so the report lists every occurrence
again (``occurrences``, expanded by ``mtaudit.stages.expand_house_style``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from mtaudit.rules.base import Context, Hit

#: ``Context.extras`` key set by ``mtaudit fix``: every occurrence is then yielded with its fix.
FIXING = "fixing"


def once_per_document(ctx: Context, hits: Sequence[Hit], what: str) -> Iterator[Hit]:
    """``hits`` as one note at the first occurrence when there are several.

    In an audit the note carries no automatic fix when it stands for several occurrences (one
    finding cannot carry their fixes); `mtaudit fix` (``FIXING`` in the context) gets every
    occurrence with its fix, so that it normalises the whole document in one pass.
    """
    if not hits:
        return
    if ctx.extras.get(FIXING):
        yield from hits
        return
    first = hits[0]
    if len(hits) == 1:
        yield first
        return
    yield Hit(first.start, first.end,
              f"{first.message} This document does it consistently ({len(hits)} times: "
              f"{what}); a house style, reported once.",
              suggestion=first.replacement or first.suggestion, severity=first.severity,
              occurrences=tuple(hits))
