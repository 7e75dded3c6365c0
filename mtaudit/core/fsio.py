"""Safe file output: atomic replacement, encodings kept, clear errors, printable names.

Every file mtaudit writes (``fix --write``, ``-o``, the rule index) goes through
``atomic_write``: the bytes go to a temporary file in the target's directory, are flushed and
fsync'ed, take the target's permission bits, and only then replace the target with
``os.replace`` — so a full disk, a file-size limit or Ctrl-C leaves either the old file or the
new one, never a truncated mix, and never an empty report.  Targets that are not regular files
(``/dev/stdout``, ``/dev/full``, a FIFO) are written directly: replacing a device node with a
regular file would be worse than any error.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from mtaudit.core.errors import UsageError

_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


def cache_dir() -> Path:
    """mtaudit's cache directory: ``MTAUDIT_CACHE_DIR``, else the platform's user cache
    directory.  Compiled patterns, word-frequency and lemma packs, the French lexicon,
    translations and converted models live there; each is rebuilt when absent."""
    override = os.environ.get("MTAUDIT_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mtaudit", appauthor=False))


def display(path: str | os.PathLike[str]) -> str:
    """A path as it can be printed and stored in UTF-8 reports.

    File names that are not valid UTF-8 reach Python as lone surrogates (PEP 383); they
    cannot be encoded, so their raw bytes are shown as ``\\xNN`` escapes.
    """
    s = os.fspath(path)
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def check_writable(path: Path) -> os.stat_result | None:
    """The target's stat (``None`` if it does not exist yet); a clear error if it cannot be
    written.  A file without any write permission bit is refused even for root: replacing it
    through its directory would silently defeat the owner's ``chmod a-w``."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(f"{display(path)}: cannot write ({_reason(exc)})") from None
    if stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{display(path)}: is a directory")
    if stat.S_ISREG(st.st_mode) and (not st.st_mode & _WRITE_BITS
                                     or not os.access(path, os.W_OK)):
        raise UsageError(f"{display(path)}: file is read-only")
    return st


def atomic_write(path: str | os.PathLike[str], data: bytes, *, mode: int | None = None,
                 make_parents: bool = False) -> None:
    """Replace ``path`` by ``data`` atomically (see the module docstring).

    ``mode``: permission bits of a new file (default: those of the file replaced, else 0o666
    minus the umask).  Raises ``UsageError`` with a one-line reason on any OS error; the
    target is then untouched and no temporary file is left behind.
    """
    target = Path(os.path.realpath(path))  # write through a symlink, do not replace it
    st = check_writable(target)
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_special(target, data)
        return
    if make_parents:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"{display(target.parent)}: cannot create directory "
                             f"({_reason(exc)})") from None
    if st is not None:
        bits = stat.S_IMODE(st.st_mode)
    elif mode is not None:
        bits = mode
    else:
        umask = os.umask(0)
        os.umask(umask)
        bits = 0o666 & ~umask
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:40]}.",
                                   suffix=".mtaudit-tmp")
        try:
            os.fchmod(fd, bits)
            if st is not None and os.geteuid() == 0:
                with contextlib.suppress(OSError):
                    os.fchown(fd, st.st_uid, st.st_gid)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        tmp = None
        _fsync_dir(target.parent)
    except OSError as exc:
        raise UsageError(f"{display(path)}: cannot write ({_reason(exc)})") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _write_special(target: Path, data: bytes) -> None:
    """A character device or FIFO: write in place (no truncation of anything real)."""
    try:
        fd = os.open(target, os.O_WRONLY)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
    except OSError as exc:
        raise UsageError(f"{display(target)}: cannot write ({_reason(exc)})") from None


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_text(path: str | os.PathLike[str], text: str, *,
                      make_parents: bool = False) -> None:
    """UTF-8 text, atomically (reports, the rule index)."""
    atomic_write(path, text.encode("utf-8"), make_parents=make_parents)


# --- keeping a file's encoding -------------------------------------------------------------

def encode_like(text: str, encoding: str, original: bytes, path: str) -> bytes:
    """Encode ``text`` the way ``original`` was encoded: same codec, same byte order mark
    (UTF-8 BOM, UTF-16 LE or BE).  Line endings are part of ``text`` already (decoding never
    translates them).  A character the encoding cannot hold is a ``UsageError`` naming it."""
    if original.startswith(b"\xef\xbb\xbf"):
        bom, codec = b"\xef\xbb\xbf", "utf-8"
    elif original.startswith(b"\xff\xfe"):
        bom, codec = b"\xff\xfe", "utf-16-le"
    elif original.startswith(b"\xfe\xff"):
        bom, codec = b"\xfe\xff", "utf-16-be"
    else:
        bom, codec = b"", "utf-8" if encoding in ("utf-8", "utf-8-sig") else encoding
    try:
        return bom + text.encode(codec)
    except UnicodeEncodeError as exc:
        ch = exc.object[exc.start]
        line = exc.object.count("\n", 0, exc.start) + 1
        raise UsageError(
            f"{display(path)}: a fix needs U+{ord(ch):04X} ({_char_name(ch)}) on line {line}, "
            f"which {encoding} cannot encode; file left unchanged (convert it to UTF-8, or "
            "--ignore that rule)") from None
    except LookupError:
        raise UsageError(f"{display(path)}: cannot write back in encoding {encoding!r}; "
                         "file left unchanged") from None


def _char_name(ch: str) -> str:
    import unicodedata

    return unicodedata.name(ch, "unnamed").lower()
