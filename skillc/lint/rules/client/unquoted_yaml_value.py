"""PK203: an unquoted front-matter value that YAML parsers read differently, or reject."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from skillc.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import quote, short, skill_display, skill_text, string_value
from skillc.package.model import Package, span_at

# A top-level `key: value` line with the value on the same line: the value starts at the
# lookahead and runs to the line's end less trailing blanks (`_line_value`). Patterns here
# repeat runs, or are possessive, rather than repeat a group per character: `re` keeps a
# backtracking entry per repetition, hundreds of bytes per character of a 4 MB description.
_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_][A-Za-z0-9_.-]*)[ \t]*:[ \t]+(?=\S)")
_DOUBLE = re.compile(r'^"(?:[^"\\]++|\\.)*+"')
_SINGLE = re.compile(r"^'(?:[^']+|'')*'")
_AFTER_QUOTE = re.compile(r"^[ \t]*(?:#.*)?$")
_BLOCK_HEADER = re.compile(r"^[|>][-+0-9]*[ \t]*(?:#.*)?$")
_TAG = re.compile(r"^!![A-Za-z]+[ \t]")
_ALIAS = re.compile(r"^\*[^\s,\[\]{}]+$")
_COLON = re.compile(r":(?:[ \t]|$)")
_COMMENT = re.compile(r"[ \t]#")
# Indicators that can never start a plain scalar: YAML rejects the line.
_ALWAYS_ERROR = frozenset("@`%,]}|>'\"*!")


class _Value(NamedTuple):
    """An unquoted value as written: where it is and the string a lenient reader would take."""

    key: str
    start: int  # offset in SKILL.md
    end: int
    text: str  # folded as YAML folds a plain scalar (lines joined by spaces)
    multiline: bool


@rule("PK203", "unquoted-yaml-value", severity=Severity.WARNING, fix="safe")
def check(pkg: Package) -> Iterator[Diagnostic]:
    """An unquoted front-matter value contains `: ` or ` #`, or starts with a YAML indicator.

    ## What it checks
    Each top-level `key: value` line of the front matter whose value is a plain (unquoted)
    scalar and either contains `: ` (or ends with `:`), contains ` #`, or starts with a
    character YAML reserves (`@`, `` ` ``, `%`, `*`, `!`, `|`, `>`, `#`, `,`, `[`, `{`,
    quotes, or `-`, `?`, `:` followed by a space). Values that are real YAML syntax (a flow
    list, a block scalar header, an anchor, an alias, a `!!str` tag) are left alone (PK211
    reports the ones the reference validator rejects). Nested values under
    `metadata` are not checked.

    ## Why it matters
    It is the most common reason clients skip a skill (peers.md §7). `description: Use when:
    the user asks` is invalid YAML: Codex, `npx skills`, PyYAML and the reference validator
    reject the file (PK103), while Claude Code's lenient parser accepts it (anthropics/skills
    PR #964), so the author never notices. A ` #` starts a comment: `description: Fixes issue
    #12` is read as `Fixes issue` everywhere.

    ## Example
    ```yaml
    description: Extracts tables. Use when: the user uploads a PDF
    ```

    ## Fix
    The fix rewrites the value as a double-quoted YAML string holding exactly the text as
    written (lines of a multi-line value joined by spaces, as YAML folds them). It is safe
    when the value does not parse today, or parses to that same string; it is unsafe when the
    quoted text differs from what YAML reads now (the text after ` #` joins the value).
    """
    text = skill_text(pkg)
    fm = pkg.front_matter
    if not text or not fm.closed:
        return
    for value, reason, errors in _values(pkg):
        yield _report(pkg, value, reason, errors)


def _values(pkg: Package) -> Iterator[tuple[_Value, str, bool]]:
    fm = pkg.front_matter
    lines = [line.rstrip("\r") for line in fm.text.split("\n")]
    starts: list[int] = []
    offset = fm.offset
    for line in fm.text.split("\n"):
        starts.append(offset)
        offset += len(line) + 1
    for number, line in enumerate(lines):
        match = _LINE.match(line)
        if match is None:
            continue
        first = line[match.end() :].rstrip(" \t")
        more = _continuation(lines, number + 1)
        parts = [first, *(lines[n].strip() for n in more)]
        joined = " ".join(p for p in parts if p)
        found = _problem(first, joined, bool(fm.error), bool(more))
        if found is None:
            continue
        last = more[-1] if more else number
        value = _Value(
            key=match.group("key"),
            start=starts[number] + match.end(),
            end=starts[last] + len(lines[last].rstrip(" \t")),
            text=joined,
            multiline=bool(more),
        )
        yield value, *found


def _problem(first: str, joined: str, broken: bool, multiline: bool) -> tuple[str, bool] | None:
    """Why a value needs quotes, and whether YAML rejects it as written; None when it is fine.

    ``first`` is the value's text on the key's line, ``joined`` the whole value. ``broken``
    says the front matter failed to parse (flow collections are then judged by their
    brackets). A value that starts with an indicator and goes on over several lines is some
    other YAML construct (a multi-line flow or quoted scalar) and is left to PK103.
    """
    lead = first[0]
    if lead in "\"'":
        quoted = (_DOUBLE if lead == '"' else _SINGLE).match(first)
        if quoted is None or _AFTER_QUOTE.match(first[quoted.end() :]):
            return None  # a quoted scalar, possibly continued on the next lines
        return f"has text after its closing `{lead}`", True
    indicator = _indicator(first, broken)
    if indicator is not None:
        return None if multiline or not indicator[0] else indicator
    comment = _COMMENT.search(joined)
    if comment is not None:
        return "contains ` #`", False
    if _COLON.search(joined):
        return "contains `: `", True
    return None


def _indicator(first: str, broken: bool) -> tuple[str, bool] | None:
    """The problem of a value that starts with a YAML indicator: ``("", False)`` for real YAML
    syntax (a block scalar header, an alias, a `!!type` tag, a flow collection, an anchor),
    None when the value does not start with an indicator at all."""
    lead = first[0]
    syntax = ("", False)
    if lead in "|>":
        return syntax if _BLOCK_HEADER.match(first) else (f"starts with `{lead}`", True)
    if lead in "[{":
        closer = "]" if lead == "[" else "}"
        return syntax if not broken or first.endswith(closer) else (f"starts with `{lead}`", True)
    if lead == "*":
        return syntax if _ALIAS.match(first) else ("starts with `*`", True)
    if lead == "!":
        return syntax if _TAG.match(first) else ("starts with `!`", True)
    if lead == "&":
        return syntax  # an anchor, alone or before its value (PK211 reports it)
    if lead == "#":
        return "starts with `#`, so YAML reads it as a comment", False
    if lead in _ALWAYS_ERROR:
        return f"starts with `{lead}`", True
    if lead in "-?:" and (len(first) == 1 or first[1] in " \t"):
        return f"starts with `{lead} `", True
    return None


def _continuation(lines: list[str], start: int) -> list[int]:
    """Indices of the lines continuing a value that starts on the line before ``start``."""
    more: list[int] = []
    n = start
    while n < len(lines) and (not lines[n].strip() or lines[n][:1] in " \t"):
        more.append(n)
        n += 1
    while more and not lines[more[-1]].strip():
        more.pop()
    return more


def _report(pkg: Package, value: _Value, reason: str, errors: bool) -> Diagnostic:
    span = span_at(skill_display(pkg), skill_text(pkg), value.start, value.end)
    comment = _COMMENT.search(value.text)
    if reason == "contains ` #`" and comment is not None:
        dropped = short(value.text[comment.start() + 1 :])
        message = f"unquoted value of `{value.key}` contains ` #`, so YAML drops `{dropped}`"
    elif errors:
        message = (
            f"unquoted value of `{value.key}` {reason}, which strict YAML parsers reject"
            " (Claude Code's lenient parser accepts it)"
        )
    else:
        message = f"unquoted value of `{value.key}` {reason}"
    return diagnostic("PK203", message, span=span, fix=_fix(pkg, value, errors))


def _fix(pkg: Package, value: _Value, errors: bool) -> Fix:
    """Quote the text as written. Safe when YAML rejects the one-line value today (nothing to
    preserve; lenient clients recover exactly this string), or already reads that string."""
    fm = pkg.front_matter
    field = fm.get(value.key)
    current = string_value(field) if field is not None and not fm.error else None
    safe = (errors and bool(fm.error) and not value.multiline) or current == value.text
    edit = Edit(
        path=skill_display(pkg), start=value.start, end=value.end, replacement=quote(value.text)
    )
    return Fix(
        message=f"Quote the value of `{value.key}`",
        applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
        edits=(edit,),
    )
