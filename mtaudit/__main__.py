"""Entry point for ``python -m mtaudit``."""

from mtaudit.cli import main

raise SystemExit(main())
