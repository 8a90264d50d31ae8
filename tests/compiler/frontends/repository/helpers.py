"""Building a repository, and reading command lines back: from real ``--help`` output, and
from the emitted skills.

Both sides are parsed into the same shape, ``{command words: {option names: help}}``, so a
test can say that the skill lists exactly the options the real program accepts.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path


def write_files(root: Path, files: dict[str, str]) -> Path:
    """``root`` with each of ``files`` (path inside it: text) written, folders made."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def build(source: Path, out: Path) -> Path:
    """``out`` after ``skillc build source -o out -q`` succeeded (the build's stderr shown when
    it did not)."""
    from tests.cli.conftest import run_skillc  # the CLI runner of the CLI tests

    result = run_skillc("build", str(source), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    return out


_OPTION_LINE = re.compile(r"^  (-\S.*?)(?:\s{2,}(\S.*))?$")
_NAME = re.compile(r"(?:^|[\s,/\[])(--?[A-Za-z0-9](?:[\w.-]*\w)?)")
_COMMAND_LINE = re.compile(r"^  ([a-z][\w-]*)(?:\s{2,}(\S.*))?$")


def names_of(text: str) -> frozenset[str]:
    """The option names written in ``text`` (``-h, --host TEXT`` -> ``{-h, --host}``)."""
    return frozenset(_NAME.findall(text))


def help_sections(output: str) -> dict[str, list[str]]:
    """The lines of each ``Options:`` / ``Commands:`` section of click or argparse help."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in output.split("\n"):
        if line and not line[0].isspace() and line.rstrip().endswith(":"):
            current = line.strip().rstrip(":").lower()
            sections[current] = []
        elif current and line.strip():
            sections[current].append(line)
        elif not line.strip():
            current = current if current in ("options", "commands") else ""
    return sections


def real_options(output: str, section: str = "options") -> dict[frozenset[str], str]:
    """Option names -> help text (whitespace folded) of a real ``--help`` output."""
    found: dict[frozenset[str], str] = {}
    key: frozenset[str] | None = None
    for line in help_sections(output).get(section, []):
        match = _OPTION_LINE.match(line)
        if match is not None:
            key = names_of(match.group(1))
            found[key] = match.group(2) or ""
        elif key is not None:
            found[key] = f"{found[key]} {line.strip()}".strip()
    return found


def real_commands(output: str) -> dict[str, str]:
    """Subcommand name -> short help of a real click ``--help`` output."""
    found: dict[str, str] = {}
    for line in help_sections(output).get("commands", []):
        match = _COMMAND_LINE.match(line)
        if match is not None:
            found[match.group(1)] = match.group(2) or ""
    return found


def run_help(args: list[str], cwd: Path | None = None) -> str:
    """The ``--help`` output of running ``args`` with this interpreter (offline)."""
    result = subprocess.run(
        [sys.executable, *args, "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def table_rows(markdown: str) -> list[list[str]]:
    """The body rows of every Markdown table in ``markdown`` (cells unescaped)."""
    rows = []
    for line in markdown.split("\n"):
        if not line.startswith("| ") or set(line) <= set("|- "):
            continue
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        rows.append(cells)
    return [r for r in rows if r[0] not in ("Option", "Command")]


def emitted_options(reference: str) -> dict[str, dict[frozenset[str], str]]:
    """Command words -> {option names: help} of an emitted options reference file."""
    found: dict[str, dict[frozenset[str], str]] = {}
    for chunk in re.split(r"^#+ (?=`)", reference, flags=re.MULTILINE)[1:]:
        title, _, body = chunk.partition("\n")
        command = title.strip().strip("`")
        found[command] = {
            names_of(row[0].split("`")[1]): row[3] for row in table_rows(body) if "`" in row[0]
        }
    return found


def emitted_commands(skill_md: str) -> dict[str, str]:
    """Command words -> what it does, from an emitted SKILL.md's commands table."""
    return {row[0].strip("`"): row[1] for row in table_rows(skill_md) if len(row) == 3}


def folded(text: str) -> str:
    return " ".join(text.split())
