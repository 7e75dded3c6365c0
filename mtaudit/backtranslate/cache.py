"""The translation cache: one SQLite file, keyed by model identity, settings and source text.

A cache is an optimisation, never a reason to fail: a file that SQLite cannot read is deleted
and rebuilt, and a directory that cannot be written leaves the check running without a cache.

The cache holds the text of the documents checked, so it is private: the file is created with
mode 0600 (and an older, wider one narrowed), its directory 0700.  SQLite writes it through its
own journal, so an interrupted write never leaves it half-written.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

CACHE_FILE = "translations.sqlite3"
#: Bump when the stored translations would differ for the same key (splitting, decoding).
SCHEMA_VERSION = 1
_SQLITE_MAX_VARIABLES = 900


class TranslationCache:
    """``get`` and ``put`` translations of texts under a settings key."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / CACHE_FILE
        self.notes: list[str] = []
        self._db: sqlite3.Connection | None = None
        self._open()

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            _create_private(self.path)
            self._db = self._connect()
        except sqlite3.OperationalError as exc:
            # Locked or read-only: a sound file that this run cannot use; leave it alone.
            self.notes.append(f"translation cache disabled ({self.path}: {exc})")
        except sqlite3.DatabaseError:
            self._rebuild()
        except OSError as exc:
            self.notes.append(f"translation cache disabled ({self.path}: "
                              f"{exc.strerror or exc})")
            self._db = None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                db.execute("DROP TABLE IF EXISTS translations")
            db.execute("CREATE TABLE IF NOT EXISTS translations (settings TEXT NOT NULL, "
                       "source TEXT NOT NULL, target TEXT NOT NULL, "
                       "PRIMARY KEY (settings, source)) WITHOUT ROWID")
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _rebuild(self) -> None:
        """Replace an unreadable cache file by an empty cache."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        try:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            _create_private(self.path)
            self._db = self._connect()
            self.notes.append(f"the translation cache {self.path} was unreadable and has "
                              "been rebuilt")
        except (OSError, sqlite3.Error) as exc:
            self.notes.append(f"translation cache disabled ({self.path}: {exc})")
            self._db = None

    def get(self, settings: str, sources: Iterable[str]) -> dict[str, str]:
        """The cached translations of ``sources`` under ``settings`` (missing ones left out)."""
        wanted = list(dict.fromkeys(sources))
        found: dict[str, str] = {}
        if self._db is None:
            return found
        try:
            for k in range(0, len(wanted), _SQLITE_MAX_VARIABLES):
                chunk = wanted[k:k + _SQLITE_MAX_VARIABLES]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT source, target FROM translations WHERE settings = ? "
                    f"AND source IN ({marks})", (settings, *chunk))
                found.update(rows)
        except sqlite3.OperationalError:
            return {}
        except sqlite3.DatabaseError:
            self._rebuild()
            return {}
        return found

    def put(self, settings: str, pairs: Sequence[tuple[str, str]]) -> None:
        if self._db is None or not pairs:
            return
        rows = [(settings, source, target) for source, target in pairs]
        try:
            self._store(rows)
        except sqlite3.OperationalError as exc:
            # Busy or read-only: this run's translations are simply not kept.
            self.notes.append(f"translations not cached ({exc})")
        except sqlite3.DatabaseError:
            self._rebuild()
            with contextlib.suppress(sqlite3.Error, AttributeError):
                self._store(rows)

    def _store(self, rows: list[tuple[str, str, str]]) -> None:
        assert self._db is not None
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?)", rows)

    def stats(self) -> dict[str, int]:
        """Entries and bytes on disk (``mtaudit models``)."""
        entries = 0
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                entries = self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
        size = self.path.stat().st_size if self.path.exists() else 0
        return {"entries": entries, "bytes": size}

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _create_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 (SQLite would create it 0644), or narrow the mode
    of an existing cache file of ours to 0600."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        st = path.stat()
        if st.st_mode & 0o077 and st.st_uid == os.geteuid():
            os.chmod(path, 0o600)
