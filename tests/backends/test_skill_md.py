"""The SKILL.md backend: the build's packages, rendered once for the checks and the files."""

from __future__ import annotations

import pytest

import skillc.package.emit as emit
from skillc.compiler.backends.skill_md import package_files, render_skill
from skillc.compiler.driver import BuildOptions, compile_module, read_sources
from skillc.compiler.inputs import collect
from skillc.package.emit import Emitter
from tests.cli.conftest import CLICK_DOCS


def test_each_skill_is_rendered_once_for_the_checks_and_the_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = [f for f in collect([str(CLICK_DOCS)]) if f.id in ("options.md", "quickstart.md")]
    module, _ = read_sources(files)
    calls: list[str] = []
    real = emit.emit_skill

    def counting(skill: emit.Skill) -> emit.EmittedSkill:
        calls.append(skill.name)
        return real(skill)

    monkeypatch.setattr(emit, "emit_skill", counting)
    emitter = Emitter()
    compiled, _, _ = compile_module(module, BuildOptions(), emitter=emitter)
    written, lost = package_files(compiled.skills, emitter)
    assert sorted(calls) == sorted(s.name for s in compiled.skills)
    assert lost == []
    for skill in compiled.skills:
        for path, text in real(skill).files:
            assert written[f"{skill.name}/{path}"] == text.encode("utf-8")


def test_render_skill_is_what_the_package_model_is_built_from() -> None:
    files = [f for f in collect([str(CLICK_DOCS)]) if f.id == "quickstart.md"]
    module, _ = read_sources(files)
    compiled, _, _ = compile_module(module, BuildOptions())
    skill = compiled.skills[0]
    rendered = render_skill(skill)
    package = rendered.package()
    assert package.skill_file is not None and package.front_matter.get("name") is not None
    assert {f.path: f.text for f in package.files} == dict(rendered.files)
