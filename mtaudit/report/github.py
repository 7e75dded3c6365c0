"""GitHub Actions annotations (``--format github``): one workflow command per finding.

    ::error file=a.txt,line=3,col=12,endLine=3,endColumn=20,title=mtaudit Q002 (…)::message

GitHub shows them on the pull request's changed lines, as it does ruff's ``--output-format
github``.  Findings at or above the gate's ``--fail-on`` severity are ``error`` (they fail the
run), the others ``warning`` (major, critical) or ``notice`` (minor).  A gate failing on the MT
score or the MQM penalty adds a file-level ``error``.  Values are escaped as the runner
expects (``%``, CR, LF in messages; also ``:`` and ``,`` in properties).
Format: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mtaudit.core.document import Finding, Severity
from mtaudit.core.results import Report


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, message: str, **props: object) -> str:
    body = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{level} {body}::{escape_data(message)}" if body \
        else f"::{level}::{escape_data(message)}"


def level(f: Finding, fail_on: str) -> str:
    """``error`` when the finding fails the gate, else ``warning`` or ``notice``."""
    if fail_on != "never" and f.severity.rank >= Severity(fail_on).rank:
        return "error"
    return "notice" if f.severity is Severity.MINOR else "warning"


def render_github(reports: Sequence[Report]) -> str:
    lines: list[str] = []
    for rep in reports:
        doc = rep.document
        file = None if doc.path.startswith("<") else Path(doc.path).as_posix()
        for f in rep.findings:
            end_line, end_col = doc.line_col(f.end)
            message = f"{f.rule} [{f.severity.value}] {f.message}"
            if f.suggestion and f.suggestion != doc.text[f.start:f.end]:
                message += f" → {f.suggestion}"
            lines.append(_command(level(f, rep.gate.fail_on), message, file=file,
                                  line=f.line, col=f.column, endLine=end_line,
                                  endColumn=end_col, title=f"mtaudit {f.rule} ({f.name})"))
        for reason in rep.gate.reasons:
            if not reason.endswith(("finding", "findings")):
                lines.append(_command("error", f"gate failed: {reason}", file=file,
                                      title="mtaudit gate"))
    return "".join(line + "\n" for line in lines)
