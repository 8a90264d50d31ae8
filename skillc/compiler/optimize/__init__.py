"""``skillc optimize``: compress skills someone else wrote, with a no-loss guarantee.

The driver reads each package whole (`inputs`), reads its SKILL.md into SSL through the
existing-skill frontend, runs the optimising passes over the whole library at once
(classify-content, compress-body, tighten-description: the descriptions are judged against each
other), splices each skill back into its own package (`splice`: only removed and moved blocks
and the description change; references/, scripts/, assets/ and every other file are carried byte
for byte), joins the hard-wrapped lines of SKILL.md's paragraphs (`reflow`: the same Markdown in
fewer tokens, kept only when every item reads the same), adds ``evals/evals.json``
(skill-creator's trigger eval format) unless the skill has one, and verifies every package
against its input (`skillc.passes.verify_package`): a skill that lost an actionable item is
written as it was, with a PV032 warning naming the item.

Nothing here touches the clock or absolute paths: the same inputs give the same bytes. Writing
goes through the build's output machinery (`skillc.compiler.output`): staged, moved into place,
never replacing a file skillc did not write.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from skillc import __version__
from skillc.compiler.frontends.skills.reader import read_skill_file
from skillc.compiler.optimize.frontmatter import move_unknown_keys
from skillc.compiler.optimize.inputs import InputPackage, read_inputs
from skillc.compiler.optimize.names import place, with_name
from skillc.compiler.optimize.prune import Pruned, prune_document, pruned_diagnostics
from skillc.compiler.optimize.reflow import reflow_document
from skillc.compiler.optimize.splice import settle, splice
from skillc.compiler.optimize.strict_yaml import flatten_flow, quote_unparsable, unrepaired
from skillc.compiler.output import MANIFEST, WriteReport, write_tree
from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.nodes import ContentBlock, Dependency, Prose, Skill, SkillModule, Source
from skillc.ir.vocab import Placement
from skillc.package.reader import package_from_texts
from skillc.passes import load_all, plan, run
from skillc.passes.actionable import markdown_items
from skillc.passes.compress_description import repair_description
from skillc.passes.trigger_evals import eval_sets, should_trigger
from skillc.passes.verify_package import lost_diagnostic, lost_items
from skillc.tokens import count_tokens

#: The passes optimize runs, in order (their requirements are added by the planner), by the
#: description mode: ``safe`` keeps every routing term, ``routing`` only what requests need.
PIPELINES: dict[str, tuple[str, ...]] = {
    "safe": ("classify-content", "compress-body", "tighten-description"),
    "routing": ("classify-content", "compress-body", "tighten-description-routing"),
}
EVALS = "evals/evals.json"


@dataclass(frozen=True, slots=True, kw_only=True)
class Tokens:
    """A package's token counts per level: catalogue (description), body, references."""

    description: int = 0
    body: int = 0
    references: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class SkillReport:
    """What optimize did to one skill."""

    name: str
    display: str
    before: Tokens
    after: Tokens
    moved: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: bool = False
    rolled_back: bool = False
    evals: int = 0
    description: str = ""


@dataclass(slots=True)
class OptimizeRun:
    """Every skill's report, the output files (``<out>/<path>`` -> bytes), and diagnostics."""

    skills: list[SkillReport] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    #: Output files that were executable in the input (``<out>/<path>``).
    executable: set[str] = field(default_factory=set)


def optimize(
    paths: list[str],
    advance: Callable[[], None] | None = None,
    *,
    keep_unknown_keys: bool = False,
    descriptions: str = "safe",
    reflowed: bool = True,
    pruned: bool = True,
) -> OptimizeRun:
    """Optimise the skills ``paths`` name; ``advance`` is called once per skill written;
    ``keep_unknown_keys`` leaves front-matter keys outside the spec at the top level;
    ``descriptions`` picks the description pass (a key of `PIPELINES`); ``reflowed`` joins
    hard-wrapped paragraphs of SKILL.md (`reflow`); ``pruned`` removes filler and repeated
    sentences, wordy phrases and tables of contents inside its paragraphs (`prune`)."""
    inputs = read_inputs(paths)
    result = OptimizeRun(errors=list(inputs.errors), diagnostics=list(inputs.warnings))
    packages = _unique([_prepare(p) for p in inputs.packages], result.errors)
    skills = {p.out: read_skill(p.package, result.errors, p.text) for p in packages}
    readable = [p for p in packages if skills[p.out] is not None]
    if not readable:
        return result
    module = SkillModule(
        sources=tuple(Source(id=f"{p.package.display}/{p.package.skill_path}") for p in readable),
        skills=tuple(s for p in readable if (s := skills[p.out]) is not None),
    )
    load_all()
    done = run(module, plan(list(PIPELINES[descriptions])), baseline=module)
    result.diagnostics.extend(done.diagnostics)
    queries = {s.name: should_trigger(s) for s in module.skills}
    originals = {s.name: repair_description(s.description) for s in module.skills}
    evals = eval_sets(queries, {n: d or n for n, d in originals.items()})
    for ready, skill in zip(readable, done.module.skills, strict=True):
        package = ready.package
        result.diagnostics.extend(ready.notes)
        report, files = _package(
            ready,
            skill,
            evals.get(skill.name, ()),
            result.diagnostics,
            keep_unknown_keys,
            reflowed,
            pruned,
        )
        result.skills.append(report)
        result.files.update({f"{package.out}/{path}": data for path, data in files.items()})
        result.executable.update(f"{package.out}/{path}" for path in package.executable)
        if advance is not None:
            advance()
    return result


