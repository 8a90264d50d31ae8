"""Per-source options of a project (pages, base-url, name-prefix), through real builds of the
click docs and a real PDF manual: what each changes, that changing one re-reads only the
source it concerns, and that the lock shows it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from skillc.compiler.source_options import parse_ranges, select, show_ranges
from tests.cli.conftest import CLICK_DOCS, ROOT, run_skillc

MANUAL = ROOT / "corpora" / "guides" / "amc-pdf" / "src" / "auto-multiple-choice.en.pdf"
BASE = "https://click.palletsprojects.com/en/stable/"
LINK = "\nSee [the changelog](../CHANGES.rst) for what changed.\n"
PROJECT = """\
[[output]]
name = "all"
out = "skills"
sources = [
  {{ path = "docs", base-url = "{base}", name-prefix = "{prefix}" }},
  {{ path = "manual.pdf", pages = "{pages}" }},
]
group = "page"
"""


def write_project(root: Path, pages: str = "1-12", prefix: str = "clk", base: str = BASE) -> None:
    text = PROJECT.format(pages=pages, prefix=prefix, base=base)
    (root / "skillc.toml").write_text(text, encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(CLICK_DOCS, tmp_path / "docs")
    quickstart = tmp_path / "docs" / "quickstart.md"
    quickstart.write_text(quickstart.read_text(encoding="utf-8") + LINK, encoding="utf-8")
    shutil.copy(MANUAL, tmp_path / "manual.pdf")
    write_project(tmp_path)
    return tmp_path


def build(root: Path) -> dict[str, object]:
    cache = str(root / "cache")  # the tests' environment turns the cache off: name one
    done = run_skillc("build", "--format", "json", "--cache-dir", cache, cwd=root)
    assert done.returncode == 0, done.stderr
    summary: dict[str, object] = json.loads(done.stdout)
    return summary


def lock(root: Path) -> dict[str, object]:
    record: dict[str, object] = json.loads((root / "skills" / "skills.lock").read_text())
    return record


def pdf_pages(root: Path) -> set[int]:
    """The manual's pages the skills cite."""
    text = "".join(p.read_text() for p in (root / "skills").glob("*/SKILL.md"))
    return {int(n) for n in re.findall(r"manual\.pdf#p(\d+)", text)}


def names(root: Path) -> set[str]:
    return {p.name for p in (root / "skills").iterdir() if p.is_dir()}


def manual_skills(root: Path) -> set[str]:
    """The skills made from the PDF (named by its title, not its file name)."""
    return {
        p.parent.name
        for p in (root / "skills").glob("*/SKILL.md")
        if re.search(r"^  source: .*manual\.pdf", p.read_text(), re.MULTILINE)
    }


def test_parse_and_select_ranges() -> None:
    assert parse_ranges("1-40, 55") == ((1, 40), (55, 55))
    assert show_ranges(((1, 40), (55, 55))) == "1-40,55"
    for bad in ("0-3", "5-2", "a", "1-", ""):
        with pytest.raises(ValueError):
            parse_ranges(bad)
    # A split's ranges cut down to the pages wanted, overlaps read once.
    assert select([(1, 16), (17, 32)], ((3, 5), (4, 20), (30, 30))) == [
        (3, 16),
        (17, 20),
        (30, 30),
    ]
    assert select([(1, 16)], ()) == [(1, 16)]


