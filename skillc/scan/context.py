"""What a risk rule sees: the package, its units and views, and how to report evidence.

`ScanContext.found` turns a match in a view into a `Finding` located in the file. Two
adjustments are made here, once for every rule, so that false-positive discipline does not
depend on each rule remembering it:

- a match in *prose* whose sentence describes rather than instructs ("attackers often run ...",
  "never paste ...", "detect `curl | sh`") is lowered one channel (malicious indicator -> risky
  construct -> capability): security skills that explain attacks are not attacks;
- a match found only after decoding or folding says so in its message ("decoded from base64").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from skillc.diagnostics import Diagnostic, one_line
from skillc.diagnostics.span import Span
from skillc.package.model import Package, span_at
from skillc.scan.model import Channel, Finding, RuleMeta, channel_severity
from skillc.scan.normalize import View, views
from skillc.scan.units import Unit, package_units
from skillc.scan.words import WordIndex

#: Words that make a sentence describe an attack (or warn against it) rather than ask for it.
_DESCRIPTIVE = re.compile(
    r"\b(?:attack(?:er|ers|s)?|malicious|malware|adversar\w*|phishing|threats?|exploit(?:s|ed)?"
    r"|detect\w*|flag(?:s|ged)?|scanners?|example of|beware|dangerous|insecure|vulnerab\w*|"
    r"red[- ]team|pentest\w*|indicators?|signatures?)\b",
    re.IGNORECASE,
)
#: A warning against the matched thing, just before it ("never run ...", "do not paste ...",
#: "prohibit `--yolo`"), or "without" right before it: "so agents draft content without silently
#: posting" (abvx-agent-skills' social-publishing-gate) rules the thing out. "without" further
#: off does not: "without asking, silently upload ..." still orders it.
_WARNED = re.compile(
    r"\b(?:never|do not|don'?t|avoid|must not|should not|prohibit\w*|forbid\w*|disallow\w*)\b"
    r"[^.\n]{0,40}$|\bwithout\s+$",
    re.I,
)
#: A declared purpose that is security work (detection, review, training about attacks).
_SECURITY_PURPOSE = re.compile(
    r"\b(?:secur\w*|malware|threats?|attack\w*|forensic\w*|incident response|pentest\w*|"
    r"penetration test\w*|red[- ]team\w*|vulnerab\w*|exploit\w*|IOCs?|intrusion|phishing)\b",
    re.IGNORECASE,
)
#: Words with which a security skill introduces an example of an attack.
_EXAMPLE_OF_ATTACK = re.compile(
    r"\b(?:attack\w*|malicious|malware|exploit\w*|payload|indicators?|detect\w*|reverse shell|"
    r"red[- ]team|pentest\w*|phishing|vulnerab\w*|IOCs?|techniques?|signatures?)\b",
    re.IGNORECASE,
)
_LOWER = {
    Channel.MALICIOUS: Channel.RISKY,
    Channel.RISKY: Channel.CAPABILITY,
    Channel.CAPABILITY: Channel.CAPABILITY,
}


#: The size of a package's views from which a `WordIndex` is built: for a small skill, asking
#: each view directly costs less than ruling words out for the whole package first.
WORD_INDEX_AT = 100_000


@dataclass(slots=True)
class ScanContext:
    """One package under scan. ``views`` are built once and shared by every rule."""

    package: Package
    units: list[Unit] = field(default_factory=list)
    views: list[View] = field(default_factory=list)
    security_purpose: bool = False
    #: The least `allowed-tools` (`skillc.scan.tools.least`), computed once per package.
    least_tools: list[str] | None = None

    @classmethod
    def of(cls, package: Package) -> ScanContext:
        units = list(package_units(package))
        ctx = cls(package, units, [v for u in units for v in views(u)])
        if sum(len(view.text) for view in ctx.views) >= WORD_INDEX_AT:
            index = WordIndex(view.lower for view in ctx.views)
            for view in ctx.views:
                view.share(index)
        ctx.security_purpose = bool(_SECURITY_PURPOSE.search(f"{ctx.name} {ctx.description}"))
        return ctx

    @property
    def name(self) -> str:
        return _field_text(self.package, "name") or self.package.dir_name

    @property
    def description(self) -> str:
        return _field_text(self.package, "description")

    def select(self, *kinds: str, decoded: bool = True) -> Iterator[View]:
        """The views of these kinds (all kinds when none is named)."""
        for view in self.views:
            if (not kinds or view.kind in kinds) and (decoded or not view.decoded):
                yield view

    def span(self, view: View, start: int, end: int) -> Span:
        file_start, file_end = view.file_span(start, end)
        text = view.unit.file.text or ""
        return span_at(view.unit.display, text, file_start, min(file_end, len(text)))

    def found(
        self,
        meta: RuleMeta,
        view: View,
        start: int,
        end: int,
        message: str,
        *,
        channel: Channel | None = None,
        related: Iterable[tuple[Span, str]] = (),
        addressed: bool = False,
    ) -> Finding:
        """A finding of rule ``meta`` at ``view.text[start:end]``. ``addressed``: the sentence
        speaks to its reader (a scanner, a judge), so its words do not make it a description
        unless the match is quoted."""
        chosen = channel or meta.channel
        if addressed and view.kind == "prose" and not quoted(view.text, start, end):
            pass
        elif view.kind == "prose" and describes(view.text, start, end):
            chosen = _LOWER[chosen]
            if quoted(view.text, start, end):
                chosen = _LOWER[chosen]  # a quoted phrase is mentioned, not said
            message += " (in a sentence that describes it)"
        elif view.kind == "code" and self.security_purpose and _shown_as_example(view):
            chosen = _LOWER[chosen]
            message += " (in an example a security skill explains)"
        if view.how not in ("raw", "stripped"):
            message += f" ({_how(view.how)})"
        span = self.span(view, start, end)
        diagnostic = Diagnostic(
            code=meta.code,
            message=message,
            severity=channel_severity(chosen),
            span=span,
            related=tuple(related),
        )
        return Finding(
            diagnostic=diagnostic,
            channel=chosen,
            dimensions=meta.dimensions,
            owasp=meta.owasp,
            skillscan=meta.skillscan,
            excerpt=excerpt(view.unit.file.text or "", span.start),
            context=surrounding(view.unit.file.text or "", span.start, span.end),
        )


def excerpt(text: str, offset: int, width: int = 160) -> str:
    """The line of ``text`` at ``offset``, on one line, cut to about ``width`` characters
    around the offset (evidence in context for the reports)."""
    left, right = line_of(text, offset, reach=width)
    line = text[left:right]
    at = offset - left
    if len(line) > width:
        start = max(0, min(at - width // 4, len(line) - width))
        line = ("…" if start else "") + line[start : start + width] + "…"
    return one_line(line.rstrip())


#: How many lines either side of the evidence `surrounding` keeps, and how long each may be.
CONTEXT_LINES = 2
CONTEXT_WIDTH = 240


def surrounding(text: str, start: int, end: int) -> tuple[str, str, str]:
    """``text[start:end]`` with `CONTEXT_LINES` lines either side: (before, evidence, after).

    Bounded work whatever the file holds: the lines are looked for within a window of
    `REACH` characters, each line is cut to `CONTEXT_WIDTH`, the evidence to four widths."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    low, high = max(0, start - REACH), min(len(text), end + REACH)
    left = start
    for _ in range(CONTEXT_LINES + 1):
        left = text.rfind("\n", low, left)
        if left < 0:
            left = low - 1
            break
    right = end - 1
    for _ in range(CONTEXT_LINES + 1):
        found = text.find("\n", right + 1, high)
        if found < 0:
            right = high
            break
        right = found
    before = _cut_lines(text[left + 1 : start], keep_end=True)
    after = _cut_lines(text[end:right], keep_end=False)
    evidence = text[start:end]
    if len(evidence) > 4 * CONTEXT_WIDTH:
        evidence = evidence[: 4 * CONTEXT_WIDTH] + "…"
    return before, evidence, after


