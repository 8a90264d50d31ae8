"""`skillc optimize` on front matter hand-written libraries carry that the reference validator
refuses: every output validates (folder named as the skill, no flow collections, no line that is
not YAML), every value is kept, and what cannot be repaired is said (PV039).

The fixtures are shaped after published skills (npm claude-code-skills 0.5.0: folders named
``fine-tuning-axolotl`` holding ``name: axolotl``, titles as names, ``tags: [...]`` under
metadata, OpenClaw's JSON ``metadata``, Claude Code's ``argument-hint: [page] [description]``).
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli.conftest import run_skillc
from tests.cli.test_optimize import validate

BODY = "\n# Tool\n\nRun `tool --check` before you commit.\n\n## Steps\n\n1. Run it.\n2. Read it.\n"

SKILLS = {
    # folder differs from a valid name: written under the name
    "fine-tuning-axolotl": "name: axolotl\ndescription: Fine-tunes models with Axolotl configs.\n",
    # a title as the name: the folder's name becomes the name
    "xss-html-injection": "name: Cross-Site Scripting and HTML Injection Testing\n"
    "description: Tests web apps for XSS and HTML injection.\n",
    # flow list under metadata
    "motion-dev": "name: motion-dev\ndescription: Animates React apps with Motion.\n"
    'metadata:\n  version: "3.0.0"\n  tags: ["motion", "framer-motion", "react"]\n',
    # flow metadata map (OpenClaw) plus a key outside the spec
    "footballbin": "name: footballbin\ndescription: Predicts football match scores.\n"
    "homepage: https://example.com/app\n"
    'metadata: {"clawdbot":{"emoji":"x","requires":{"bins":["curl","jq"]}}}\n',
    # a line that is not YAML, and allowed-tools as a flow list
    "ss-page": "name: ss-page\ndescription: Scaffolds a mobile page.\n"
    "argument-hint: [page-name] [description]\nallowed-tools: [Read, Write, Edit]\n",
    # a flow list that is not YAML either (`ray[data]` inside a flow list)
    "ray-data": "name: ray-data\ndescription: Processes data with Ray Data.\n"
    "dependencies: [ray[data], pyarrow, pandas]\ntags: [Data, Ray]\n",
}


def _library(root: Path, skills: dict[str, str]) -> Path:
    for folder, head in skills.items():
        (root / folder).mkdir(parents=True)
        (root / folder / "SKILL.md").write_text(f"---\n{head}---\n{BODY}", encoding="utf-8")
    return root


def _front(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    front: dict[str, Any] = yaml.safe_load(text.split("---\n")[1])
    return front


def _run(lib: Path, out: Path) -> tuple[list[dict[str, Any]], Any]:
    result = run_skillc("optimize", str(lib), "-o", str(out), "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    document = json.loads(result.stdout)
    return document["diagnostics"], result


def test_every_output_validates_and_keeps_every_value(tmp_path: Path) -> None:
    out = tmp_path / "out"
    diagnostics, _ = _run(_library(tmp_path / "lib", SKILLS), out)
    written = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert written == [
        "axolotl",
        "footballbin",
        "motion-dev",
        "ray-data",
        "ss-page",
        "xss-html-injection",
    ]
    for folder in written:
        validate(out / folder)
    codes = {(d["code"], Path(d["path"]).parent.name) for d in diagnostics}
    assert ("PV038", "fine-tuning-axolotl") in codes
    assert ("PV038", "xss-html-injection") in codes
    assert _front(out / "xss-html-injection" / "SKILL.md")["name"] == "xss-html-injection"
    motion = _front(out / "motion-dev" / "SKILL.md")["metadata"]
    assert motion == {"version": "3.0.0", "tags": "motion, framer-motion, react"}
    football = _front(out / "footballbin" / "SKILL.md")["metadata"]
    assert json.loads(football["clawdbot"]) == {"emoji": "x", "requires": {"bins": ["curl", "jq"]}}
    assert football["homepage"] == "https://example.com/app"
    page = _front(out / "ss-page" / "SKILL.md")
    assert page["metadata"] == {"argument-hint": "[page-name] [description]"}
    assert page["allowed-tools"] == "Read Write Edit"
    ray = _front(out / "ray-data" / "SKILL.md")["metadata"]
    assert ray == {"dependencies": "[ray[data], pyarrow, pandas]", "tags": "Data, Ray"}
    assert {("PV037", f) for f in ("motion-dev", "footballbin", "ss-page", "ray-data")} <= codes


def test_two_inputs_named_alike_are_refused_naming_both(tmp_path: Path) -> None:
    lib = _library(
        tmp_path / "lib",
        {
            "latex-posters": "name: latex-posters\ndescription: Makes posters in LaTeX.\n",
            "pptx-posters": "name: latex-posters\ndescription: Makes posters in PowerPoint.\n",
        },
    )
    result = run_skillc("optimize", str(lib), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "SK162" in result.stderr
    assert "latex-posters/SKILL.md" in result.stderr and "pptx-posters/SKILL.md" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_rolled_back_skill_still_gets_valid_front_matter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A skill kept as written (an item would be lost, PV032) keeps its body byte for byte,
    and its front matter is still repaired (the loss is forced: what loses items changes)."""
    import skillc.compiler.optimize as driver
    from skillc.passes.actionable import Item

    real = driver.lost_items

    def losing(before: Any, after: Any) -> Any:
        """A loss for every optimised candidate; the real check for the rollback itself."""
        if inspect.stack()[1].function == "_as_written":
            return real(before, after)
        return [(Item("url", "https://example.com/x"), "SKILL.md")]

    monkeypatch.setattr(driver, "lost_items", losing)
    skill = tmp_path / "lib" / "code-simplifier"
    skill.mkdir(parents=True)
    head = "---\nname: code-simplifier\ndescription: Simplifies code. Use when asked to.\n"
    (skill / "SKILL.md").write_text(head + "tags: [refactor, clarity]\n---\n" + BODY, "utf-8")
    result = driver.optimize([str(tmp_path / "lib")])
    assert "PV032" in {d.code for d in result.diagnostics}
    text = result.files["code-simplifier/SKILL.md"].decode("utf-8")
    assert text.endswith("---\n" + BODY)
    assert yaml.safe_load(text.split("---\n")[1])["metadata"] == {"tags": "refactor, clarity"}


