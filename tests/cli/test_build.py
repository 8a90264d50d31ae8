"""`skillc build` end to end on the real click documentation."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from skillc.tokens import count_tokens
from tests.cli.conftest import CLICK_DOCS, ROOT, run_skillc

# A link target: "](" not preceded by a backslash (an escaped "\\]" is literal text).
LINK = re.compile(r"(?<!\\)\]\(([^)\s]+)\)")


def skill_dirs(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_dir())


def test_every_package_passes_the_reference_validator(click_build: Path) -> None:
    dirs = skill_dirs(click_build)
    assert len(dirs) >= 20
    validator = Path(sys.executable).with_name("agentskills")
    for skill in dirs:
        result = subprocess.run(
            [str(validator), "validate", str(skill)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, f"{skill.name}: {result.stdout}{result.stderr}"


def test_front_matter_is_portable(click_build: Path) -> None:
    allowed = {"name", "description", "license", "compatibility", "metadata", "allowed-tools"}
    for skill in skill_dirs(click_build):
        text = (skill / "SKILL.md").read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---\n")[1])
        assert set(front) <= allowed
        assert front["name"] == skill.name
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", front["name"]) and len(front["name"]) <= 64
        assert 1 <= len(front["description"]) <= 1024
        assert "<" not in front["description"] and ">" not in front["description"]
        assert "Use when" in front["description"]


def test_bodies_stay_within_budget(click_build: Path) -> None:
    for skill in skill_dirs(click_build):
        body = (skill / "SKILL.md").read_text(encoding="utf-8").split("---\n", 2)[2]
        assert body.count("\n") <= 500, skill.name
        assert count_tokens(body) <= 5000, skill.name


def test_long_pages_are_split_into_references(click_build: Path) -> None:
    refs = sorted(click_build.glob("*/references/*.md"))
    assert refs, "options.md (800 lines) must not fit in one SKILL.md"
    for ref in refs:
        assert ref.parent.parent.joinpath("SKILL.md").read_text().count(f"references/{ref.name}")


def test_links_stay_inside_each_package(click_build: Path) -> None:
    for skill in skill_dirs(click_build):
        for md in skill.rglob("*.md"):
            for target in LINK.findall(md.read_text(encoding="utf-8")):
                if target.startswith(("http://", "https://", "mailto:", "#")):
                    continue
                resolved = (md.parent / target.split("#")[0]).resolve()
                assert resolved.is_file(), f"{md}: broken link {target}"
                assert skill.resolve() in resolved.parents, f"{md}: {target} leaves the package"


def test_no_absolute_paths_of_the_build_machine(click_build: Path) -> None:
    needles = [str(Path.home()), str(CLICK_DOCS), str(click_build.parent), "/tmp/"]
    for path in click_build.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for needle in needles:
                assert needle not in text, f"{path} contains {needle}"


def test_every_source_code_block_is_emitted(click_build: Path) -> None:
    """No loss: every fenced example of a compiled page appears in its package."""
    manifest = json.loads((click_build / "skills.lock").read_text())
    for entry in manifest["skills"]:
        if entry["name"] == "click-catalog":  # the library index: lists skills, holds no code
            continue
        [source] = entry["sources"]
        text = (CLICK_DOCS / source).read_text(encoding="utf-8")
        package = "\n".join(
            p.read_text(encoding="utf-8") for p in (click_build / entry["name"]).rglob("*.md")
        )
        for block in re.findall(r"^```(?:python|console|shell|bash)\n(.*?)^```", text, re.M | re.S):
            assert block.rstrip("\n") in package, f"{source}: lost\n{block}"


def test_quickstart_becomes_a_skill_with_its_install_command(click_build: Path) -> None:
    skill = (click_build / "click-quickstart" / "SKILL.md").read_text(encoding="utf-8")
    assert "pip install click" in skill
    assert skill.startswith('---\nname: "click-quickstart"\n')


def test_builds_are_byte_identical_across_hash_seeds_and_input_order(tmp_path: Path) -> None:
    files = sorted(str(p) for p in CLICK_DOCS.glob("*.md"))
    shuffled = list(files)
    random.Random(20261124).shuffle(shuffled)
    assert shuffled != files
    first, second = tmp_path / "a", tmp_path / "b"
    r1 = run_skillc("build", *files, "-o", str(first), "-q", env={"PYTHONHASHSEED": "1"})
    r2 = run_skillc("build", *shuffled, "-o", str(second), "-q", env={"PYTHONHASHSEED": "4242"})
    assert r1.returncode == 0 and r2.returncode == 0, r1.stderr + r2.stderr
    tree1 = {p.relative_to(first): p.read_bytes() for p in first.rglob("*") if p.is_file()}
    tree2 = {p.relative_to(second): p.read_bytes() for p in second.rglob("*") if p.is_file()}
    assert tree1 == tree2
    assert len(tree1) > 20


def test_rebuild_replaces_a_previous_output_and_keeps_what_skillc_did_not_write(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    page = str(CLICK_DOCS / "quickstart.md")
    assert run_skillc("build", page, "-o", str(out), "-q").returncode == 0
    (out / "notes.txt").write_text("a file of the user's")
    assert (
        run_skillc("build", str(CLICK_DOCS / "arguments.md"), "-o", str(out), "-q").returncode == 0
    )
    assert (out / "notes.txt").read_text() == "a file of the user's"
    assert not (out / "quickstart").exists()  # skillc's files of the previous build are gone
    assert (out / "arguments" / "SKILL.md").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"], "no temporary folder left behind"


def test_json_summary_is_machine_readable(tmp_path: Path) -> None:
    result = run_skillc(
        "build", str(CLICK_DOCS / "options.md"), "-o", str(tmp_path / "o"), "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["sources"] == 1 and summary["skills"] == 1 and summary["files"] >= 3


def test_timings_list_every_pass(tmp_path: Path) -> None:
    result = run_skillc(
        "build",
        str(CLICK_DOCS / "quickstart.md"),
        "-o",
        str(tmp_path / "o"),
        "-q",
        "--timings=json",
    )
    assert result.returncode == 0, result.stderr
    names = {row["name"] for row in json.loads(result.stderr)}
    assert {"normalize-names", "progressive-disclosure", "verify-no-loss"} <= names


def test_copy_of_corpus_builds_without_the_original(tmp_path: Path) -> None:
    """Outputs do not depend on where the inputs live."""
    copy = tmp_path / "elsewhere" / "click" / "docs"  # the index is named after "click"
    shutil.copytree(CLICK_DOCS, copy)
    a, b = tmp_path / "a", tmp_path / "b"
    assert run_skillc("build", str(copy), "-o", str(a), "-q").returncode == 0
    assert run_skillc("build", str(CLICK_DOCS), "-o", str(b), "-q").returncode == 0
    for path in a.rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (b / path.relative_to(a)).read_bytes(), path


def test_pages_whose_paths_spell_the_same_id_both_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "a-b").mkdir(parents=True)
    (docs / "a").mkdir()
    (docs / "a-b" / "c.md").write_text("# One\n\n1. Run `make one`.\n", encoding="utf-8")
    (docs / "a" / "b-c.md").write_text("# Two\n\n1. Run `make two`.\n", encoding="utf-8")
    result = run_skillc("build", str(docs), "-o", str(tmp_path / "out"), "-q")
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir())
    assert names == ["a-b-c", "a-b-c-2"]


def test_links_out_of_the_build_use_the_url_the_page_declares(tmp_path: Path) -> None:
    """A real requests page given alone, with the canonical link Read the Docs pages carry:
    links to pages outside the build become absolute URLs (SK043), none stays relative."""
    page = ROOT / "corpora" / "guides" / "requests-html" / "src" / "user" / "quickstart.html"
    if not page.is_file():
        pytest.skip("requests-html is not fetched (make corpora)")
    canonical = '<link rel="canonical" href="https://requests.readthedocs.io/en/latest/user/quickstart.html">'
    html = page.read_text(encoding="utf-8").replace("</head>", canonical + "</head>", 1)
    (tmp_path / "docs" / "user").mkdir(parents=True)
    (tmp_path / "docs" / "user" / "quickstart.html").write_text(html, encoding="utf-8")
    out = tmp_path / "out"
    result = run_skillc("build", str(tmp_path / "docs"), "-o", str(out), "-v")
    assert result.returncode == 0, result.stderr
    text = (out / "user-quickstart" / "SKILL.md").read_text(encoding="utf-8")
    assert "(https://requests.readthedocs.io/en/latest/api.html#requests.Response)" in text
    assert "SK043" in result.stderr
    assert "](../" not in text
