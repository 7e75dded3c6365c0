"""The publication gate: pass or fail from the findings, the MT score and the MQM penalty."""

from __future__ import annotations

from collections.abc import Sequence

from mtaudit.core.config import Config
from mtaudit.core.document import Finding, Severity
from mtaudit.core.results import Gate


def gate(findings: Sequence[Finding], config: Config, mt_score: float,
         mqm: float, mt_label: str | None = None) -> Gate:
    """Pass/fail.  The MT part applies when ``max_mt_score`` is set: a score above it fails,
    except that an ``uncertain`` verdict is decided by ``config.uncertain`` — "fail": it
    fails whatever its score; "pass" (default): it never fails the MT gate."""
    reasons: list[str] = []
    if config.fail_on != "never":
        level = Severity(config.fail_on).rank
        for sev in (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR):
            n = sum(1 for f in findings if f.severity is sev)
            if n and sev.rank >= level:
                reasons.append(f"{n} {sev.value} finding{'s' if n > 1 else ''}")
    if config.max_mt_score is not None:
        if mt_label == "uncertain":
            if config.uncertain == "fail":
                reasons.append(f"MT verdict uncertain (score {mt_score:.2f}) and "
                               "uncertain = \"fail\"")
        elif mt_score > config.max_mt_score:
            reasons.append(f"MT score {mt_score:.2f} above --max-mt-score "
                           f"{config.max_mt_score:g}")
    if config.max_mqm_penalty is not None and mqm > config.max_mqm_penalty:
        reasons.append(f"MQM penalty {mqm:.1f} per 1,000 words above {config.max_mqm_penalty:g}")
    return Gate(passed=not reasons, reasons=tuple(reasons), fail_on=config.fail_on)
