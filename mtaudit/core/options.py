"""Choices and defaults shared by the command line and the configuration (no imports: the
command line reads them before anything heavy is loaded)."""

FAIL_ON_CHOICES = ("critical", "major", "minor", "never")
TRANSLATORS = ("marian", "ctranslate2", "none")
DEFAULT_MODEL = "Helsinki-NLP/opus-mt-fr-en"
DEFAULT_ROUNDTRIP_MODEL = "Helsinki-NLP/opus-mt-en-fr"
