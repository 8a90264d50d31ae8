"""The verdict on a skill, from its findings' channels and its declared purpose.

The rule, in order (the first that applies wins):

1. **malicious** when any finding is a *malicious indicator* (exfiltration of secrets, a
   reverse shell, a hidden payload, concealment from the user...);
2. **malicious** when a *risky construct* does something the skill's declared purpose (its name
   and description) does not mention: a mismatch between purpose and behaviour raises the level;
3. **malicious** when risky constructs of three or more different rules meet in one skill;
4. **suspicious** when any risky construct remains;
5. **suspicious** when a *capability* is outside the declared purpose;
6. **benign** otherwise: capabilities alone (network, shell, file writes, sudo) never make a
   skill malicious, nor even suspicious when the purpose declares them.

The SSL risk dimensions are scored per skill as the highest score any finding gives them
(a malicious indicator adds one, up to 5; a capability counts at most 2), and 1 where no
finding touches them. The trust tier follows the verdict (quarantined / untrusted / sandboxed
/ trusted): only a benign skill without capabilities and with provenance (a skillc manifest)
is trusted. The least `allowed-tools` is what the findings show the skill needs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from skillc.scan.model import Channel, Dimension, Finding, SkillReport, Verdict

#: What a finding's code does, as the declared purpose would have to say it.
_PURPOSE_WORDS: dict[str, re.Pattern[str]] = {
    name: re.compile(words, re.IGNORECASE)
    for name, words in {
        "network": r"api|http|web|url|download|fetch|upload|sync|cloud|github|gitlab|slack|remote|"
        r"server|deploy|publish|request|network|online|search|browse|email|send|notif|webhook|"
        r"registry|pypi|npm|crawl|scrap|endpoint|service|integrat|report|monitor|install|fetch",
        "execution": r"install|setup|set up|bootstrap|update|upgrade|toolchain|cli|sdk|package",
        "credentials": r"credential|secret|token|key|auth|login|password|vault|ssh|aws|gcloud|"
        r"azure|kube|cert|identity|oauth|sso",
        "destructive": r"clean|delet|remov|prune|purge|reset|uninstall|wipe|rotat|cleanup|"
        r"tear ?down|destroy|git|database|migrat",
        "privilege": r"admin|sudo|root|permission|system|install|setup|docker|chmod|owner|"
        r"harden|provision|server|infra",
        "persistence": r"cron|schedul|service|daemon|startup|autostart|hook|background|periodic|"
        r"login item|agent config|memory|shell profile|bashrc|zshrc|dotfile",
        "supply chain": r"install|package|dependenc|npm|pypi|pip|node|python|tool|cli",
        "files": r"file|write|save|generat|creat|edit|convert|format|build|export|document",
        "agents": r"coding agent|sub-?agent|codex|claude code|opencode|cursor|copilot|tmux|"
        r"terminal session|headless|orchestrat",
    }.items()
}
#: The purpose each rule's findings need declared.
_RULE_PURPOSE: dict[str, str] = {
    "RK201": "execution",
    "RK203": "credentials",
    "RK204": "destructive",
    "RK209": "persistence",
    "RK210": "privilege",
    "RK211": "files",
    "RK215": "supply chain",
}
_CAPABILITY_PURPOSE: dict[str, str] = {
    "network": "network",
    "file-write": "files",
    "environment": "credentials",
}

#: RK210's finding for agents run without their permission prompts (`--yolo`...).
_AGENT_PROMPTS = "switches off the agent's permission prompts"

TIERS: dict[Verdict, str] = {
    Verdict.MALICIOUS: "quarantined",
    Verdict.SUSPICIOUS: "untrusted",
    Verdict.BENIGN: "sandboxed",
}


def purpose_of(finding: Finding) -> str:
    """The purpose a finding's behaviour needs declared, or ``""`` when none would excuse it."""
    code = finding.code
    if code == "RK230":
        kind = finding.diagnostic.message.split(":", 1)[0].removeprefix("uses ")
        return _CAPABILITY_PURPOSE.get(kind, "")
    if code == "RK210" and finding.diagnostic.message.startswith(_AGENT_PROMPTS):
        return "agents"  # skipping a sub-agent's prompts is what agent-driving skills do
    return _RULE_PURPOSE.get(code, "")


def declared(purpose: str, name: str, description: str) -> bool:
    """Whether the skill's name or description declares ``purpose``."""
    words = _PURPOSE_WORDS.get(purpose)
    text = f"{name.replace('-', ' ')} {description}"
    return words is not None and bool(words.search(text))


def decide(report: SkillReport, *, has_provenance: bool = False) -> None:
    """Fill ``report``'s verdict, reasons, scores, tier and allowed tools from its findings."""
    findings = report.findings
    reasons: list[str] = []
    risky = [f for f in findings if f.channel is Channel.RISKY]
    mismatched = _mismatched(findings, report.name, report.description)
    report.mismatch = sorted({f"{f.code}: {purpose_of(f)}" for f in mismatched})
    malicious = [f for f in findings if f.channel is Channel.MALICIOUS]
    risky_mismatch = [f for f in mismatched if f.channel is Channel.RISKY]
    if malicious:
        verdict = Verdict.MALICIOUS
        reasons.append(f"{len(malicious)} malicious indicator(s): {_codes(malicious)}")
    elif risky_mismatch:
        verdict = Verdict.MALICIOUS
        reasons.append(f"risky construct(s) outside the declared purpose: {_codes(risky_mismatch)}")
    elif len({f.code for f in risky}) >= 3:
        verdict = Verdict.MALICIOUS
        reasons.append(f"risky constructs of {len({f.code for f in risky})} rules: {_codes(risky)}")
    elif risky:
        verdict = Verdict.SUSPICIOUS
        reasons.append(f"risky construct(s): {_codes(risky)}")
    elif mismatched:
        verdict = Verdict.SUSPICIOUS
        reasons.append(f"capabilities outside the declared purpose: {_codes(mismatched)}")
    else:
        verdict = Verdict.BENIGN
        if findings:
            reasons.append("capabilities only, all within the declared purpose")
    report.verdict = verdict
    report.reasons = reasons
    report.scores = scores(findings)
    report.trust_tier = TIERS[verdict]
    if verdict is Verdict.BENIGN and not findings and has_provenance:
        report.trust_tier = "trusted"


def _mismatched(findings: Sequence[Finding], name: str, description: str) -> list[Finding]:
    return [
        f
        for f in findings
        if f.channel is not Channel.MALICIOUS
        and (purpose := purpose_of(f))
        and not declared(purpose, name, description)
    ]


def scores(findings: Sequence[Finding]) -> dict[str, int]:
    """Each SSL risk dimension's 1-5 score: the highest any finding gives it."""
    result = {d.value: 1 for d in Dimension}
    for finding in findings:
        for dimension, score in finding.dimensions:
            if finding.channel is Channel.MALICIOUS:
                score = min(5, score + 1)
            elif finding.channel is Channel.CAPABILITY:
                score = min(score, 2)
            result[dimension.value] = max(result[dimension.value], score)
    return result


def _codes(findings: Sequence[Finding]) -> str:
    return ", ".join(sorted({f.code for f in findings}))