def test_an_html_comment_holding_a_url_stays_and_the_skill_is_optimised(tmp_path: Path) -> None:
    """claude-code-skills' code-simplifier opens with "<!-- Based on ...: <url> -->": the
    Markdown reader drops comments, the package check counted the URL lost, and the whole skill
    was rolled back (PV032). The comment now stays; the rest is optimised."""
    body = (
        "\n<!--\nBased on the upstream agent:\n"
        "https://github.com/example/plugins/blob/main/agents/code-simplifier.md\n-->\n"
        "\n# Code Simplifier\n\nYou are an expert code simplification specialist focused on"
        " enhancing code clarity.\n\n## Steps\n\n1. Read the code.\n2. Simplify it.\n"
    )
    skill = tmp_path / "lib" / "code-simplifier"
    skill.mkdir(parents=True)
    head = "---\nname: code-simplifier\ndescription: Simplifies code. Use when asked to.\n"
    (skill / "SKILL.md").write_text(head + "---\n" + body, "utf-8")
    diagnostics, _ = _run(tmp_path / "lib", tmp_path / "out")
    assert "PV032" not in {d["code"] for d in diagnostics}
    written = (tmp_path / "out" / "code-simplifier" / "SKILL.md").read_text(encoding="utf-8")
    assert "https://github.com/example/plugins/blob/main/agents/code-simplifier.md" in written


def test_what_cannot_be_repaired_is_said(tmp_path: Path) -> None:
    """OpenClaw's metadata as a JSON string has no map to move ``version`` into: left as
    written (changing the string would change what OpenClaw reads), with PV039."""
    lib = _library(
        tmp_path / "lib",
        {
            "vault": 'name: vault\ndescription: Keeps a local knowledge vault.\nversion: "0.7"\n'
            'metadata: \'{"openclaw":{"emoji":"x"}}\'\n',
        },
    )
    diagnostics, _ = _run(lib, tmp_path / "out")
    messages = [d["message"] for d in diagnostics if d["code"] == "PV039"]
    assert messages and "version" in messages[0] and "metadata is not a map" in messages[0]