def write_output(result: OptimizeRun, out: Path, force: bool = False) -> WriteReport:
    """Write ``result``'s files into ``out`` (staged, moved into place, never over a file
    skillc did not write), then give back the execute bit the input's scripts had."""
    files = {**result.files, MANIFEST: manifest(result)}
    written = write_tree(out, files, force=force)
    if written.conflicts:
        return written
    for relative in sorted(result.executable):
        path = out / relative
        if path.is_file() and not path.is_symlink():
            path.chmod(path.stat().st_mode | 0o111)
    return written


def manifest(result: OptimizeRun) -> bytes:
    """The output's manifest, in the build's format (so later runs know which files are
    skillc's): one entry per top folder of OUT, each file with its sha256, and which skills
    each entry holds. No path of the machine that ran it."""
    descriptions = {s.name: s.description for s in result.skills}
    by_top: dict[str, list[dict[str, str]]] = {}
    for path, data in sorted(result.files.items()):
        top, relative = path.split("/", 1)
        entry = {"path": relative, "sha256": hashlib.sha256(data).hexdigest()}
        by_top.setdefault(top, []).append(entry)
    record = {
        "generator": f"skillc {__version__}",
        "command": "optimize",
        "sources": [],
        "skills": [
            {
                "name": top,
                "description": descriptions.get(top, ""),
                "skills": sorted(n for n in descriptions if n == top or n.startswith(f"{top}/")),
                "files": files,
            }
            for top, files in sorted(by_top.items())
        ],
        "skipped": [],
        "failed": [],
    }
    return (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@dataclass(frozen=True, slots=True)
class _Prepared:
    """An input package ready to optimise: ``package`` with ``out`` where it is written (the
    folder named as the skill, `names.place`), ``text`` its SKILL.md with values that are not
    YAML quoted (`quote_unparsable`, so it can be read), ``name`` the name to write into its
    front matter (None: as written), ``notes`` what was decided (PV037, PV038), ``moved``
    True when the output folder is not the input's."""

    package: InputPackage
    text: str
    name: str | None
    notes: tuple[Diagnostic, ...]
    moved: bool

    @property
    def out(self) -> str:
        return self.package.out


def _prepare(package: InputPackage) -> _Prepared:
    text = decoded(package.files.get(package.skill_path, b""))
    quoted, quotes = quote_unparsable(text)
    where = place(package.out, quoted)
    path = f"{package.display}/{package.skill_path}"
    notes = [_fixed(path, note) for note in quotes]
    if where.note:
        notes.append(
            Diagnostic(code="PV038", message=where.note, severity=Severity.WARNING, path=path)
        )
    return _Prepared(
        package=replace(package, out=where.out),
        text=quoted,
        name=where.name,
        notes=tuple(notes),
        moved=where.out != package.out,
    )


def _fixed(path: str, note: str) -> Diagnostic:
    return Diagnostic(code="PV037", message=note, severity=Severity.WARNING, path=path)


def _unique(packages: list[_Prepared], errors: list[Diagnostic]) -> list[_Prepared]:
    """The packages, one per output folder (SK162 naming both SKILL.md files for a second)."""
    seen: dict[str, _Prepared] = {}
    for ready in packages:
        first = seen.setdefault(ready.out, ready)
        if first is not ready:
            one, two = (f"{p.package.display}/{p.package.skill_path}" for p in (first, ready))
            message = (
                f"{ready.out}/: both {one} and {two} would be written there (a folder is named "
                "as its skill); optimise them apart, or rename one"
            )
            errors.append(Diagnostic(code="SK162", message=message, path=ready.package.display))
    return list(seen.values())


def read_skill(
    package: InputPackage, errors: list[Diagnostic], text: str | None = None
) -> Skill | None:
    """The package's SKILL.md (or ``text``, its front matter repaired) as an SSL skill named by
    its place in the output (unique in the library; SK160 if not UTF-8)."""
    data = package.files.get(package.skill_path, b"")
    try:
        read = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = f"{package.skill_path} is not UTF-8 text (byte {exc.start}); nothing optimised"
        errors.append(Diagnostic(code="SK160", message=message, path=package.display))
        return None
    text = read if text is None else text
    source = f"{package.display}/{package.skill_path}"
    skill = read_skill_file(text, source_id=source).skills[0]
    scripts = tuple(
        Dependency(type="script", value=path)
        for path in sorted(package.files)
        if path.startswith("scripts/")
    )
    return replace(
        skill,
        name=package.out or package.name,
        dependencies=(*skill.dependencies, *scripts),
        blocks=tuple(map(_kept_comment, skill.blocks)),
    )


def _kept_comment(block: ContentBlock) -> ContentBlock:
    """An HTML comment that holds an actionable item (a URL, a number, a command) back in the
    body: the Markdown reader drops comments, but the package check counts what they hold, so
    such a comment rolled the whole skill back (PV032: "Based on ...: <url>", "Trigger
    re-upload 1763621536"). It costs a few tokens; the rest of the skill is optimised."""
    if block.placement is not Placement.REMOVED or block.reason != "html comment":
        return block
    text = block.text if isinstance(block, Prose) else ""
    return replace(block, placement=Placement.BODY, reason="") if markdown_items(text) else block


def _package(
    ready: _Prepared,
    skill: Skill,
    evals: tuple[object, ...],
    notes: list[Diagnostic],
    keep_unknown_keys: bool,
    reflowed: bool = True,
    pruned: bool = True,
) -> tuple[SkillReport, dict[str, bytes]]:
    """The output files of one package, verified against its input, and its report."""
    package, text = ready.package, ready.text
    settled = settle(skill, package.files)
    spliced = splice(settled, package.skill_path, text, skill.description)
    fixes: list[Diagnostic] = []
    spliced.texts[package.skill_path] = _front_fixes(
        spliced.texts[package.skill_path], ready, keep_unknown_keys, fixes
    )
    crlf = text.count("\r\n") == text.count("\n") > 0  # what was added follows the file
    texts = {p: t.replace("\r\n", "\n") if crlf else t for p, t in spliced.texts.items()}
    candidates = _candidates(texts, package.skill_path, reflowed, pruned)
    for candidate, changes in candidates:  # pruned and reflowed first; as spliced at worst
        files = _with_texts(package.files, candidate, crlf)
        lost = lost_items(package.files, files)
        if not lost:
            notes.extend(
                pruned_diagnostics(f"{package.display}/{package.skill_path}", text, changes)
            )
            break
    if lost:
        notes.append(lost_diagnostic(package.display, lost))
        fixes = []
        files = _as_written(ready, keep_unknown_keys, crlf, fixes)
    notes.extend(fixes)
    if not lost and _description(files, package.skill_path) != skill.description:
        message = "the front matter does not read back with the new description: left as written"
        path = f"{package.display}/{package.skill_path}"
        notes.append(
            Diagnostic(code="PV036", message=message, severity=Severity.WARNING, path=path)
        )
    changed = files != package.files or ready.moved
    if EVALS not in files and evals:
        entries = [e.as_json() for e in evals]  # type: ignore[attr-defined]
        files[EVALS] = (json.dumps(entries, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    report = SkillReport(
        name=package.out,
        display=package.display,
        before=tokens_of(package.files, package.skill_path),
        after=tokens_of(files, package.skill_path),
        moved=() if lost else tuple(_label(b) for b in spliced.moved),
        removed=() if lost else tuple(_label(b) for b in spliced.removed),
        changed=changed,
        rolled_back=bool(lost),
        evals=len(evals),
        description=_description(files, package.skill_path),
    )
    return report, files


def _front_fixes(
    text: str, ready: _Prepared, keep_unknown_keys: bool, notes: list[Diagnostic]
) -> str:
    """SKILL.md ``text`` with the front matter the reference validator reads: the name chosen
    for the package, keys outside the spec under ``metadata`` (unless ``keep_unknown_keys``),
    no flow collections; each change in ``notes`` (PV035, PV037)."""
    package = ready.package
    if ready.name is not None:
        text = with_name(text, ready.name)
    text, flattened = flatten_flow(text)  # first: a flow metadata map takes no moved key
    if not keep_unknown_keys:
        text, moved = move_unknown_keys(text)
        notes.extend(_key_moved(package, key) for key in moved)
    path = f"{package.display}/{package.skill_path}"
    notes.extend(_fixed(path, note) for note in flattened)
    notes.extend(
        Diagnostic(code="PV039", message=problem, severity=Severity.WARNING, path=path)
        for problem in unrepaired(text, keep_unknown_keys)
    )
    return text


def _as_written(
    ready: _Prepared, keep_unknown_keys: bool, crlf: bool, notes: list[Diagnostic]
) -> dict[str, bytes]:
    """The package as it was (a rollback), with only its front matter repaired; as it was
    byte for byte if even that would lose an item."""
    package = ready.package
    text = _front_fixes(ready.text, ready, keep_unknown_keys, notes)
    if text == decoded(package.files.get(package.skill_path, b"")):
        return dict(package.files)
    files = _with_texts(package.files, {package.skill_path: text.replace("\r\n", "\n")}, crlf)
    if lost_items(package.files, files):
        notes.clear()
        return dict(package.files)
    return files


def _candidates(
    texts: dict[str, str], skill_path: str, reflowed: bool, pruned: bool
) -> list[tuple[dict[str, str], list[Pruned]]]:
    """The package texts to try, best first, each with the prune changes it holds: pruned
    and reflowed, pruned, reflowed, as spliced (a later one when an earlier would lose an
    item)."""
    spliced = texts[skill_path]
    bodies: list[tuple[str, list[Pruned]]] = []
    if pruned:
        body, changes = prune_document(spliced)
        if changes:
            bodies += [(reflow_document(body), changes)] if reflowed else []
            bodies.append((body, changes))
    if reflowed:
        bodies.append((reflow_document(spliced), []))
    bodies.append((spliced, []))
    return [({**texts, skill_path: body}, changes) for body, changes in bodies]


def _with_texts(
    files: Mapping[str, bytes], texts: Mapping[str, str], crlf: bool
) -> dict[str, bytes]:
    """``files`` with ``texts`` written over them (CRLF line ends when ``crlf``)."""
    result = dict(files)
    for path, new in texts.items():
        # No byte-order mark: the reference validator refuses a SKILL.md that starts with one.
        result[path] = (new.replace("\n", "\r\n") if crlf else new).encode("utf-8")
    return result


def _key_moved(package: InputPackage, key: str) -> Diagnostic:
    message = f"moved {key} under metadata (spec-valid front matter)"
    path = f"{package.display}/{package.skill_path}"
    return Diagnostic(code="PV035", message=message, severity=Severity.WARNING, path=path)


def _label(block: object) -> str:
    kind = type(block).__name__.lower().replace("listblock", "list")
    return f"{block.id} ({kind}): {block.reason}"  # type: ignore[attr-defined]


def tokens_of(files: Mapping[str, bytes], skill_path: str) -> Tokens:
    """Token counts of a package: its description, its SKILL.md body, its other Markdown."""
    text = decoded(files.get(skill_path, b""))
    pkg = package_from_texts("skill", {"SKILL.md": text})
    field_ = pkg.front_matter.get("description") if pkg.front_matter.present else None
    description = field_.value if field_ is not None and isinstance(field_.value, str) else ""
    references = sum(
        count_tokens(decoded(data))
        for path, data in sorted(files.items())
        if path != skill_path and path.lower().endswith(".md")
    )
    return Tokens(
        description=count_tokens(description),
        body=count_tokens(text[pkg.body_offset :]),
        references=references,
    )


def _description(files: Mapping[str, bytes], skill_path: str) -> str:
    text = decoded(files.get(skill_path, b""))
    front = package_from_texts("skill", {"SKILL.md": text}).front_matter
    found = front.get("description") if front.present else None
    return found.value if found is not None and isinstance(found.value, str) else ""


def decoded(data: bytes) -> str:
    return data.decode("utf-8-sig", errors="replace")


def severity_counts(diagnostics: list[Diagnostic]) -> dict[str, int]:
    """How many diagnostics of each severity (for the summary)."""
    counts = {s.value: 0 for s in Severity}
    for d in diagnostics:
        counts[d.severity.value] += 1
    return counts


__all__ = [
    "EVALS",
    "OptimizeRun",
    "SkillReport",
    "Tokens",
    "optimize",
    "tokens_of",
    "write_output",
]
