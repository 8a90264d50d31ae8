"""Structure rules PK301-PK309 on real skill folders written to temporary directories."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest

from skillc.diagnostics import Applicability, Diagnostic, Severity
from skillc.lint.codes import RULES
from skillc.lint.rules import structure
from skillc.package.model import Package
from skillc.package.reader import read_package

for _module in structure.MODULES:
    importlib.import_module(_module)

MakeSkill = Callable[..., Path]


def skill_md(body: str = "# Demo\n\nRun the demo.\n") -> str:
    return (
        "---\nname: demo\ndescription: Does a demo thing. Use when the user asks for a demo.\n"
        f"---\n{body}"
    )


def read(root: Path) -> Package:
    return read_package(root, "demo")


def run(code: str, root: Path) -> list[Diagnostic]:
    return list(RULES[code].check(read(root)))


def where(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int]]:
    return [(d.code, d.span.line, d.span.col) for d in diagnostics if d.span is not None]


def apply(root: Path, diagnostic: Diagnostic) -> str:
    """Apply the diagnostic's one edit to the decoded text of its file and write it back."""
    assert diagnostic.fix is not None
    [edit] = diagnostic.fix.edits
    path = root / edit.path.removeprefix("demo/")
    text = path.read_text(encoding="utf-8")
    text = text[: edit.start] + edit.replacement + text[edit.end :]
    path.write_text(text, encoding="utf-8")
    return text


# PK301 body-too-long ----------------------------------------------------------------------------


def test_pk301_reports_the_first_line_past_500(make_skill: MakeSkill) -> None:
    root = make_skill({"SKILL.md": skill_md("".join(f"line {i}\n" for i in range(1, 613)))})
    [d] = run("PK301", root)
    assert d.message == "SKILL.md body is 612 lines (limit 500)"
    # Four front-matter lines, then body line 501.
    assert where([d]) == [("PK301", 505, 1)]
    assert d.span is not None and d.span.end_col == len("line 501") + 1


def test_pk301_passes_at_exactly_500_lines(make_skill: MakeSkill) -> None:
    body = "".join(f"line {i}\n" for i in range(500))
    assert run("PK301", make_skill({"SKILL.md": skill_md(body)})) == []


def test_pk301_counts_a_last_line_without_a_line_break(make_skill: MakeSkill) -> None:
    body = "x\n" * 500 + "last"
    assert len(run("PK301", make_skill({"SKILL.md": skill_md(body)}))) == 1


# PK302 body-too-many-tokens ---------------------------------------------------------------------


def test_pk302_reports_where_the_budget_runs_out(make_skill: MakeSkill) -> None:
    # Each line is 1,001 tokens: "word", 999 times " word", and the line break.
    body = ("word" + " word" * 999 + "\n") * 6
    [d] = run("PK302", make_skill({"SKILL.md": skill_md(body)}))
    assert d.message == "SKILL.md body is 6006 tokens (limit 5000)"
    # Token 5,001 is the 997th of body line 5 (file line 9): " word" after 4 + 995 * 5 chars.
    assert where([d]) == [("PK302", 9, 4980)]


def test_pk302_passes_a_small_body_without_counting(make_skill: MakeSkill) -> None:
    assert run("PK302", make_skill({"SKILL.md": skill_md("word " * 900)})) == []


def test_pk302_counts_special_token_text_as_plain_text(make_skill: MakeSkill) -> None:
    body = "Models end with <|endoftext|>.\n" + "word " * 6000
    [d] = run("PK302", make_skill({"SKILL.md": skill_md(body)}))
    assert d.code == "PK302"


# PK303 nested-reference -------------------------------------------------------------------------


def test_pk303_reports_a_link_from_a_reference_to_an_unlinked_reference(
    make_skill: MakeSkill,
) -> None:
    root = make_skill(
        {
            "SKILL.md": skill_md("Read [the API](references/api.md) for calls.\n"),
            "references/api.md": "# API\n\nErrors are in [errors](errors.md#codes).\n",
            "references/errors.md": "# Errors\n\nSee [deeper](deep.md).\n",
            "references/deep.md": "# Deep\n",
        }
    )
    found = run("PK303", root)
    assert [d.message for d in found] == [
        "references/api.md links to references/errors.md, which SKILL.md does not link "
        "(a reference chain 2 levels deep)",
        "references/errors.md links to references/deep.md, which SKILL.md does not link "
        "(a reference chain 3 levels deep)",
    ]
    assert where(found) == [("PK303", 3, 24), ("PK303", 3, 14)]
    assert [d.span.source for d in found if d.span] == [
        "demo/references/api.md",
        "demo/references/errors.md",
    ]


