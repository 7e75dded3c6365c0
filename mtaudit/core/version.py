"""The version of mtaudit (one place: the package, the reports and the SARIF driver read it)."""

__version__ = "0.1.0"
