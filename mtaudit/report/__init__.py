"""Reporters: functions of finished reports; they never recompute anything."""

FORMATS = ("rich", "json", "jsonl", "sarif", "html", "github")