def test_pk303_passes_when_skill_md_reaches_both_files(make_skill: MakeSkill) -> None:
    root = make_skill(
        {
            "SKILL.md": skill_md(
                "Read [the API](references/api.md); on errors read `references/errors.md`.\n"
            ),
            "references/api.md": "# API\n\nSee [errors](errors.md) and [home](../SKILL.md).\n",
            "references/errors.md": "# Errors\n",
        }
    )
    assert run("PK303", root) == []


# PK304 missing-table-of-contents ----------------------------------------------------------------


def long_reference(sections: int = 4, lines_per_section: int = 40) -> str:
    parts = ["# API reference\n", "Intro line.\n"]
    for n in range(1, sections + 1):
        parts.append(f"\n## Section {n}\n\n")
        parts.extend(f"Detail {n}.{i}\n" for i in range(lines_per_section))
    return "".join(parts)


def test_pk304_reports_a_long_reference_without_contents_and_fixes_it(
    make_skill: MakeSkill,
) -> None:
    root = make_skill(
        {
            "SKILL.md": skill_md("Read [API](references/api.md).\n"),
            "references/api.md": long_reference(),
        }
    )
    [d] = run("PK304", root)
    assert (
        d.message
        == "references/api.md is 174 lines with no table of contents in its first 30 lines"
    )
    assert where([d]) == [("PK304", 1, 1)]
    assert d.fix is not None and d.fix.applicability is Applicability.SAFE
    fixed = apply(root, d)
    assert fixed.startswith(
        "# API reference\n\n## Contents\n\n- Section 1\n- Section 2\n- Section 3\n- Section 4\n\n"
        "Intro line.\n"
    )
    assert run("PK304", root) == []


def test_pk304_fix_indents_by_level_and_skips_fenced_headings(make_skill: MakeSkill) -> None:
    text = "# T\n## A `x`\n```\n# not a heading\n```\n### B\n" + "line\n" * 120
    root = make_skill({"SKILL.md": skill_md(), "references/r.md": text})
    [d] = run("PK304", root)
    assert apply(root, d).startswith("# T\n\n## Contents\n\n- A x\n  - B\n\n## A `x`\n")


@pytest.mark.parametrize(
    "toc",
    [
        "## Contents\n\n- Section 1\n",
        "**Table of contents:**\n",
        "[TOC]\n",
        "- [One](#one)\n- [Two](#two)\n- [Three](#three)\n",
    ],
)
def test_pk304_accepts_a_table_of_contents_near_the_top(make_skill: MakeSkill, toc: str) -> None:
    text = "# API\n\n" + toc + long_reference()
    root = make_skill({"SKILL.md": skill_md(), "references/api.md": text})
    assert run("PK304", root) == []


def test_pk304_ignores_short_files_and_files_skill_md_does_not_name(make_skill: MakeSkill) -> None:
    root = make_skill(
        {
            "SKILL.md": skill_md(),
            "references/short.md": "# Short\n" + "x\n" * 99,
            "notes/long.md": long_reference(),
        }
    )
    assert run("PK304", root) == []


# PK305 broken-link ------------------------------------------------------------------------------


def test_pk305_reports_broken_relative_links_with_a_suggestion(make_skill: MakeSkill) -> None:
    root = make_skill(
        {
            "SKILL.md": skill_md(
                "See [API](references/Api.md), [guide](references/guide), "
                "![logo](assets/logo.png) and [gone](references/missing.md#x).\n"
            ),
            "references/api.md": "# API\n\nBack to [skill](../SKILL.md), [up](../../x.md).\n",
            "references/guide.md": "# Guide\n",
        }
    )
    found = run("PK305", root)
    assert [d.message for d in found] == [
        "link target references/Api.md does not exist in the package "
        "(did you mean references/api.md?)",
        "link target references/guide does not exist in the package "
        "(did you mean references/guide.md?)",
        "link target assets/logo.png does not exist in the package",
        "link target references/missing.md#x does not exist in the package",
    ]
    assert where(found) == [("PK305", 5, 11), ("PK305", 5, 39), ("PK305", 5, 66), ("PK305", 5, 94)]
    assert {d.severity for d in found} == {Severity.ERROR}


def test_pk305_names_the_resolved_path_of_a_relative_target(make_skill: MakeSkill) -> None:
    root = make_skill(
        {
            "SKILL.md": skill_md("[a](references/a.md)\n"),
            "references/a.md": "# A\n\nSee [b](./sub/../b.md).\n",
        }
    )
    [d] = run("PK305", root)
    assert d.message == "link target ./sub/../b.md (references/b.md) does not exist in the package"
    assert where([d]) == [("PK305", 3, 9)]


