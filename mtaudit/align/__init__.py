"""Align: pair French segments with the source's (the align stage runs no rules)."""
