"""Text that is safe to echo to a terminal.

Input files can hold escape sequences (``ESC]0;…BEL`` retitles a terminal, ``ESC[2J`` clears
it, OSC 8 fakes links) and bidirectional overrides that reorder what is shown ("Trojan
Source", CVE-2021-42574).  Whatever mtaudit echoes from its input to a terminal goes through
``printable``: each such character becomes one visible stand-in, so columns and carets stay
aligned.
"""

from __future__ import annotations

#: C0 controls except tab and line feed, DEL, C1 controls -> Unicode control pictures / "�";
#: bidirectional embeddings, overrides and isolates -> "�".
_TABLE: dict[int, str] = {c: chr(0x2400 + c) for c in range(32) if c not in (9, 10)}
_TABLE[0x7F] = "\u2421"
_TABLE.update({c: "\ufffd" for c in range(0x80, 0xA0)})
_TABLE.update({c: "\ufffd" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def printable(text: str) -> str:
    """``text`` with terminal control characters replaced one for one by visible signs."""
    return text.translate(_TABLE)
