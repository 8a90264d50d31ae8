"""The build driver: inputs -> frontends -> passes -> backends -> files on disk.

`build` is what ``skillc build`` runs. It is deterministic: inputs are read in sorted id order,
passes see only the module and the options, and the manifest records content hashes, never times
or absolute paths, so two builds of the same inputs are byte-identical whatever the hash seed,
the file order on disk or the clock.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skillc import __version__
from skillc.compiler.inputs import BINARY_TYPES, Failure, InputFile, gather
from skillc.compiler.output import MANIFEST, check_destination, write_tree
from skillc.compiler.page_failures import fail_unread_pages
from skillc.diagnostics import Diagnostic, Severity, SkillcError
from skillc.ir.nodes import Skill, SkillModule, Source


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildOptions:
    """What a build was asked to do; everything a pass may read comes from here."""

    pipeline: str = "O1"
    name_prefix: str = ""
    verify_each: bool = False
    print_after: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    max_body_lines: int = 500
    max_body_tokens: int = 5000
    #: The URL of the input root (``--base-url``): links that leave the build are made absolute
    #: against it (rewrite-links); ``""`` keeps them as text unless a page declares its URL.
    base_url: str = ""
    #: Processes reading the sources (``0``: one per CPU); outputs do not depend on it.
    jobs: int = 1
    library_name: str = ""
    index: str = "auto"
    #: Replace output files edited by hand, or not written by skillc, that the build writes.
    force: bool = False


@dataclass(slots=True, kw_only=True)
class BuildResult:
    """What a build did: counts for the summary, diagnostics, per-pass timings.

    ``failed`` lists the input pages that could not be read (source id and reason, as in the
    manifest); the other pages were still built and, unless the build itself found errors,
    written.
    """

    sources: int = 0
    skills: int = 0
    files: int = 0
    #: Output files this build wrote or replaced, and files of the previous build it removed;
    #: both 0 on a rebuild that changes nothing.
    changed: int = 0
    removed: int = 0
    seconds: float = 0.0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    records: tuple[Any, ...] = ()
    skipped: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "sources": self.sources,
            "skills": self.skills,
            "files": self.files,
            "changed": self.changed,
            "removed": self.removed,
            "skipped": len(self.skipped),
            "failed": len(self.failed),
            "seconds": round(self.seconds, 3),
            "errors": sum(d.severity is Severity.ERROR for d in self.diagnostics),
            "warnings": sum(d.severity is Severity.WARNING for d in self.diagnostics),
        }

    def exit_code(self) -> int:
        """2 when input pages failed (input error, even though the rest was written), else 1
        when the build found errors (nothing written), else 0."""
        if self.failed:
            return 2
        return 1 if any(d.severity is Severity.ERROR for d in self.diagnostics) else 0


#: The frontend of each media type: (module, function), imported only when a file needs it.
READERS: dict[str, tuple[str, str]] = {
    "text/markdown": ("skillc.compiler.frontends.markdown", "read_markdown"),
    "text/html": ("skillc.compiler.frontends.html", "read_html"),
    "text/x-rst": ("skillc.compiler.frontends.restructuredtext", "read_rst"),
    "application/pdf": ("skillc.compiler.frontends.pdf", "read_pdf"),
}


def read_sources(
    files: Sequence[InputFile],
    progress: Callable[[str], None] | None = None,
    jobs: int = 1,
    inventories: dict[str, Any] | None = None,
) -> tuple[SkillModule, list[Diagnostic]]:
    """Run each file through its frontend; the module lists the sources and all their skills.

    Cross-references (``{ref}``, ``:ref:``, ``:doc:``) resolve against the labels and titles of
    every page of the build. ``progress`` is called with each source id once it has been read
    (the CLI's progress bar). ``jobs`` processes read the files (``0``: one per CPU; large PDFs
    are split by pages, see `skillc.compiler.parallel`); their outcomes are assembled here in
    input order whatever ``jobs`` is, so the module and diagnostics do not depend on it.
    ``inventories``, when given, receives what each source holds by a bare parse (source id ->
    `SourceInventory`), for verify-no-loss to check the frontends against.
    """
    from skillc.compiler.parallel import read_files

    targets = collect_all_targets(files)
    sources: list[Source] = []
    skills: list[Skill] = []
    diagnostics: list[Diagnostic] = []
    outcomes = read_files(files, targets, jobs, read_item)
    for item, (skipped, result) in zip(files, outcomes, strict=True):
        if skipped:
            message = f"skipped {item.id!r}: {skipped}"
            diagnostics.append(
                Diagnostic(code="SK042", message=message, severity=Severity.INFO, path=item.id)
            )
        elif result is not None:
            skills.extend(result.skills)
            diagnostics.extend(result.diagnostics)
            if inventories is not None and result.inventory is not None:
                inventories[item.id] = result.inventory
        url = result.url if result is not None else ""  # the page's own URL, when it says
        sources.append(Source(id=item.id, media_type=item.media_type, sha256=item.sha256, url=url))
        if progress is not None:
            progress(item.id)
    return SkillModule(sources=tuple(sources), skills=unique_ids(skills)), diagnostics


def unique_ids(skills: Sequence[Skill]) -> tuple[Skill, ...]:
    """Skills with ids made unique in input order (``SKILL_A_B``, ``SKILL_A_B_2``...).

    Ids come from page paths, and ``a-b/c.md`` and ``a/b-c.md`` spell the same id; passes
    match skills by id (verify-no-loss against the frontends' baseline), so ids must be unique
    before the first pass runs.
    """
    from dataclasses import replace

    seen: set[str] = set()
    result = []
    for skill in skills:
        new, n = skill.id, 2
        while new in seen:
            new, n = f"{skill.id}_{n}", n + 1
        seen.add(new)
        result.append(skill if new == skill.id else replace(skill, id=new))
    return tuple(result)


def read_item(item: InputFile, targets: Any) -> tuple[str, Any]:
    """``(why the page is skipped, None)`` or ``("", its frontend result)``: one file's outcome.

    The unit of work `skillc.compiler.parallel` hands to a worker process, so the serial and
    parallel paths read a file with the same code.
    """
    skipped = boilerplate_reason(item)
    return (skipped, None) if skipped else ("", read_one(item, targets))


def read_one(item: InputFile, targets: Any) -> Any:
    """The frontend result for one input file."""
    import importlib

    module_name, function = READERS[item.media_type]
    reader = getattr(importlib.import_module(module_name), function)
    if item.media_type in BINARY_TYPES:
        return reader(item.data, source_id=item.id)
    return reader(item.text, source_id=item.id, targets=targets)


def collect_all_targets(files: Sequence[InputFile]) -> Any:
    """Labels and page titles of every Markdown and RST page, merged."""
    from skillc.compiler.frontends.textutil import Targets, collect_targets

    markdown = [(f.id, f.text) for f in files if f.media_type == "text/markdown"]
    rst = [(f.id, f.text) for f in files if f.media_type == "text/x-rst"]
    found = collect_targets(markdown)
    if rst:
        from skillc.compiler.frontends.restructuredtext import collect_rst_targets

        more = collect_rst_targets(rst)
        found = Targets(
            labels={**more.labels, **found.labels}, titles={**more.titles, **found.titles}
        )
    return found


def boilerplate_reason(item: InputFile) -> str:
    """Why an HTML page is not a guide (a Sphinx index or search page...), else ``""``."""
    if item.media_type != "text/html":
        return ""
    from skillc.compiler.frontends.html import is_boilerplate_page

    reason: str = is_boilerplate_page(item.id, item.text)
    return reason


def compile_module(
    module: SkillModule,
    options: BuildOptions,
    on_print: Callable[[str, str], None] | None = None,
    inventories: dict[str, Any] | None = None,
) -> tuple[SkillModule, list[Diagnostic], tuple[Any, ...]]:
    """Run the pass pipeline named by ``options`` over ``module`` (``inventories``: what each
    source holds, from `read_sources`, for verify-no-loss)."""
    from skillc.passes import load_all
    from skillc.passes.manager import plan, run

    load_all()
    steps = plan(options.pipeline, disable=options.disable)
    pass_options = {
        "name_prefix": options.name_prefix,
        "baseline": module,
        "inventories": inventories or {},
        "max_body_lines": options.max_body_lines,
        "max_body_tokens": options.max_body_tokens,
        "base_url": options.base_url,
        "library_name": options.library_name,
        "index": options.index,
    }
    result = run(
        module,
        steps,
        options=pass_options,
        verify_each=options.verify_each,
        print_after=options.print_after,
        on_print=on_print,
    )
    return result.module, list(result.diagnostics), result.records


def render_package_files(skills: Sequence[Skill]) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every package's files under ``<name>/``, checked for lost code blocks."""
    from skillc.compiler.backends.skill_md import render_skill
    from skillc.passes.verify_no_loss import missing_from_files

    files: dict[str, bytes] = {}
    problems: list[Diagnostic] = []
    for skill in skills:
        rendered = render_skill(skill)
        problems.extend(missing_from_files(skill, dict(rendered.files)))
        for relative, text in rendered.files:
            files[f"{skill.name}/{relative}"] = text.encode("utf-8")
    return files, problems


def manifest(
    module: SkillModule,
    files: dict[str, bytes],
    skipped: list[str],
    failed: Sequence[Failure] = (),
) -> bytes:
    """The build manifest: sources and output files with their sha256, for rebuilds and audits,
    and the input pages that failed (source id and reason; never a path of the build machine).
    """
    by_skill: dict[str, list[dict[str, str]]] = {}
    for path, data in sorted(files.items()):
        name, relative = path.split("/", 1)
        by_skill.setdefault(name, []).append(
            {"path": relative, "sha256": hashlib.sha256(data).hexdigest()}
        )
    record = {
        "generator": f"skillc {__version__}",
        "sources": [
            {"id": s.id, "media_type": s.media_type, "sha256": s.sha256} for s in module.sources
        ],
        "skills": [
            {
                "name": s.name,
                "description": s.description,
                "sources": sorted({span.source for span in s.prov}),
                "files": by_skill.get(s.name, []),
            }
            for s in module.skills
        ],
        "skipped": skipped,
        "failed": [{"id": f.id, "reason": f.reason} for f in failed],
    }
    return (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def build(
    inputs: Sequence[str],
    out: str,
    options: BuildOptions,
    on_print: Callable[[str, str], None] | None = None,
    progress: Callable[[int], Callable[[str], None]] | None = None,
    on_wait: Callable[[], None] | None = None,
) -> BuildResult:
    """Compile ``inputs`` into packages under ``out``.

    Raises `SkillcError` on a usage error (a path that cannot be used at all) or when no input
    page is usable; pages that fail inside folders and archives are reported, listed in
    ``failed`` and in the manifest, and the others are built and written (see
    `skillc.compiler.inputs`). ``progress``, when given, is called with the number of sources
    and returns the per-source callback handed to `read_sources`. ``on_wait`` is called when
    another build holds the output folder's lock (this one then waits for it).

    Only files the previous build wrote are replaced or removed (`skillc.compiler.output`); a
    hand edit, or a file of someone else's where this build writes one, stops the build before
    anything is written (errors SK014/SK015, exit 1) unless ``options.force``.
    """
    started = time.perf_counter()
    out_path = Path(out)
    check_destination(out_path, [Path(p) for p in inputs if Path(p).exists()])
    gathered = gather(inputs)
    files_in = gathered.files
    reading = progress(len(files_in)) if progress else None
    inventories: dict[str, Any] = {}
    module, diagnostics = read_sources(files_in, reading, options.jobs, inventories)
    # Pages a frontend could not read fail alone, as bad pages found by `gather` do.
    module, diagnostics = fail_unread_pages(gathered, inputs, module, diagnostics, inventories)
    compiled, pass_diagnostics, records = compile_module(module, options, on_print, inventories)
    diagnostics.extend(pass_diagnostics)
    outputs, lost = render_package_files(compiled.skills)
    diagnostics.extend(lost)
    result = BuildResult(
        sources=len(files_in),
        diagnostics=[*gathered.problems, *diagnostics],
        records=records,
        failed=gathered.failed,
    )
    result.skipped = [d.render() for d in diagnostics if d.code in ("SK041", "SK042")]
    if any(d.severity is Severity.ERROR for d in diagnostics):
        result.seconds = time.perf_counter() - started
        return result
    outputs[MANIFEST] = manifest(compiled, outputs, result.skipped, gathered.failed)
    written = write_tree(out_path, outputs, force=options.force, on_wait=on_wait)
    result.diagnostics.extend([*written.notes, *written.conflicts])
    if written.conflicts:
        result.seconds = time.perf_counter() - started
        return result
    result.skills = len(compiled.skills)
    result.files = len(outputs)
    result.changed, result.removed = written.written, written.removed
    result.seconds = time.perf_counter() - started
    return result


__all__ = ["BuildOptions", "BuildResult", "SkillcError", "build"]
