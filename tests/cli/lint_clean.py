"""What "own output lint-clean" means for a library skillc built, checked with the real linter.

Issue 11: every library skillc builds passes `skillc lint` with no error and no structure or
hygiene warning. The families: every error of any rule; the structure rules (``PK3xx``: body
size, nested or broken links, links leaving the package, unreferenced files, reference files
without a table of contents); hygiene's hidden Unicode (``RK102``). Two rules are left out
because they report the source's own words, which skillc keeps verbatim rather than drop:
``PK309`` (a path such as ``/home/fred/data.db`` in a documentation example) and ``RK101`` (an
example ``SECRET_KEY = "dev"`` in a tutorial).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import run_skillc

#: Findings of the source's own text, not of what skillc made of it (see the module docstring).
SOURCE_TEXT_RULES = frozenset({"PK309", "RK101"})


def own_findings(out: Path) -> list[str]:
    """``skillc lint`` findings on the library ``out`` that skillc's output is to blame for."""
    result = run_skillc("lint", "--format", "json", str(out))
    assert result.returncode in (0, 1), result.stderr
    found = []
    for finding in json.loads(result.stdout):
        code = finding["code"]
        if code in SOURCE_TEXT_RULES:
            continue
        if finding["severity"] == "error" or code.startswith("PK3") or code == "RK102":
            where = Path(finding["filename"]).relative_to(out)
            found.append(f"{where}: {code} {finding['message']}")
    return found
