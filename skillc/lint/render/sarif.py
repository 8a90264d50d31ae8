"""The SARIF 2.1.0 format, for GitHub code scanning and other SARIF viewers.

One run whose ``tool.driver.rules`` describes every rule that has a result (documentation from
the code table, lint rules and build codes alike; a bare ``{id}`` for a code outside it), and
one result per finding. Regions use the spans' 1-based lines and columns; columns count Unicode code
points (``columnKind``), as spans do, and ``endColumn`` is exclusive, as SARIF defines it. URIs are
the display paths, relative and POSIX, percent-encoded so a space or ``#`` in a file name still
makes a valid URI reference; an absolute path becomes a ``file://`` URI. Fixes become SARIF
``fixes`` with character-offset replacements; a folder rename has no SARIF form and is left out.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from skillc.diagnostics import Diagnostic, Edit, Fix, Severity
from skillc.ir.span import Span
from skillc.lint.render import rule_table, sort_key

if TYPE_CHECKING:
    from skillc.diagnostics.table import CodeInfo

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
LEVELS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}


def render(
    diagnostics: Sequence[Diagnostic], *, rules: Mapping[str, CodeInfo] | None = None
) -> str:
    """The findings as a SARIF 2.1.0 log (two-space indent), with a newline."""
    return json.dumps(log(diagnostics, rules=rules), indent=2, ensure_ascii=False) + "\n"


def log(
    diagnostics: Sequence[Diagnostic], *, rules: Mapping[str, CodeInfo] | None = None
) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict."""
    table = rule_table(rules)
    ordered = sorted(diagnostics, key=sort_key)
    codes = sorted({d.code for d in ordered})
    index = {code: i for i, code in enumerate(codes)}
    run = {
        "tool": {"driver": _driver([_descriptor(c, table.get(c)) for c in codes])},
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, index[d.code]) for d in ordered],
    }
    return {"$schema": SCHEMA, "version": VERSION, "runs": [run]}


def _driver(rules: list[dict[str, Any]]) -> dict[str, Any]:
    from skillc import __version__

    driver: dict[str, Any] = {"name": "skillc", "version": __version__}
    uri = information_uri()
    if uri:
        driver["informationUri"] = uri
    driver["rules"] = rules
    return driver


def information_uri() -> str:
    """The project's home page from the installed package metadata, or ``""`` when none is set."""
    from importlib import metadata

    try:
        meta = metadata.metadata("skillc")
    except metadata.PackageNotFoundError:
        return ""
    for entry in meta.get_all("Project-URL") or ():
        label, _, url = str(entry).partition(",")
        if label.strip().lower() in ("homepage", "home", "repository", "source"):
            return url.strip()
    return next((str(url) for url in meta.get_all("Home-page") or ()), "")


def _descriptor(code: str, info: CodeInfo | None) -> dict[str, Any]:
    """A ``reportingDescriptor`` for rule ``code``."""
    if info is None:
        return {"id": code}
    doc = inspect.cleandoc(info.doc) or info.name  # docstrings keep their indentation
    return {
        "id": code,
        "name": info.name,
        "shortDescription": {"text": _first_sentence(doc) or info.name},
        "fullDescription": {"text": _section(doc, "What it checks") or _first_sentence(doc)},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": LEVELS[info.severity]},
    }


def _first_sentence(doc: str) -> str:
    """The first line of ``doc`` that is not a heading."""
    return next((ln.strip() for ln in doc.splitlines() if ln.strip() and ln[:1] != "#"), "")


def _section(doc: str, heading: str) -> str:
    """The first paragraph under ``## heading`` in ``doc``, on one line."""
    lines = doc.splitlines()
    marker = f"## {heading}".lower()
    try:
        start = next(i for i, ln in enumerate(lines) if ln.strip().lower() == marker)
    except StopIteration:
        return ""
    body: list[str] = []
    for ln in lines[start + 1 :]:
        if ln.lstrip().startswith("#") or (body and not ln.strip()):
            break
        if ln.strip():
            body.append(ln.strip())
    return " ".join(body)


def _result(d: Diagnostic, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": LEVELS[d.severity],
        "message": {"text": d.message},
    }
    location = _location(d.span, d.path)
    if location:
        result["locations"] = [location]
    related = [
        {"id": i, **_location(span, span.source), "message": {"text": message}}
        for i, (span, message) in enumerate(d.related)
    ]
    if related:
        result["relatedLocations"] = related
    fix = _fix(d.fix)
    if fix:
        result["fixes"] = [fix]
    return result


def _location(span: Span | None, path: str) -> dict[str, Any]:
    """A SARIF ``location`` for ``span`` (or just the file ``path``); ``{}`` when neither."""
    source = span.source if span is not None else path
    if not source:
        return {}
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri(source)}}
    if span is not None and span.line >= 1:
        physical["region"] = {
            "startLine": span.line,
            "startColumn": max(span.col, 1),
            "endLine": max(span.end_line, span.line),
            "endColumn": max(span.end_col, 1),
        }
    return {"physicalLocation": physical}


def uri(path: str) -> str:
    """``path`` as a URI reference: relative paths stay relative; absolute ones become file URIs."""
    posix = path.replace("\\", "/")
    if posix.startswith("/"):
        return "file://" + quote(posix)
    return quote(posix)


def _fix(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None or not fix.edits:
        return None
    by_path: dict[str, list[Edit]] = {}
    for edit in fix.edits:
        by_path.setdefault(edit.path, []).append(edit)
    changes = [
        {
            "artifactLocation": {"uri": uri(path)},
            "replacements": [
                {
                    "deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
                    "insertedContent": {"text": e.replacement},
                }
                for e in edits
            ],
        }
        for path, edits in sorted(by_path.items())
    ]
    return {"description": {"text": fix.message}, "artifactChanges": changes}