def test_pk305_passes_files_folders_web_links_anchors_and_code(make_skill: MakeSkill) -> None:
    root = make_skill(
        {
            "SKILL.md": skill_md(
                "[a](references/a%20b.md) [dir](references/) [web](https://x.org/y) "
                "[mail](mailto:a@b.c) [top](#demo) [tpl]({{url}})\n"
                "`[code](nowhere.md)`\n\n```\n[fenced](nowhere.md)\n```\n"
            ),
            "references/a b.md": "# A\n",
        }
    )
    assert run("PK305", root) == []


# PK306 link-leaves-package ----------------------------------------------------------------------


def test_pk306_reports_links_out_of_the_folder(make_skill: MakeSkill) -> None:
    root = make_skill(
        {
            "SKILL.md": skill_md(
                "[spec](../docs/spec.md) [abs](/etc/hosts) [file](file:///tmp/x.md) "
                "[win](C:/docs/x.md) [home](~/notes.md)\n"
            ),
            "references/a.md": "[ok](../SKILL.md) [out](../../x.md)\n",
        }
    )
    found = run("PK306", root)
    assert [d.message for d in found] == [
        "link target ../docs/spec.md is outside the skill folder",
        "link target /etc/hosts is outside the skill folder",
        "link target file:///tmp/x.md is outside the skill folder",
        "link target C:/docs/x.md is outside the skill folder",
        "link target ~/notes.md is outside the skill folder",
        "link target ../../x.md is outside the skill folder",
    ]
    assert where(found)[0] == ("PK306", 5, 8)
    assert where(found)[-1] == ("PK306", 1, 25)


def test_pk306_passes_inside_links_and_web_links(make_skill: MakeSkill) -> None:
    root = make_skill(
        {
            "SKILL.md": skill_md("[a](references/a.md) [b](//cdn.example.org/x.js)\n"),
            "references/a.md": "[back](../SKILL.md)\n",
        }
    )
    assert run("PK306", root) == []


# PK307 unreferenced-file ------------------------------------------------------------------------


def test_pk307_reports_files_nothing_reaches(make_skill: MakeSkill) -> None:
    root = make_skill(
        {
            "SKILL.md": skill_md(
                "Run `python scripts/fill.py` then read [forms](references/forms.md).\n"
            ),
            "scripts/fill.py": "import helpers\nopen('assets/template.docx')\n",
            "scripts/helpers.py": "X = 1\n",
            "scripts/__init__.py": "",
            "references/forms.md": "# Forms\n",
            "references/old.md": "# Old\n",
            "assets/template.docx": b"PK\x03\x04\x00\x00binary",
            "assets/unused.png": b"\x89PNG\r\n\x1a\n\x00",
            "assets/.gitkeep": "",
        }
    )
    found = run("PK307", root)
    assert [d.message for d in found] == [
        "assets/unused.png is not linked or mentioned by SKILL.md or any file it leads to",
        "references/old.md is not linked or mentioned by SKILL.md or any file it leads to",
    ]
    assert found[0].span is None and found[0].path == "demo/assets/unused.png"
    assert where(found) == [("PK307", 1, 1)]


def test_pk307_counts_folder_mentions_and_bare_names(make_skill: MakeSkill) -> None:
    root = make_skill(
        {
            "SKILL.md": skill_md("Fonts live in `assets/fonts/`; run `check.sh` first.\n"),
            "assets/fonts/a.ttf": b"\x00\x01",
            "assets/fonts/b.ttf": b"\x00\x02",
            "scripts/check.sh": "#!/bin/sh\n",
        }
    )
    assert run("PK307", root) == []


def test_pk307_needs_a_skill_md(make_skill: MakeSkill) -> None:
    assert run("PK307", make_skill({"references/a.md": "# A\n"})) == []


# PK308 unlisted-script --------------------------------------------------------------------------


def test_pk308_reports_a_script_only_a_reference_names(make_skill: MakeSkill) -> None:
    root = make_skill(
        {
            "SKILL.md": skill_md("Read [forms](references/forms.md) to fill a form.\n"),
            "references/forms.md": "Validate with `python scripts/validate.py out.pdf`.\n",
            "scripts/validate.py": "from checks import run\n",
            "scripts/checks.py": "def run(): ...\n",
            "scripts/orphan.py": "print(1)\n",
        }
    )
    found = run("PK308", root)
    assert [d.message for d in found] == [
        "script scripts/validate.py is not named in SKILL.md, only in references/forms.md"
    ]
    assert where(found) == [("PK308", 1, 1)]


