"""The scan as one self-contained HTML page for a reviewer: verdicts first, then the evidence.

The page makes no network request of any kind: CSS and JavaScript are inline, there are no
fonts, images or links to fetch, and a ``Content-Security-Policy`` meta element forbids every
fetch (``default-src 'none'``) and allows only this page's own style and script, by their
SHA-256 hashes. So even if an escaping bug let scanned text through, the browser would neither
run injected script nor load anything.

Everything that comes from a scanned skill (paths, names, descriptions, messages, evidence) is
HTML-escaped (`html.escape` with quotes) before it is written: scanned content is hostile.
Nothing from a skill is ever put inside the script or style elements.

Filters: a checkbox per severity and per channel hides the finding rows that do not match
(``hidden`` attribute). The page's URL fragment presets them: ``#hide=info,capability``
unticks those boxes when the page loads, so a link (or a headless browser) can open a
filtered view. The bytes are deterministic: no clock, skills and findings in a fixed order.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from html import escape

from skillc.scan.engine import ScanRun
from skillc.scan.model import OWASP_AST, Channel, Dimension, Finding, SkillReport
from skillc.scan.report import counts

#: The first lines of every page: what ``--output`` recognises as a report skillc wrote.
MARKER = "<!DOCTYPE html>\n<!-- skillc scan report (html) -->"
_VERDICT_ORDER = {"malicious": 0, "suspicious": 1, "benign": 2}
SEVERITIES = ("error", "warning", "info")
CHANNELS = tuple(c.value for c in Channel)

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#1b1f23;background:#fff}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;margin:.6em 0}
th,td{border:1px solid #d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f6f8fa}
.v-malicious{background:#ffebe9;font-weight:bold}.v-suspicious{background:#fff8c5}
.v-benign{background:#dafbe1}
pre{margin:.3em 0;padding:.4em;background:#f6f8fa;white-space:pre-wrap;word-break:break-all}
mark{background:#ffd33d}
.sev-error{color:#cf222e;font-weight:bold}.sev-warning{color:#9a6700}.sev-info{color:#57606a}
#filters{position:sticky;top:0;background:#fff;padding:.4em 0;border-bottom:1px solid #d0d7de}
#filters fieldset{display:inline-block;margin-right:1em}
small{color:#57606a}
""".strip()

_SCRIPT = """
(function () {
  "use strict";
  var boxes = document.querySelectorAll("#filters input[type=checkbox]");
  function apply() {
    var off = {};
    boxes.forEach(function (b) {
      b.toggleAttribute("checked", b.checked);
      if (!b.checked) { off[b.value] = true; }
    });
    var shown = 0;
    document.querySelectorAll("tr.finding").forEach(function (row) {
      var hide = off[row.dataset.severity] === true || off[row.dataset.channel] === true;
      row.hidden = hide;
      if (!hide) { shown += 1; }
    });
    document.getElementById("shown").textContent = String(shown);
  }
  var match = /(?:^|[#&])hide=([^&]*)/.exec(window.location.hash);
  if (match) {
    var hidden = decodeURIComponent(match[1]).split(",");
    boxes.forEach(function (b) { if (hidden.indexOf(b.value) >= 0) { b.checked = false; } });
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  apply();
  document.body.dataset.filtersReady = "yes";
}());
""".strip()