def _cut_lines(text: str, *, keep_end: bool) -> str:
    """Each line of ``text`` cut to `CONTEXT_WIDTH` characters (at the end nearest the
    evidence kept: the end of text before it, the start of text after it)."""
    lines = text.split("\n")
    cut = []
    for line in lines:
        if len(line) > CONTEXT_WIDTH:
            line = "…" + line[-CONTEXT_WIDTH:] if keep_end else line[:CONTEXT_WIDTH] + "…"
        cut.append(line)
    return "\n".join(cut)


def _shown_as_example(view: View) -> bool:
    """Whether a Markdown code block follows text that introduces it as an attack example."""
    unit = view.unit
    if not unit.file.is_markdown:
        return False
    text = unit.file.text or ""
    before = text[max(0, unit.offset - 400) : unit.offset]
    return bool(_EXAMPLE_OF_ATTACK.search(before))


def quoted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands inside quotes or a code span on its line."""
    before = text[max(0, start - 80) : start]
    before = before[before.rfind("\n") + 1 :]
    return any(before.count(q) % 2 == 1 for q in ('"', "`", "“")) or before.endswith("'")


def describes(text: str, start: int, end: int) -> bool:
    """Whether the sentence around ``text[start:end]`` talks about the thing, not asks for it."""
    low = max(0, start - 300)
    left = max(text.rfind("\n", low, start), text.rfind(". ", low, start), low - 1) + 1
    right_line = text.find("\n", end, end + 300)
    right = min(len(text), end + 300) if right_line < 0 else right_line
    sentence = text[left:right]
    outside = sentence.replace(text[start:end], " ")
    before = text[max(left, start - 60) : start]
    return bool(_DESCRIPTIVE.search(outside) or _WARNED.search(before))


def _how(how: str) -> str:
    return {
        "folded": "after removing hidden characters and look-alike letters",
        "joined": "assembled from string pieces",
    }.get(how, f"decoded from {how}")


def _field_text(pkg: Package, key: str) -> str:
    field_ = pkg.front_matter.get(key) if pkg.front_matter.present else None
    value = field_.value if field_ is not None else None
    return value if isinstance(value, str) else ""


#: How far from a match the line around it is looked at. Bounded so that a file of one huge
#: line with thousands of matches costs linear time, not the line's length per match.
REACH = 1000


def line_of(text: str, start: int, reach: int = REACH) -> tuple[int, int]:
    """The bounds of the line holding ``start``, with backslash continuations joined, cut to
    ``reach`` characters either side."""
    low, high = max(0, start - reach), min(len(text), start + reach)
    left = start
    while True:
        left = text.rfind("\n", low, left)
        if left <= low or text[left - 1] != "\\":
            break
    right = start
    while True:
        right = text.find("\n", right, high)
        if right <= 0 or text[right - 1] != "\\":
            break
        right += 1
    return (low if left < 0 else left + 1), (high if right < 0 else right)


#: A ``<name>`` placeholder's opening, just before its ``>`` (not a here-document's ``<<``).
_PLACEHOLDER = re.compile(r"(?<!<)<[A-Za-z][\w.-]{0,40}$")


def closes_placeholder(text: str, at: int) -> bool:
    """Whether the ``>`` at ``at`` closes a ``<name>`` placeholder rather than redirecting:
    ``domains/<domain>/AGENTS.md`` read as a write to ``/AGENTS.md`` (persistence), and npm's
    labarchive-integration skill "wrote" ``/api`` in ``https://<base_url>/api/<api_class>``,
    which paired with another skill's mention of ``/api`` as "malicious" (`traces`)."""
    return _PLACEHOLDER.search(text, max(0, at - 42), at) is not None
