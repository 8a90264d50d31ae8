"""`lint_packages`: a package built in memory lints exactly as the same files read from disk."""

from __future__ import annotations

from pathlib import Path

from skillc.ir import Code, Heading, ListBlock, Placement, Prose, Skill, Span
from skillc.lint.config import LintConfig
from skillc.lint.engine import lint, lint_packages
from skillc.package.emit import emit_skill
from skillc.package.reader import package_from_texts, read_package
from tests.lint.conftest import make_skill

TOKEN = "ghp_" + "Q7vN2xKp9LmR4tYw8ZcB3dFh6JsG1aE5uT0i"
#: Findings of many rules: secrets, host paths, broken and escaping links, a long reference
#: without contents, a name that is not the folder's, a file at the root beside a folder.
FILES = {
    "SKILL.md": (
        "---\nname: Other Name\ndescription: does things\nextra: 1\n---\n\n# Title\n\n"
        f"Export `GITHUB_TOKEN={TOKEN}` and read [the api](references/api.md), "
        "[gone](missing.md) and [up](../x.md). Logs are in /home/ramrachum/logs.\n"
    ),
    "references/api.md": "# API\n\n" + "".join(f"## Call {n}\n\nText.\n\n" for n in range(60)),
    "zz-notes.md": "Notes <!-- a comment --> with ```\n",
    "scripts/run.sh": "#!/bin/sh\necho /Users/ana/src/tool\n",
}


def test_an_in_memory_package_is_the_package_read_from_disk(tmp_path: Path) -> None:
    root = make_skill(tmp_path, FILES, name="demo")
    (root / "scripts/run.sh").chmod(0o755)  # as skillc writes a script naming its interpreter
    assert package_from_texts("demo", FILES, display=str(root)) == read_package(root)


def test_lint_packages_in_memory_equals_lint_on_disk(tmp_path: Path) -> None:
    root = make_skill(tmp_path, FILES, name="demo")
    config = LintConfig()
    on_disk = lint([str(root)], config)
    in_memory = lint_packages([package_from_texts("demo", FILES, display=str(root))], config)
    assert on_disk.diagnostics, "the fixture is meant to have findings"
    assert in_memory.diagnostics == on_disk.diagnostics
    assert in_memory.internal_errors == on_disk.internal_errors == []


def test_an_emitted_skill_lints_as_its_written_files(tmp_path: Path) -> None:
    span = Span(source="guide.md", line=1, col=1, end_line=1, end_col=2, start=0, end=1)
    moved = dict(placement=Placement.REFERENCE, reference="references/setup.md", prov=(span,))
    skill = Skill(
        id="SKILL_SETUP",
        name="setup",
        description="Sets things up. Use when installing.",
        prov=(span,),
        blocks=(
            Heading(id="H", level=1, text="Setup", prov=(span,)),
            Prose(id="P", text="See /home/ramrachum/setup first.", prov=(span,)),
            Heading(id="H2", level=2, text="Keys", **moved),  # type: ignore[arg-type]
            Code(id="C", text=f"token = '{TOKEN}'\n", **moved),  # type: ignore[arg-type]
            ListBlock(id="L", items=tuple(f"item {n}" for n in range(150)), **moved),  # type: ignore[arg-type]
        ),
    )
    emitted = emit_skill(skill)
    root = make_skill(tmp_path, dict(emitted.files), name=emitted.name)
    config = LintConfig()
    on_disk = lint([str(root)], config).diagnostics
    assert {d.code for d in on_disk} >= {"RK101", "PK309"}
    assert lint_packages([emitted.package(display=str(root))], config).diagnostics == on_disk
