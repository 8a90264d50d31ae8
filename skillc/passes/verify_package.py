"""verify-no-loss across packages: every actionable item of an input package is in its output.

The build's verify-no-loss compares IR with IR and with the files it renders; a skill someone
else wrote has no IR to compare against, only its package. So this check reads both packages as
files: the actionable items (`skillc.passes.actionable`) of SKILL.md's body and of every other
Markdown file, and every other file by its bytes (carried files must be byte-identical). An item
of the input that the output does not hold anywhere is lost; the optimize driver then rolls the
skill back to its input and reports the item (PV032). The front matter is left out: the
description is routing text, rewritten on purpose, and its other keys are carried as written.

Cost: linear in the packages' text (one scan per file, items hashed into sets).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from skillc.diagnostics import Diagnostic, Severity
from skillc.package.reader import package_from_texts
from skillc.passes.actionable import Item, markdown_items, missing

SKILL_FILES = ("SKILL.md", "skill.md")


def package_items(files: Mapping[str, bytes]) -> dict[Item, str]:
    """Every item of a package (relative path -> bytes), with the first file that holds it."""
    found: dict[Item, str] = {}
    for path in sorted(files):
        for item in _file_items(path, files[path]):
            found.setdefault(item, path)
    return found


def _file_items(path: str, data: bytes) -> set[Item]:
    if not path.lower().endswith(".md"):
        return {Item("file", f"{path} {hashlib.sha256(data).hexdigest()[:16]}")}
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return {Item("file", f"{path} {hashlib.sha256(data).hexdigest()[:16]}")}
    if path in SKILL_FILES:
        pkg = package_from_texts("skill", {path: text})
        text = text[pkg.body_offset :]
    return markdown_items(text)


def lost_items(before: Mapping[str, bytes], after: Mapping[str, bytes]) -> list[tuple[Item, str]]:
    """The items of package ``before`` that package ``after`` lacks, each with its file."""
    held = package_items(before)
    kept = set(package_items(after))
    return [(item, held[item]) for item in missing(held, kept)]


def lost_diagnostic(display: str, lost: list[tuple[Item, str]]) -> Diagnostic:
    """PV032 naming the first lost items of a package that was rolled back."""
    shown = ", ".join(f"{item.label()} of {path}" for item, path in lost[:3])
    more = f" and {len(lost) - 3} more" if len(lost) > 3 else ""
    message = f"{shown}{more} not in the optimised package: the skill is kept as it was"
    return Diagnostic(code="PV032", message=message, severity=Severity.WARNING, path=display)
