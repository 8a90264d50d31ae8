"""PK308: a script the agent can only learn about from a reference file, not from SKILL.md."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.structure._links import is_bundled, mentioned_in, mentions, reach
from skillc.package.model import Package, span_at


@rule("PK308", "unlisted-script", severity=Severity.WARNING)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """A script under scripts/ is not named in SKILL.md.

    ## What it checks
    Every file under `scripts/` (the same exclusions as PK307: dotfiles, `__init__.py`,
    manifests, lock files, licenses) whose path or file name SKILL.md never mentions (in text,
    code or a link; a linked or slash-terminated `scripts/` folder counts as naming all of them).
    Two cases are left out so that each problem is reported once: helpers that another file
    under `scripts/` names or imports (they are run through that script, not by the agent), and
    scripts nothing reaches at all (PK307 reports those). What remains are scripts only a
    reference file names.

    ## Why it matters
    The spec says to list bundled scripts in SKILL.md ("## Available scripts") so the agent knows
    they exist. A script named only deep in a reference file is found only if the agent happens
    to read that file, and it will otherwise rewrite the logic itself, less reliably.

    ## Example
    `scripts/validate.py` appears only in `references/forms.md`.

    ## Fix
    Add the script to SKILL.md with one line on what it does and when to run it, e.g.
    "`python scripts/validate.py out.pdf`: check the filled form before returning it".
    """
    skill = pkg.skill_file
    if skill is None or skill.text is None:
        return
    scripts = [f for f in pkg.files if f.path.startswith("scripts/") and is_bundled(f.path)]
    if not scripts:
        return
    seen = mentions(skill.text)
    found = reach(pkg)
    for file in scripts:
        if mentioned_in(file.path, seen, by_code=False) or not found.reached(file.path):
            continue
        by = found.by.get(file.path, set())
        if skill.path in by or any(p.startswith("scripts/") for p in by):
            continue
        readers = ", ".join(sorted(by))
        message = f"script {file.path} is not named in SKILL.md, only in {readers}"
        if file.text is None:
            yield diagnostic("PK308", message, path=file.display)
        else:
            yield diagnostic("PK308", message, span=span_at(file.display, file.text, 0, 0))