def test_each_option_shapes_its_source_and_only_that_source_is_rebuilt(root: Path) -> None:
    build(root)
    docs = {n for n in names(root) if n.startswith("clk-")}
    assert len(docs) > 20  # the docs' skills carry their source's prefix...
    manual = manual_skills(root)
    assert manual and not any(n.startswith("clk-") for n in manual)  # ...the manual's do not
    assert pdf_pages(root) and max(pdf_pages(root)) <= 12
    quickstart = next(p for p in (root / "skills").glob("clk-*quickstart*/SKILL.md"))
    assert "[the changelog](https://click.palletsprojects.com/en/CHANGES.rst)" in (
        quickstart.read_text()
    )
    options = lock(root)["options"]
    assert options["sources"] == [  # type: ignore[index]
        {"base_url": BASE, "name_prefix": "clk", "path": "docs"},
        {"pages": "1-12", "path": "manual.pdf"},
    ]

    # More pages: the manual alone is read again.
    write_project(root, pages="1-12,20-30")
    summary = build(root)
    assert summary["read"] == 1 and summary["cached"] == int(summary["sources"]) - 1  # type: ignore[call-overload]
    assert max(pdf_pages(root)) > 12
    assert {"pages": "1-12,20-30", "path": "manual.pdf"} in lock(root)["options"]["sources"]  # type: ignore[index]

    # Another name prefix: no source is read again, only names change.
    write_project(root, pages="1-12,20-30", prefix="pyclick")
    summary = build(root)
    assert summary["read"] == 0
    assert {n.replace("clk-", "pyclick-", 1) for n in docs} <= names(root)
    assert not any(n.startswith("clk-") for n in names(root))

    # No base URL: the link that leaves the build is reduced to its text, as without one.
    (root / "skillc.toml").write_text(
        (root / "skillc.toml").read_text().replace(f', base-url = "{BASE}"', "")
    )
    summary = build(root)
    assert summary["read"] == 0
    quickstart = next(p for p in (root / "skills").glob("pyclick-*quickstart*/SKILL.md"))
    assert "CHANGES.rst" not in quickstart.read_text()
    assert "the changelog" in quickstart.read_text()


def test_pages_past_the_end_name_the_project_line(root: Path) -> None:
    write_project(root, pages="1-5,900")
    for jobs in ("1", "2"):
        done = run_skillc("build", "-q", "-j", jobs, cwd=root)
        assert done.returncode == 2, done.stderr
        assert "skillc.toml:6:1: SK104 pages '1-5,900': manual.pdf has" in done.stderr
        assert "Traceback" not in done.stderr
        assert not (root / "skills").exists()


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('pages = "12-3"', "pages: '12-3' is not a range of pages from 1"),
        ('pages = "first"', 'pages: expected page ranges like "1-40,55"'),
        ("pages = 3", "pages: expected a non-empty string, not a number"),
        ('base-url = "docs/"', "base-url: expected an absolute http(s) URL"),
        ('name_prefix = "x"', "unknown key 'name_prefix' in a source"),
    ],
)
def test_bad_source_options_name_the_line(root: Path, source: str, message: str) -> None:
    text = (root / "skillc.toml").read_text().replace('pages = "1-12"', source)
    (root / "skillc.toml").write_text(text)
    done = run_skillc("build", "-q", cwd=root)
    assert done.returncode == 2
    assert f"skillc.toml:6:1: SK104 {message}" in done.stderr


def test_pages_on_a_source_without_a_pdf_is_an_error(root: Path) -> None:
    text = (root / "skillc.toml").read_text().replace('name-prefix = "clk"', 'pages = "1-3"')
    (root / "skillc.toml").write_text(text)
    done = run_skillc("build", "-q", cwd=root)
    assert done.returncode == 2
    assert "skillc.toml:5:1: SK104 pages: docs holds no PDF to read pages of" in done.stderr
    assert not (root / "skills").exists()


def test_page_ranges_read_in_parallel_give_the_same_skills(root: Path) -> None:
    write_project(root, pages="2-12,20-44")
    trees = []
    for jobs in ("1", "2"):
        out = root / f"j{jobs}"
        done = run_skillc("build", "-q", "--no-cache", "-j", jobs, "-o", str(out), cwd=root)
        assert done.returncode == 0, done.stderr
        trees.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert trees[0] == trees[1]
    cited = {int(n) for data in trees[0].values() for n in re.findall(rb"manual\.pdf#p(\d+)", data)}
    assert 1 not in cited and 15 not in cited and max(cited) <= 44 and 20 in cited