def test_pk308_passes_scripts_named_in_skill_md(make_skill: MakeSkill) -> None:
    root = make_skill(
        {
            "SKILL.md": skill_md("## Available scripts\n\n- `validate.py`: checks a PDF.\n"),
            "scripts/validate.py": "print(1)\n",
        }
    )
    assert run("PK308", root) == []


# PK309 host-path --------------------------------------------------------------------------------


def test_pk309_reports_paths_of_the_authors_machine(make_skill: MakeSkill) -> None:
    root = make_skill(
        {
            "SKILL.md": skill_md(
                "Run `python /Users/ana/src/pdf-skill/scripts/fill.py`.\n"
                "*Source: /tmp/tmpab12cd_3/docs/index.md*\n"
            ),
            "scripts/run.ps1": "Copy-Item C:\\Users\\bob.smith\\Desktop\\x.csv .\n",
            "references/a.md": "[x](file:///home/jo/notes.md) and /root/.cache/pip\n",
        }
    )
    found = run("PK309", root)
    assert [d.message for d in found] == [
        "host path /Users/ana/src/pdf-skill/scripts/fill.py only exists on the author's machine",
        "host path /tmp/tmpab12cd_3/docs/index.md only exists on the author's machine",
        "host path /home/jo/notes.md only exists on the author's machine",
        "host path /root/.cache/pip only exists on the author's machine",
        "host path C:\\Users\\bob.smith\\Desktop\\x.csv only exists on the author's machine",
    ]
    assert where(found) == [
        ("PK309", 5, 13),
        ("PK309", 6, 10),
        ("PK309", 1, 12),
        ("PK309", 1, 35),
        ("PK309", 1, 11),
    ]


def test_pk309_passes_placeholders_and_system_paths(make_skill: MakeSkill) -> None:
    root = make_skill(
        {
            "SKILL.md": skill_md(
                "Write /tmp/out.json; use /usr/bin/python3 and /etc/hosts.\n"
                "Config: /home/<user>/.config, /home/$USER/x, /Users/you/x, /home/ubuntu/app,\n"
                "C:\\Users\\YourName\\x, /opt/home/x and ~/projects.\n"
            ),
        }
    )
    assert run("PK309", root) == []


# Robustness -------------------------------------------------------------------------------------


ODD_PACKAGES: dict[str, dict[str, str | bytes]] = {
    "empty": {},
    "no-skill-md": {"references/a.md": "[x](b.md)\n", "scripts/x.py": "print()\n"},
    "yaml-error": {"SKILL.md": "---\nname: [demo\n---\nbody [a](b.md)\n"},
    "not-closed": {"SKILL.md": "---\nname: demo\n"},
    "binary": {"SKILL.md": b"\x00\x01\x02", "references/a.md": b"\xff\xfe\x00"},
    "crlf-bom": {
        "SKILL.md": "\ufeff" + skill_md("# T\r\n[a](missing.md)\r\n").replace("\n", "\r\n")
    },
    "empty-link": {"SKILL.md": skill_md("[]() [x]( ) [y](?q) [z](#)\n")},
    "non-string-description": {"SKILL.md": "---\nname: demo\ndescription: [1, 2]\n---\nx\n"},
}


@pytest.mark.parametrize("case", sorted(ODD_PACKAGES))
def test_no_structure_rule_crashes_on_odd_packages(make_skill: MakeSkill, case: str) -> None:
    pkg = read(make_skill(ODD_PACKAGES[case]))
    for module in structure.MODULES:
        code = next(c for c, r in RULES.items() if r.check.__module__ == module)
        for d in RULES[code].check(pkg):
            assert d.code == code and not d.message.endswith(".")


CORPORA = sorted({p.parent for p in Path("corpora/skills").rglob("SKILL.md")})


@pytest.mark.skipif(not CORPORA, reason="corpora/skills is not present")
def test_structure_rules_run_over_the_corpora() -> None:
    for root in CORPORA:
        pkg = read_package(root)
        for module in structure.MODULES:
            code = next(c for c, r in RULES.items() if r.check.__module__ == module)
            list(RULES[code].check(pkg))


@pytest.mark.parametrize("code", sorted(c for c in RULES if c.startswith("PK3")))
def test_structure_rule_docs_follow_the_outline(code: str) -> None:
    info = RULES[code]
    headings = [line for line in info.doc.splitlines() if line.startswith("## ")]
    assert headings == ["## What it checks", "## Why it matters", "## Example", "## Fix"]
    assert info.summary.endswith(".") and not info.summary.startswith("#")


@pytest.mark.parametrize("module", ["skillc.lint.rules.structure._links", *structure.MODULES])
def test_structure_doctests(module: str) -> None:
    import doctest

    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0
