"""Entry point for ``python -m mtaudit``."""

from mtaudit.cli.main import main

raise SystemExit(main())
