"""The scan as a SARIF 2.1.0 log, for code scanning: lint's SARIF writer plus risk properties.

Results, rules and locations come from `skillc.lint.render.sarif` (so lint, build and scan
annotations read alike). Each result gains ``properties`` with the finding's channel, SSL risk
dimension scores, OWASP AST id and SkillScan category; the run gains ``properties.skills``, the
verdict, trust tier and scores of every skill scanned (SARIF's property bags hold tool-specific
data without leaving the schema).
"""

from __future__ import annotations

import json
from typing import Any

from skillc.lint.render import sort_key
from skillc.lint.render.sarif import log
from skillc.scan.engine import ScanRun
from skillc.scan.model import Finding


def render(run: ScanRun) -> str:
    return json.dumps(sarif_log(run), indent=2, ensure_ascii=False) + "\n"


def sarif_log(run: ScanRun) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict."""
    owned: list[tuple[Finding, str, str]] = [
        (f, r.path, r.verdict.value) for r in run.reports for f in r.findings
    ]
    owned.sort(key=lambda item: sort_key(item[0].diagnostic))
    result = log([f.diagnostic for f, _, _ in owned])
    [sarif_run] = result["runs"]
    for entry, (finding, skill, verdict) in zip(sarif_run["results"], owned, strict=True):
        entry["properties"] = {
            "channel": finding.channel.value,
            "dimensions": {d.value: s for d, s in finding.dimensions},
            "owasp": finding.owasp,
            "skillscan": finding.skillscan,
            "skill": skill,
            "verdict": verdict,
        }
    sarif_run["properties"] = {
        "skills": [
            {
                "path": r.path,
                "verdict": r.verdict.value,
                "trust_tier": r.trust_tier,
                "scores": r.scores,
                "allowed_tools": r.allowed_tools,
            }
            for r in sorted(run.reports, key=lambda r: r.path)
        ]
    }
    return result
