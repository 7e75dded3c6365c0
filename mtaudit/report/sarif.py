"""SARIF 2.1.0 output for code-scanning dashboards (rules[] generated from rule metadata)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mtaudit.core.results import Report
from mtaudit.core.version import __version__
from mtaudit.rules import all_rules

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render_sarif(reports: Sequence[Report]) -> str:
    rules = all_rules()
    codes = list(rules)
    index = {c: i for i, c in enumerate(codes)}
    driver_rules = [{
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.explanation},
        "help": {"text": r.doc()},
        "defaultConfiguration": {"level": r.severity.sarif_level},
        "properties": {"category": r.category.value, "mqm_severity": r.severity.value,
                       "fixable": r.fixable},
    } for r in rules.values()]
    results: list[dict[str, Any]] = []
    artifacts: list[dict[str, Any]] = []
    for ai, rep in enumerate(reports):
        doc = rep.document
        uri = doc.path if doc.path.startswith("<") else Path(doc.path).as_posix()
        artifacts.append({"location": {"uri": uri}, "encoding": doc.encoding,
                          "properties": {"verdict": rep.to_dict()["verdict"]}})
        for f in rep.findings:
            end_line, end_col = doc.line_col(f.end)
            result: dict[str, Any] = {
                "ruleId": f.rule,
                "level": f.severity.sarif_level,
                "message": {"text": f.message + (f" Suggestion: {f.suggestion}"
                                                 if f.suggestion else "")},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri, "index": ai},
                    "region": {"startLine": f.line, "startColumn": f.column,
                               "endLine": end_line, "endColumn": end_col,
                               "charOffset": f.start, "charLength": f.end - f.start,
                               "snippet": {"text": doc.text[f.start:f.end]}},
                }}],
                "properties": {"category": f.category.value, "severity": f.severity.value},
            }
            if f.rule in index:
                result["ruleIndex"] = index[f.rule]
            if f.fix is not None:
                result["fixes"] = [{"description": {"text": f"Replace with {f.fix.replacement!r}"},
                                    "artifactChanges": [{
                                        "artifactLocation": {"uri": uri},
                                        "replacements": [{
                                            "deletedRegion": {
                                                "charOffset": f.fix.start,
                                                "charLength": f.fix.end - f.fix.start},
                                            "insertedContent": {"text": f.fix.replacement},
                                        }]}]}]
            results.append(result)
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "mtaudit", "version": __version__,
                                "informationUri": "https://pypi.org/project/mtaudit/",
                                "rules": driver_rules}},
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
        }],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"
