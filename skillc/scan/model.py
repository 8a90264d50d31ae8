"""What the scanner reports: findings in three channels, scored on the SSL risk dimensions.

A `Finding` is a `Diagnostic` (code, message, severity, evidence span, related spans) plus what a
risk report needs: its ``channel`` (is this evidence of intent, a risky construct, or a mere
capability?), the six SSL risk dimensions it touches, scored 1-5 (arXiv 2604.24026 §4.2: 1 = no
meaningful signal, 5 = explicit and critical), and the OWASP Agentic Skills Top 10 and SkillScan
categories it belongs to. Keeping the channel apart from the severity is what lets the verdict
say "this skill can reach the network" without calling it malicious.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from skillc.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from skillc.scan.traces import Traces


class Channel(StrEnum):
    """How much a finding says about intent (the verdict's three inputs)."""

    MALICIOUS = "malicious-indicator"
    RISKY = "risky-construct"
    CAPABILITY = "capability"


class Dimension(StrEnum):
    """The six SSL risk dimensions (spec-facts §2.7)."""

    EXFILTRATION = "data_exfiltration"
    DESTRUCTIVE = "destructive_behavior"
    PRIVILEGE = "privilege_escalation"
    COVERT = "covert_execution"
    RESOURCE = "resource_abuse"
    CREDENTIAL = "credential_access"


#: OWASP Agentic Skills Top 10 (v1.0, 2026 edition), by id.
OWASP_AST: dict[str, str] = {
    "AST01": "Malicious Skills",
    "AST02": "Supply Chain Compromise",
    "AST03": "Over-Privileged Skills",
    "AST04": "Insecure Metadata",
    "AST05": "Untrusted External Instructions",
    "AST06": "Weak Isolation",
    "AST07": "Update Drift",
    "AST08": "Poor Scanning",
    "AST09": "No Governance",
    "AST10": "Cross-Platform Reuse",
}

#: SkillScan's four categories ("Agent Skills in the Wild", arXiv 2601.10338; spec-facts §4).
SKILLSCAN: tuple[str, ...] = (
    "prompt injection",
    "data exfiltration",
    "privilege escalation",
    "supply chain",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleMeta:
    """What a risk rule's findings carry by default; a finding may raise or lower the channel."""

    code: str
    channel: Channel
    dimensions: tuple[tuple[Dimension, int], ...]
    owasp: str
    skillscan: str

    def __post_init__(self) -> None:
        if self.owasp not in OWASP_AST or self.skillscan not in SKILLSCAN:
            raise ValueError(f"{self.code}: unknown category {self.owasp!r}/{self.skillscan!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One piece of evidence: the diagnostic, its channel and its scores."""

    diagnostic: Diagnostic
    channel: Channel
    dimensions: tuple[tuple[Dimension, int], ...]
    owasp: str
    skillscan: str
    excerpt: str = ""
    #: The evidence in context for the HTML report: (lines before, the evidence, lines after),
    #: each cut short, so a reviewer sees what surrounds a match without opening the file.
    context: tuple[str, str, str] = ("", "", "")

    @property
    def code(self) -> str:
        return self.diagnostic.code


def channel_severity(channel: Channel) -> Severity:
    """The diagnostic severity a channel is shown with (SARIF level, text prefix)."""
    return {
        Channel.MALICIOUS: Severity.ERROR,
        Channel.RISKY: Severity.WARNING,
        Channel.CAPABILITY: Severity.INFO,
    }[channel]


class Verdict(StrEnum):
    MALICIOUS = "malicious"
    SUSPICIOUS = "suspicious"
    BENIGN = "benign"


@dataclass(slots=True, kw_only=True)
class SkillReport:
    """The scan of one skill package: findings, verdict, scores and what it needs."""

    path: str
    name: str
    description: str
    findings: list[Finding] = field(default_factory=list)
    verdict: Verdict = Verdict.BENIGN
    reasons: list[str] = field(default_factory=list)
    scores: dict[str, int] = field(default_factory=dict)
    trust_tier: str = ""
    allowed_tools: list[str] = field(default_factory=list)
    mismatch: list[str] = field(default_factory=list)
    #: The front matter's ``allowed-tools`` (None when the skill declares none).
    declared_tools: list[str] | None = None
    #: What the skill leaves for other skills (paths written and run, encoded fragments), for
    #: the cross-skill rules; not part of any report.
    traces: Traces | None = field(default=None, repr=False, compare=False)


def sort_key(finding: Finding) -> tuple[str, int, int, str, str]:
    """Findings in path, line, column, code, message order (every report's order)."""
    d = finding.diagnostic
    span = d.span
    return (
        span.source if span else d.path,
        span.line if span else 0,
        span.col if span else 0,
        d.code,
        d.message,
    )
