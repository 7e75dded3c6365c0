"""User-facing errors: each becomes one line on stderr and exit code 2; the exit codes."""

#: 0 gate passed · 1 gate failed · 2 usage, input or configuration error · 3 a bug.
EXIT_OK, EXIT_GATE, EXIT_ERROR, EXIT_BUG = 0, 1, 2, 3


class UsageError(Exception):
    """Bad input, usage or configuration; the message is shown to the user as is."""
