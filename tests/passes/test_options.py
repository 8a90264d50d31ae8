"""Typed pass options: frozen, validated, and fingerprinted for lock files."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from skillc.compiler.driver import BuildOptions
from skillc.passes.options import PassOptions

#: A value different from the default for every field.
CHANGED: dict[str, object] = {
    "name_prefix": "acme",
    "library_name": "Acme",
    "library_inferred": True,
    "index": "never",
    "pages": "tasks",
    "group": "chapter",
    "chapter_sections": 200,
    "base_url": "https://e.org/docs/",
    "name_prefixes": (("tool/", "tool"),),
    "max_body_lines": 400,
    "max_body_tokens": 4000,
    "max_reference_lines": 300,
    "max_reference_tokens": 3000,
    "max_block_tokens": 20_000,
    "listing_budget": 4000,
}


def test_every_field_has_a_changed_value_here() -> None:
    assert set(CHANGED) == {f.name for f in dataclasses.fields(PassOptions)}


def test_the_fingerprint_is_stable_across_processes_and_hash_seeds() -> None:
    code = "from skillc.passes.options import PassOptions; print(PassOptions().fingerprint())"
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout.strip()
        for seed in ("0", "1", "12345")
    }
    assert seen == {PassOptions().fingerprint()}


@pytest.mark.parametrize("name", sorted(CHANGED))
def test_the_fingerprint_changes_with_each_field(name: str) -> None:
    changed = PassOptions(**{name: CHANGED[name]})  # type: ignore[arg-type]
    assert changed.fingerprint() != PassOptions().fingerprint()
    assert changed.to_dict()[name] == CHANGED[name]


def test_equal_options_have_equal_fingerprints() -> None:
    assert PassOptions(**CHANGED).fingerprint() == PassOptions(**CHANGED).fingerprint()  # type: ignore[arg-type]


def test_options_are_frozen_and_checked() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        PassOptions().name_prefix = "x"  # type: ignore[misc]
    with pytest.raises(ValueError, match="index"):
        PassOptions(index="sometimes")
    with pytest.raises(ValueError, match="pages"):
        PassOptions(pages="some")


def test_reference_budgets_default_to_the_body_budget() -> None:
    options = PassOptions(max_body_lines=123, max_body_tokens=456)
    assert (options.reference_lines, options.reference_tokens) == (123, 456)
    options = PassOptions(max_reference_lines=7, max_reference_tokens=8)
    assert (options.reference_lines, options.reference_tokens) == (7, 8)


def test_the_build_sets_every_pass_option() -> None:
    build = BuildOptions(**CHANGED)  # type: ignore[arg-type]
    assert build.pass_options() == PassOptions(**CHANGED)  # type: ignore[arg-type]
    # The build's default grain is auto, which the build resolves before the passes run
    # (skillc.compiler.grain); at page grain its options are the passes' defaults.
    assert BuildOptions(group="page").pass_options() == PassOptions()
    assert BuildOptions().group == "auto"