def _digest(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


#: Nothing may be fetched; only this page's own style and script (by hash) may apply.
CSP = (
    "default-src 'none'; "
    f"style-src 'sha256-{_digest(_STYLE)}'; script-src 'sha256-{_digest(_SCRIPT)}'; "
    "img-src 'none'; font-src 'none'; connect-src 'none'; media-src 'none'; "
    "object-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'"
)


def e(text: object) -> str:
    """``text`` escaped for HTML text and attribute values (quotes included)."""
    return escape(str(text), quote=True)


def render(run: ScanRun) -> str:
    reports = sorted(run.reports, key=lambda r: (_VERDICT_ORDER[r.verdict.value], r.path))
    total = counts(run.reports)
    findings = sum(len(r.findings) for r in run.reports)
    parts = [
        MARKER,
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        "<title>skillc scan report</title>",
        f"<style>{_STYLE}</style>",
        "</head><body>",
        "<h1>skillc scan report</h1>",
        f'<p id="summary">{len(run.reports)} skill(s): {total["malicious"]} malicious, '
        f"{total['suspicious']} suspicious, {total['benign']} benign; {findings} finding(s), "
        f'<span id="shown">{findings}</span> shown.</p>',
        *_errors(run),
        *_verdicts(reports),
        _filters(),
        *(line for index, r in enumerate(reports) for line in _skill(index, r)),
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _errors(run: ScanRun) -> list[str]:
    problems = [*run.usage_errors, *run.internal_errors]
    if not problems:
        return []
    items = "".join(f"<li>{e(p.render())}</li>" for p in problems)
    return [f'<ul id="errors" class="sev-error">{items}</ul>']


def _verdicts(reports: list[SkillReport]) -> list[str]:
    """The table a reviewer reads first: one row per skill, worst verdicts on top."""
    rows = [
        '<table id="verdicts"><thead><tr><th>Skill</th><th>Verdict</th><th>Trust tier</th>'
        "<th>Malicious indicators</th><th>Risky constructs</th><th>Capabilities</th>"
        "<th>Least allowed-tools</th><th>Why</th></tr></thead><tbody>"
    ]
    for index, r in enumerate(reports):
        by = {c: sum(f.channel is c for f in r.findings) for c in Channel}
        why = "; ".join(r.reasons) or "no findings"
        rows.append(
            f'<tr class="verdict v-{r.verdict.value}" data-verdict="{r.verdict.value}">'
            f'<td><a href="#skill-{index}">{e(r.path)}</a></td><td>{r.verdict.value}</td>'
            f"<td>{e(r.trust_tier)}</td><td>{by[Channel.MALICIOUS]}</td>"
            f"<td>{by[Channel.RISKY]}</td><td>{by[Channel.CAPABILITY]}</td>"
            f"<td>{e(', '.join(r.allowed_tools) or 'none')}</td><td>{e(why)}</td></tr>"
        )
    rows.append("</tbody></table>")
    return rows


def _filters() -> str:
    def boxes(values: Iterable[str]) -> str:
        return "".join(
            f'<label><input type="checkbox" value="{v}" checked> {v}</label> ' for v in values
        )

    return (
        '<form id="filters"><fieldset><legend>Severity</legend>'
        f"{boxes(SEVERITIES)}</fieldset><fieldset><legend>Channel</legend>"
        f"{boxes(CHANNELS)}</fieldset></form>"
    )


def _skill(index: int, r: SkillReport) -> list[str]:
    lines = [
        f'<section class="skill" id="skill-{index}">',
        f'<h2>{e(r.name)}: <span class="v-{r.verdict.value}">{r.verdict.value}</span></h2>',
        f"<p>Path <code>{e(r.path)}</code>. Trust tier: {e(r.trust_tier)}. "
        f"Least allowed-tools: <code>{e(', '.join(r.allowed_tools) or 'none')}</code>; "
        f"declared: <code>{_declared(r)}</code>.</p>",
    ]
    if r.description:
        lines.append(f"<p>Declared purpose: <q>{e(r.description)}</q></p>")
    if r.mismatch:
        lines.append(f"<p>Outside the declared purpose: {e(', '.join(r.mismatch))}.</p>")
    scores = "".join(
        f"<tr><td>{d.value.replace('_', ' ')}</td><td>{r.scores.get(d.value, 1)}</td></tr>"
        for d in Dimension
    )
    lines.append(f'<table class="scores"><tr><th>Dimension</th><th>Score</th></tr>{scores}</table>')
    if not r.findings:
        return [*lines, "<p>No findings.</p>", "</section>"]
    lines.append(
        '<table class="findings"><thead><tr><th>Where</th><th>Code</th><th>Severity</th>'
        "<th>Channel</th><th>Finding and evidence</th><th>SSL dimensions</th><th>OWASP</th>"
        "<th>SkillScan</th></tr></thead><tbody>"
    )
    lines.extend(_finding(f) for f in r.findings)
    lines.extend(["</tbody></table>", "</section>"])
    return lines


def _declared(r: SkillReport) -> str:
    if r.declared_tools is None:
        return "(no allowed-tools field)"
    return e(", ".join(r.declared_tools) or "none")


def _finding(f: Finding) -> str:
    from skillc.diagnostics.table import load_codes

    d = f.diagnostic
    info = load_codes().get(d.code)
    name = f"<br><small>{e(info.name)}</small>" if info is not None else ""
    dims = "<br>".join(f"{e(dim.value.replace('_', ' '))} {score}" for dim, score in f.dimensions)
    related = "".join(
        f"<li><code>{e(s.source)}:{s.line}:{s.col}</code> {e(m)}</li>" for s, m in d.related
    )
    return (
        f'<tr class="finding" data-severity="{d.severity.value}" '
        f'data-channel="{f.channel.value}" data-code="{d.code}">'
        f"<td><code>{e(d.location())}</code></td><td>{d.code}{name}</td>"
        f'<td class="sev-{d.severity.value}">{d.severity.value}</td><td>{f.channel.value}</td>'
        f"<td>{e(d.message)}{_evidence(f)}"
        f"{f'<ul class=related>{related}</ul>' if related else ''}</td>"
        f"<td>{dims}</td><td>{f.owasp} {e(OWASP_AST[f.owasp])}</td><td>{e(f.skillscan)}</td></tr>"
    )


def _evidence(f: Finding) -> str:
    """The evidence in its context, the matched text marked; the one-line excerpt when the
    finding has no span (a whole file)."""
    before, marked, after = f.context
    if marked:
        return f'<pre class="evidence">{e(before)}<mark>{e(marked)}</mark>{e(after)}</pre>'
    if f.excerpt:
        return f'<pre class="evidence">{e(f.excerpt)}</pre>'
    return ""
