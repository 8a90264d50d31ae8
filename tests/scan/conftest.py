"""Helpers for the scanner's tests: scan a fixture folder or files held in memory."""

from __future__ import annotations

from pathlib import Path

from skillc.package.reader import package_from_texts, read_package
from skillc.scan.engine import scan_package
from skillc.scan.model import SkillReport

FIXTURES = Path(__file__).parent / "fixtures"


def scan_folder(folder: Path) -> SkillReport:
    return scan_package(read_package(folder, folder.relative_to(FIXTURES).as_posix()))


def scan_texts(texts: dict[str, str], name: str = "demo-skill") -> SkillReport:
    """Scan a package built in memory; SKILL.md gets a front matter unless it has one."""
    texts = dict(texts)
    skill = texts.get("SKILL.md", "")
    if not skill.startswith("---"):
        head = f"---\nname: {name}\ndescription: Formats tables. Use when tables are messy.\n---\n"
        texts["SKILL.md"] = head + skill
    return scan_package(package_from_texts(name, texts))
