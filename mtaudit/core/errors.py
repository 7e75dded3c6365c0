"""User-facing errors: each becomes one line on stderr and exit code 2."""


class UsageError(Exception):
    """Bad input, usage or configuration; the message is shown to the user as is."""
