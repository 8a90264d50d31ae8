"""skills.lock: one record of what a build emitted and from what (replacing the manifest).

Through the real CLI on the click corpus: a changed page shows in the lock as that page's
hash and the skills made from it, nothing else; the lock is byte-identical whatever the hash
seed and ``-j``; an output folder of an older skillc (``skillc-manifest.json``) is migrated.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import CLICK_DOCS, run_skillc
from tests.cli.test_output_ownership import PAGES, snapshot, write_docs


@pytest.fixture(scope="module")
def click_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of click's docs and its build, with the lock: one skill per page, so that a
    page's record can be found by its skill's name (at the default grain a page is one
    reference of its chapter's skill, and a changed page can reword a sibling's "Also:"
    routing terms, which read the whole library)."""
    root = tmp_path_factory.mktemp("lock")
    docs = root / "docs"
    shutil.copytree(CLICK_DOCS, docs)
    out = root / "out"
    result = run_skillc(
        "build", str(docs), "-o", str(out), "--name-prefix", "click", "--group", "page", "-q"
    )
    assert result.returncode == 0, result.stderr
    return docs, out


def lock(out: Path) -> dict:
    return json.loads((out / "skills.lock").read_text(encoding="utf-8"))


def test_the_lock_records_sources_options_versions_and_files(click_copy: tuple[Path, Path]) -> None:
    docs, out = click_copy
    record = lock(out)
    assert record["lock_version"] == 1 and record["generator"].startswith("skillc ")
    assert set(record["frontends"]) == {"markdown"}
    assert len(record["options"]["fingerprint"]) == 64
    assert record["options"]["values"]["name_prefix"] == "click"
    quickstart = next(s for s in record["skills"] if s["name"] == "click-quickstart")
    page = (docs / "quickstart.md").read_bytes()
    import hashlib

    assert quickstart["inputs"] == [
        {"id": "quickstart.md", "sha256": hashlib.sha256(page).hexdigest()}
    ]
    on_disk = {
        f["path"]: hashlib.sha256((out / "click-quickstart" / f["path"]).read_bytes()).hexdigest()
        for f in quickstart["files"]
    }
    assert on_disk == {f["path"]: f["sha256"] for f in quickstart["files"]}
    text = (out / "skills.lock").read_text(encoding="utf-8")
    assert str(out.parent) not in text  # no path of the build machine
    assert text == json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def test_one_changed_page_changes_only_its_skills_in_the_lock(
    click_copy: tuple[Path, Path], tmp_path: Path
) -> None:
    docs, out = click_copy
    before = lock(out)
    changed_docs = tmp_path / "docs"
    shutil.copytree(docs, changed_docs)
    page = changed_docs / "quickstart.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nRun `pip install click==9`.\n")
    rebuilt = tmp_path / "out"
    shutil.copytree(out, rebuilt)
    result = run_skillc(
        "build",
        str(changed_docs),
        "-o",
        str(rebuilt),
        "--name-prefix",
        "click",
        "--group",
        "page",
        "-q",
    )
    assert result.returncode == 0, result.stderr
    after = lock(rebuilt)
    changed_sources = [
        s["id"] for s, t in zip(before["sources"], after["sources"], strict=True) if s != t
    ]
    assert changed_sources == ["quickstart.md"]
    old = {s["name"]: s for s in before["skills"]}
    differ = sorted(s["name"] for s in after["skills"] if s != old.get(s["name"]))
    # the page's skill, and the catalogue skill that routes to every page's skill
    assert differ == ["click-catalog", "click-quickstart"]
    for name in differ:
        entry = next(s for s in after["skills"] if s["name"] == name)
        assert "quickstart.md" in {i["id"] for i in entry["inputs"]}


def test_the_lock_is_the_same_whatever_the_hash_seed_and_jobs(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "docs", PAGES)
    locks = []
    for seed, jobs in (("1", "1"), ("2", "2"), ("3", "0")):
        out = tmp_path / f"out-{seed}"
        result = run_skillc(
            "build", str(docs), "-o", str(out), "-j", jobs, "-q", env={"PYTHONHASHSEED": seed}
        )
        assert result.returncode == 0, result.stderr
        locks.append((out / "skills.lock").read_bytes())
    assert locks[0] == locks[1] == locks[2]


def test_an_older_skillc_manifest_is_read_as_the_record_and_replaced(tmp_path: Path) -> None:
    """An output folder written before the lock: its manifest still says which files are
    skillc's (a hand edit is still refused, foreign files kept); the next build writes the
    lock and removes the manifest."""
    docs = write_docs(tmp_path / "docs", PAGES)
    out = tmp_path / "out"
    page = ("--group", "page")  # the install page's own skill folder
    assert run_skillc("build", str(docs), "-o", str(out), *page, "-q").returncode == 0
    record = lock(out)
    legacy = {  # the fields skillc 0.1's manifest had, in its order
        "generator": record["generator"],
        "sources": record["sources"],
        "skills": [
            {k: s[k] for k in ("name", "description", "sources", "files")} for s in record["skills"]
        ],
        "skipped": record["skipped"],
        "failed": record["failed"],
    }
    (out / "skills.lock").unlink()
    (out / "skillc-manifest.json").write_text(json.dumps(legacy, indent=2) + "\n")
    (out / "NOTES.md").write_text("ours\n")
    skill_md = out / "install" / "SKILL.md"
    original = skill_md.read_text()
    skill_md.write_text(original + "\nedited\n")
    before = snapshot(out)
    refused = run_skillc("build", str(docs), "-o", str(out), *page, "-q")
    assert refused.returncode == 1 and "SK014" in refused.stderr
    assert snapshot(out) == before
    skill_md.write_text(original)
    migrated = run_skillc("build", str(docs), "-o", str(out), *page, "-q")
    assert migrated.returncode == 0, migrated.stderr
    assert not (out / "skillc-manifest.json").exists()
    assert lock(out) == record
    assert (out / "NOTES.md").read_text() == "ours\n"


def test_a_migration_killed_at_any_step_leaves_a_record(tmp_path: Path) -> None:
    """Migrating a folder that holds foreign files moves files in one by one: at every kill,
    the folder still has a record (the lock, or the old manifest) and the next build ends in
    the migrated folder, foreign files untouched."""
    docs = write_docs(tmp_path / "docs", PAGES)
    pristine = tmp_path / "pristine"
    assert run_skillc("build", str(docs), "-o", str(pristine), "-q").returncode == 0
    record = (pristine / "skills.lock").read_bytes()
    (pristine / "skills.lock").rename(pristine / "skillc-manifest.json")
    (pristine / "NOTES.md").write_text("ours\n")
    out = tmp_path / "work" / "out"
    killed = 0
    for step in range(1, 40):
        shutil.rmtree(out.parent, ignore_errors=True)
        out.parent.mkdir()
        shutil.copytree(pristine, out)
        env = {"_SKILLC_KILL_AFTER": str(step)}
        result = run_skillc("build", str(docs), "-o", str(out), "-q", env=env)
        if result.returncode == 0:
            break
        assert result.returncode == -9, result.stderr
        killed += 1
        names = {p.name for p in out.iterdir()}
        assert names & {"skills.lock", "skillc-manifest.json"}, step
        again = run_skillc("build", str(docs), "-o", str(out), "-q")
        assert again.returncode == 0, again.stderr
        assert (out / "skills.lock").read_bytes() == record, step
        assert not (out / "skillc-manifest.json").exists(), step
        assert (out / "NOTES.md").read_text() == "ours\n"
    assert killed >= 2
