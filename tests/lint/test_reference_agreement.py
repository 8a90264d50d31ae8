"""skillc's spec rules (PK1xx) against the reference validator (skills-ref 0.1.1).

The must-hold: on every skill of the corpus and on hand-made edge cases (one per check of the
validator and one per known disagreement, peers.md §4.4-4.5), the verdicts agree (valid vs
invalid) wherever the validator follows the spec. Every case where they differ is listed in
`DISAGREEMENTS` with the reason, and asserted exactly: the validator's verdict and skillc's
codes. The same table is docs/lint-vs-reference-validator.md (checked below).

The validator's verdict is ``valid`` (no errors), ``invalid`` (errors) or ``crash`` (it raised,
e.g. UnicodeDecodeError on a Latin-1 SKILL.md); ``crash`` counts as invalid.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from skills_ref.validator import validate

from skillc.package.reader import MAX_TEXT_BYTES
from tests.lint.conftest import VALID_SKILL_MD, make_skill
from tests.lint.test_spec_rules import CORPUS, corpus_skills, diagnostics

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "lint-vs-reference-validator.md"
DESC = "description: Does a demo thing. Use when the user asks for a demo."
BODY = "\n# Demo\n\nRun the demo.\n"


def md(*lines: str, body: str = BODY) -> str:
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body


@dataclass(frozen=True)
class Case:
    """A hand-made skill: its files, folder name, an optional extra setup, and the PK1xx codes
    skillc reports (sorted, unique; empty = valid)."""

    files: dict[str, str | bytes]
    skillc: tuple[str, ...] = ()
    folder: str = "demo"
    setup: Callable[[Path], None] | None = field(default=None, compare=False)


def _symlink_outside(root: Path) -> None:
    outside = root.parent / "outside-SKILL.md"
    outside.write_text(VALID_SKILL_MD)
    os.symlink(outside, root / "SKILL.md")


def _directory_skill_md(root: Path) -> None:
    (root / "SKILL.md").mkdir()


def _huge(root: Path) -> None:
    with open(root / "SKILL.md", "w", encoding="utf-8") as handle:
        handle.write(VALID_SKILL_MD)
        handle.write(("Run the demo again.\n" * 1024) * (MAX_TEXT_BYTES // (20 * 1024) + 1))


EDGE_CASES: dict[str, Case] = {
    # --- one per check of the reference validator: both agree -----------------------------
    "valid-minimal": Case({"SKILL.md": VALID_SKILL_MD}),
    "valid-all-fields": Case({"SKILL.md": md(
        "name: demo", DESC, "license: Apache-2.0", "compatibility: Requires Python 3.11+",
        "metadata:", "  author: ada", '  version: "1.0"', "allowed-tools: Bash(git:*) Read",
    )}),
    "missing-skill-md": Case({"README.md": "# Demo\n"}, ("PK101",)),
    "no-front-matter": Case({"SKILL.md": "# Demo\n\nRun it.\n"}, ("PK102",)),
    "unclosed-front-matter": Case({"SKILL.md": "---\nname: demo\n" + DESC + "\n"}, ("PK102",)),
    "invalid-yaml-unquoted-colon": Case(
        {"SKILL.md": md("name: demo", "description: Use when: the user asks")}, ("PK103",)
    ),
    "invalid-yaml-tab": Case(
        {"SKILL.md": md("name: demo", DESC, "metadata:", "\tauthor: ada")}, ("PK103",)
    ),
    "front-matter-list": Case({"SKILL.md": md("- name: demo")}, ("PK104",)),
    "front-matter-empty": Case({"SKILL.md": md()}, ("PK104",)),
    "unknown-key": Case({"SKILL.md": md("name: demo", DESC, "version: 1.0")}, ("PK105",)),
    "claude-code-key": Case(
        {"SKILL.md": md("name: demo", DESC, "user-invocable: true")}, ("PK105",)
    ),
    "name-missing": Case({"SKILL.md": md(DESC)}, ("PK106",)),
    "name-empty": Case({"SKILL.md": md("name: ''", DESC)}, ("PK106",)),
    "name-null-value": Case({"SKILL.md": md("name:", DESC)}, ("PK106",)),
    "name-uppercase": Case({"SKILL.md": md("name: Demo", DESC)}, ("PK107",), "Demo"),
    "name-leading-hyphen": Case({"SKILL.md": md("name: -demo", DESC)}, ("PK107",), "-demo"),
    "name-double-hyphen": Case({"SKILL.md": md("name: de--mo", DESC)}, ("PK107",), "de--mo"),
    "name-underscore": Case({"SKILL.md": md("name: de_mo", DESC)}, ("PK107",), "de_mo"),
    "name-65-chars": Case({"SKILL.md": md("name: " + "a" * 65, DESC)}, ("PK108",), "a" * 65),
    "name-64-chars": Case({"SKILL.md": md("name: " + "a" * 64, DESC)}, (), "a" * 64),
    "name-folder-mismatch": Case({"SKILL.md": VALID_SKILL_MD}, ("PK109",), "other"),
    "name-folder-nfkc-only": Case({"SKILL.md": VALID_SKILL_MD}, (), "ｄｅｍｏ"),
    "name-yes": Case({"SKILL.md": md("name: yes", DESC)}, (), "yes"),
    "description-missing": Case({"SKILL.md": md("name: demo")}, ("PK110",)),
    "description-empty": Case({"SKILL.md": md("name: demo", 'description: ""')}, ("PK110",)),
    "description-blank-literal": Case(
        {"SKILL.md": md("name: demo", "description: |", "  ", "")}, ("PK110",)
    ),
    "description-1025": Case({"SKILL.md": md("name: demo", "description: " + "x" * 1025)},
                             ("PK111",)),
    "description-1024": Case({"SKILL.md": md("name: demo", "description: " + "x" * 1024)}),
    "description-yes": Case({"SKILL.md": md("name: demo", "description: yes")}),
    "description-date": Case({"SKILL.md": md("name: demo", "description: 2024-01-01")}),
    "description-triple-dash": Case({"SKILL.md": md("name: demo", "description: a --- b")}),
    "compatibility-501": Case({"SKILL.md": md("name: demo", DESC, "compatibility: " + "x" * 501)},
                              ("PK112",)),
    "compatibility-list": Case(
        {"SKILL.md": md("name: demo", DESC, "compatibility:", "  - python3")}, ("PK112",)
    ),
    "duplicate-key": Case({"SKILL.md": md("name: demo", DESC, DESC)}, ("PK116",)),
    "lowercase-skill-md": Case({"skill.md": VALID_SKILL_MD}),
    "crlf": Case({"SKILL.md": VALID_SKILL_MD.replace("\n", "\r\n")}),
    "not-utf8": Case({"SKILL.md": VALID_SKILL_MD.encode() + "café\n".encode("latin-1")},
                     ("PK101",)),
    "skill-md-is-a-directory": Case({"README.md": "x\n"}, ("PK101",), setup=_directory_skill_md),
    # --- known disagreements (each one is in DISAGREEMENTS) ---------------------------------
    "name-non-ascii": Case({"SKILL.md": md("name: 技能", DESC)}, ("PK107",), "技能"),
    "name-accented": Case({"SKILL.md": md("name: café", DESC)}, ("PK107",), "café"),
    "name-nfkc-fullwidth": Case({"SKILL.md": md("name: ｄｅｍｏ", DESC)}, ("PK107",)),
    "name-padded": Case({"SKILL.md": md('name: " demo "', DESC)}, ("PK107",)),
    "name-integer": Case({"SKILL.md": md("name: 123", DESC)}, ("PK107",), "123"),
    "name-null-word": Case({"SKILL.md": md("name: null", DESC)}, ("PK106",), "null"),
    "description-integer": Case({"SKILL.md": md("name: demo", "description: 42")}, ("PK110",)),
    "description-boolean": Case({"SKILL.md": md("name: demo", "description: true")},
                                ("PK110",)),
    "compatibility-empty": Case({"SKILL.md": md("name: demo", DESC, 'compatibility: ""')},
                                ("PK112",)),
    "compatibility-null": Case({"SKILL.md": md("name: demo", DESC, "compatibility:")},
                               ("PK112",)),
    "metadata-not-a-mapping": Case({"SKILL.md": md("name: demo", DESC, "metadata: hello")},
                                   ("PK113",)),
    "metadata-null": Case({"SKILL.md": md("name: demo", DESC, "metadata:")}, ("PK113",)),
    "metadata-number": Case({"SKILL.md": md("name: demo", DESC, "metadata:", "  version: 1.0")},
                            ("PK113",)),
    "metadata-nested": Case(
        {"SKILL.md": md("name: demo", DESC, "metadata:", "  a:", "    b: c")}, ("PK113",)
    ),
    "allowed-tools-list": Case(
        {"SKILL.md": md("name: demo", DESC, "allowed-tools:", "  - Read", "  - Grep")},
        ("PK114",),
    ),
    "license-list": Case({"SKILL.md": md("name: demo", DESC, "license:", "  - MIT")},
                         ("PK115",)),
    "license-null": Case({"SKILL.md": md("name: demo", DESC, "license:")}, ("PK115",)),
    "bom": Case({"SKILL.md": b"\xef\xbb\xbf" + VALID_SKILL_MD.encode()}),
    "flow-mapping": Case({"SKILL.md": md("name: demo", DESC, "metadata: {author: ada}")}),
    "yaml-tag": Case({"SKILL.md": md("name: demo", DESC, "license: !!str MIT")}),
    "yaml-anchor-alias": Case({"SKILL.md": md("name: &n demo", DESC, "metadata:", "  id: *n")}),
    "triple-dash-before-name": Case({"SKILL.md": md("description: a --- b", "name: demo")}),
    "unclosed-with-dashes-in-body": Case(
        {"SKILL.md": "---\nname: demo\n" + DESC + "\n\n# Demo --- intro\n"}, ("PK102",)
    ),
    "nul-byte-in-body": Case({"SKILL.md": VALID_SKILL_MD + "\x00\n"}, ("PK101",)),
    "huge-skill-md": Case({}, ("PK101",), setup=_huge),
    "symlink-to-outside": Case({"README.md": "x\n"}, ("PK101",), setup=_symlink_outside),
}  # fmt: skip


@dataclass(frozen=True)
class Disagreement:
    """A documented difference: the validator's verdict, skillc's PK1xx codes, and why."""

    reference: str
    skillc: tuple[str, ...]
    why: str


_ASCII = "spec: name is 'lowercase alphanumeric characters (a-z, 0-9) and hyphens'"
_YAML12 = "YAML 1.2 core schema: {} is {}, not a string; skills-ref reads every scalar as a string"
_STRICTYAML = "valid YAML; skills-ref parses with strictyaml, which rejects {} (peers.md §4.4)"

#: Every case where skillc's verdict differs from the reference validator's, with the reason.
DISAGREEMENTS: dict[str, Disagreement] = {
    "name-non-ascii": Disagreement("valid", ("PK107",), f"{_ASCII}; skills-ref accepts any "
                                   "Unicode letter (NFKC + isalnum), peers.md §4.4 row 1"),
    "name-accented": Disagreement("valid", ("PK107",), f"{_ASCII}; as name-non-ascii"),
    "name-nfkc-fullwidth": Disagreement("valid", ("PK107",), f"{_ASCII}; skills-ref compares the "
                                        "NFKC form (`demo`), the file holds fullwidth letters"),
    "name-padded": Disagreement("valid", ("PK107",), "the name as written has spaces; skills-ref "
                                "strips the name before checking it"),
    "name-integer": Disagreement("valid", ("PK107",), _YAML12.format("`123`", "an integer")
                                 + " (quick_validate also rejects it, peers.md §4.4)"),
    "name-null-word": Disagreement("valid", ("PK106",), _YAML12.format("`null`", "null")),
    "description-integer": Disagreement("valid", ("PK110",), _YAML12.format("`42`", "an integer")),
    "description-boolean": Disagreement("valid", ("PK110",),
                                        _YAML12.format("`true`", "a boolean")),
    "compatibility-empty": Disagreement("valid", ("PK112",), "spec: compatibility is '1-500 "
                                        "characters if provided'; skills-ref checks only the max"),
    "compatibility-null": Disagreement("valid", ("PK112",), "YAML null is not a 1-500 character "
                                       "string; strictyaml reads an empty value as ''"),
    "metadata-not-a-mapping": Disagreement("valid", ("PK113",), "spec: metadata is 'a map from "
                                           "string keys to string values'; skills-ref does not "
                                           "check its type (peers.md §4.4)"),
    "metadata-null": Disagreement("valid", ("PK113",), "YAML null is not a map; strictyaml reads "
                                  "an empty value as ''"),
    "metadata-number": Disagreement("valid", ("PK113",), "spec: string values; `1.0` is a number "
                                    "(skills-ref coerces with str(), so `1.10` becomes `1.1`)"),
    "metadata-nested": Disagreement("valid", ("PK113",), "spec: string values; skills-ref turns "
                                    "the nested map into its Python repr (peers.md §4.4)"),
    "allowed-tools-list": Disagreement("valid", ("PK114",), "spec: a space-separated string; "
                                       "skills-ref does not check the field (Claude Code and "
                                       "Copilot accept a list)"),
    "license-list": Disagreement("valid", ("PK115",), "spec: license is a short string; "
                                 "skills-ref does not check the field"),
    "license-null": Disagreement("valid", ("PK115",), "YAML null is not a string; skills-ref "
                                 "does not check the field"),
    "bom": Disagreement("invalid", (), "a UTF-8 BOM is an encoding mark, not content (YAML "
                        "allows it); skills-ref reads it as a character before `---`. skillc "
                        "warns: PK208"),
    "flow-mapping": Disagreement("invalid", (), _STRICTYAML.format("flow style") + "; PK211"),
    "yaml-tag": Disagreement("invalid", (), _STRICTYAML.format("tags") + "; PK211"),
    "yaml-anchor-alias": Disagreement("invalid", (), _STRICTYAML.format("anchors and aliases")
                                      + "; PK211"),
    "triple-dash-before-name": Disagreement("invalid", (), "skills-ref splits the file on the "
                                            "first two `---` anywhere, so `name` after the "
                                            "value is cut off (peers.md §4.4); PK204"),
    "unclosed-with-dashes-in-body": Disagreement("valid", ("PK102",), "no closing `---` line; "
                                                 "skills-ref closes the block at the `---` "
                                                 "inside the heading text"),
    "nul-byte-in-body": Disagreement("valid", ("PK101",), "skillc treats a file with NUL bytes "
                                     "as binary, as git and grep do"),
    "huge-skill-md": Disagreement("valid", ("PK101",), "skillc does not read text files over "
                                  "10 MB (the spec recommends under 500 lines)"),
    "symlink-to-outside": Disagreement("valid", ("PK101",), "skillc does not follow a SKILL.md "
                                       "symlink out of the folder: packaging copies the folder, "
                                       "and Codex skips symlinks (spec-facts.md §1.7)"),
    # the real corpus
    "abstractskill/skills/meshvault-live-editing": Disagreement(
        "valid", ("PK113",), "`metadata.requires_mcp` is a list; spec: string values (skills-ref "
        "stringifies it to \"['meshvault-mcp']\")"
    ),
}  # fmt: skip


def reference_verdict(root: Path) -> str:
    """The reference validator's verdict on ``root``: valid, invalid or crash."""
    try:
        errors = validate(root)
    except (UnicodeDecodeError, OSError):
        return "crash"
    return "invalid" if errors else "valid"


