"""mtaudit: a machine-translation quality auditor for French."""

__version__ = "0.1.0"
