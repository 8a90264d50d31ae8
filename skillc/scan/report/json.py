"""The JSON scan report: one document, schema ``skillc-scan-report`` version `VERSION`.

The schema is `schema.json` beside this module (JSON Schema 2020-12; a test validates every
report against it). The version follows semantic versioning: fields are only added within a
major version; a removal or a change of meaning bumps it. Shape::

    {"schema": "skillc-scan-report", "version": "1.0", "tool": {"name", "version"},
     "summary": {"skills", "malicious", "suspicious", "benign", "findings"},
     "skills": [{"path", "name", "description", "verdict", "reasons", "trust_tier",
                 "allowed_tools", "declared_tools" (the front matter's
                 allowed-tools, or null), "scores": {dimension: 1-5}, "purpose_mismatch",
                 "findings": [{"code", "name", "channel", "severity", "message",
                               "location": {"path", "line", "column", "end_line",
                                            "end_column"} | null,
                               "related": [{"path", "line", "column", "message"}],
                               "excerpt", "dimensions": {dimension: 1-5},
                               "owasp": {"id", "name"}, "skillscan"}]}],
     "errors": [{"code", "message", "path"}]}

Paths are shown as the command line gave them (relative paths stay relative).
"""

from __future__ import annotations

import json
from typing import Any

from skillc.diagnostics import Diagnostic
from skillc.scan.engine import ScanRun
from skillc.scan.model import OWASP_AST, Finding, SkillReport
from skillc.scan.report import counts

SCHEMA = "skillc-scan-report"
VERSION = "1.0"


def render(run: ScanRun) -> str:
    return json.dumps(document(run), indent=2, ensure_ascii=False) + "\n"


def document(run: ScanRun) -> dict[str, Any]:
    """The report as a JSON-ready dict."""
    from skillc import __version__

    summary: dict[str, int] = {"skills": len(run.reports), **counts(run.reports)}
    summary["findings"] = sum(len(r.findings) for r in run.reports)
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "tool": {"name": "skillc", "version": __version__},
        "summary": summary,
        "skills": [skill(r) for r in sorted(run.reports, key=lambda r: r.path)],
        "errors": [_error(d) for d in (*run.usage_errors, *run.internal_errors)],
    }


def skill(report: SkillReport) -> dict[str, Any]:
    return {
        "path": report.path,
        "name": report.name,
        "description": report.description,
        "verdict": report.verdict.value,
        "reasons": report.reasons,
        "trust_tier": report.trust_tier,
        "allowed_tools": report.allowed_tools,
        "declared_tools": report.declared_tools,
        "scores": report.scores,
        "purpose_mismatch": report.mismatch,
        "findings": [finding(f) for f in report.findings],
    }


def finding(f: Finding) -> dict[str, Any]:
    from skillc.diagnostics.table import load_codes

    d = f.diagnostic
    info = load_codes().get(d.code)
    span = d.span
    location = None
    if span is not None:
        location = {
            "path": span.source,
            "line": span.line,
            "column": span.col,
            "end_line": span.end_line,
            "end_column": span.end_col,
        }
    elif d.path:
        location = {"path": d.path, "line": 0, "column": 0, "end_line": 0, "end_column": 0}
    return {
        "code": d.code,
        "name": info.name if info is not None else "",
        "channel": f.channel.value,
        "severity": d.severity.value,
        "message": d.message,
        "location": location,
        "related": [
            {"path": s.source, "line": s.line, "column": s.col, "message": m} for s, m in d.related
        ],
        "excerpt": f.excerpt,
        "dimensions": {dim.value: score for dim, score in f.dimensions},
        "owasp": {"id": f.owasp, "name": OWASP_AST[f.owasp]},
        "skillscan": f.skillscan,
    }


def _error(d: Diagnostic) -> dict[str, str]:
    return {"code": d.code, "message": d.message, "path": d.location()}