def skillc_codes(root: Path) -> tuple[str, ...]:
    """The distinct PK1xx codes skillc reports on ``root``, sorted."""
    return tuple(sorted({d.code for d in diagnostics(root, "PK1")}))


def build(tmp_path: Path, case: Case) -> Path:
    root = make_skill(tmp_path, case.files, name=case.folder)
    if case.setup is not None:
        case.setup(root)
    return root


def check_agreement(name: str, reference: str, codes: tuple[str, ...]) -> None:
    """Agreement, or exactly the documented disagreement."""
    reference_valid = reference == "valid"
    if name in DISAGREEMENTS:
        documented = DISAGREEMENTS[name]
        assert (reference, codes) == (documented.reference, documented.skillc)
        assert reference_valid != (codes == ()), f"{name} is documented but agrees"
    else:
        assert reference_valid == (codes == ()), f"{name}: reference {reference}, skillc {codes}"


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_case(tmp_path: Path, name: str) -> None:
    case = EDGE_CASES[name]
    root = build(tmp_path, case)
    codes = skillc_codes(root)
    assert codes == tuple(sorted(set(case.skillc)))
    check_agreement(name, reference_verdict(root), codes)


@pytest.mark.parametrize("root", corpus_skills(), ids=lambda p: p.relative_to(CORPUS).as_posix())
def test_corpus_skill(root: Path) -> None:
    name = root.relative_to(CORPUS).as_posix()
    check_agreement(name, reference_verdict(root), skillc_codes(root))


def test_agreement_counts() -> None:
    """How much agrees: all 48 corpus skills but one, and the edge cases outside the table."""
    corpus = corpus_skills()
    corpus_names = {p.relative_to(CORPUS).as_posix() for p in corpus}
    assert len(corpus) == 48
    assert len(corpus_names & set(DISAGREEMENTS)) == 1
    edge_disagreements = set(EDGE_CASES) & set(DISAGREEMENTS)
    assert len(EDGE_CASES) == 64 and len(edge_disagreements) == 26
    assert set(DISAGREEMENTS) == edge_disagreements | (corpus_names & set(DISAGREEMENTS))


def test_corpus_verdicts() -> None:
    """The reference validator's own verdicts on the corpus: 21 invalid (unknown keys)."""
    verdicts = [reference_verdict(root) for root in corpus_skills()]
    assert verdicts.count("valid") == 27 and verdicts.count("invalid") == 21


_ROW = re.compile(r"^\| `([^`]+)` \| (valid|invalid|crash) \| ([^|]*) \|")


def test_documentation_lists_every_disagreement() -> None:
    """docs/lint-vs-reference-validator.md has one row per disagreement, with the same verdict
    and codes."""
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            codes = tuple(re.findall(r"PK1\d\d", match.group(3)))
            rows[match.group(1)] = (match.group(2), codes)
    expected = {name: (d.reference, d.skillc) for name, d in DISAGREEMENTS.items()}
    assert rows == expected
