"""What ``skillc scan`` prints, writes and returns (the command itself is in cli.py).

Exit codes: 0 when no skill's verdict reaches ``--fail-on`` (default ``malicious``; ``never``
always passes), 1 when one does, 2 for usage, input and internal errors (a path that names no
skill, an output file skillc did not write, a rule that crashed). In json, sarif, markdown and
html the document is written even on exit 2, so a pipeline's upload step always has one.

``--output FILE`` writes the report to a temporary file beside FILE and moves it into place,
so a reader never sees half a report; an existing FILE is only replaced when it is a report
skillc wrote (json: its ``schema``; sarif: its driver name; markdown and html: their first
lines; text: its last line), never anything else.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from skillc.diagnostics import Diagnostic, SkillcError

if TYPE_CHECKING:
    from skillc.scan.engine import ScanRun

FAIL_LEVELS: dict[str, tuple[str, ...]] = {
    "malicious": ("malicious",),
    "suspicious": ("malicious", "suspicious"),
    "never": (),
}


def run_scan(paths: list[str], fmt: str, fail_on: str, output: str | None, quiet: bool) -> int:
    """Scan ``paths``, print or write the report in ``fmt``, and return the exit code."""
    from skillc.scan.report import render

    if output is not None:
        _check_output(output)
    run = gather(paths, progress=not quiet)
    for problem in (*run.usage_errors, *run.internal_errors):
        click.echo(f"error: {problem.render()}", err=True)
    document = render(fmt, run, quiet=quiet)
    if output is not None:
        write_atomically(Path(output), document)
    elif document:
        click.echo(document, nl=False)
    if run.usage_errors or run.internal_errors:
        return 2
    failing = FAIL_LEVELS[fail_on]
    return 1 if any(r.verdict.value in failing for r in run.reports) else 0


def _check_output(output: str) -> None:
    """Refuse an output path that holds something skillc did not write (exit 2)."""
    path = Path(output)
    if path.is_dir():
        raise SkillcError(_problem(output, "is a folder; name a file for the report"))
    if not os.path.lexists(path):
        if not path.parent.is_dir():
            raise SkillcError(_problem(output, "its folder does not exist"))
        return
    if path.is_symlink() or not _written_by_skillc(path):
        raise SkillcError(
            _problem(
                output, "exists and is not a report skillc wrote; remove it or name another file"
            )
        )


def _written_by_skillc(path: Path) -> bool:
    from skillc.scan.report.html import MARKER as HTML_MARKER
    from skillc.scan.report.markdown import MARKER

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if text.startswith((MARKER, HTML_MARKER)) or '"schema": "skillc-scan-report"' in text[:200]:
        return True
    if '"$schema": "https://json.schemastore.org/sarif-2.1.0.json"' in text[:200]:
        return '"name": "skillc"' in text[:2000]
    last = text.rstrip("\n").rsplit("\n", 1)[-1]
    return last.startswith("Scanned ") and "skill(s):" in last


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and rename it over ``path``."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _problem(path: str, message: str) -> Diagnostic:
    return Diagnostic(code="SK010", message=message, path=path)


#: Zip files under another name: Anthropic's packager writes `.skill` archives, and skill
#: bundles on PyPI ship their SKILL.md folders in wheels (`pip download --no-deps PKG` gives a
#: `.whl` a reviewer scans before installing; it was "not inside a skill").
_ZIP_ALIASES = (".skill", ".whl")


def gather(paths: list[str], progress: bool = False) -> ScanRun:
    """Scan ``paths``: skill folders and files as ``skillc lint`` finds them, and archives
    (zip, tar, ``.skill``, wheels) read in memory by the build's safe archive reader, with the
    ``.skill`` archives in the folders named (`skill_archives_in`). ``progress`` shows a bar
    on an interactive stderr."""
    import sys

    from skillc.compiler.archives import archive_suffix
    from skillc.lint.targets import resolve, skill_archives_in
    from skillc.package.reader import read_package
    from skillc.scan.compose import compose
    from skillc.scan.engine import ScanRun, scan_package

    archives = [p for p in paths if Path(p).is_file() and _is_archive(p, archive_suffix)]
    others = [p for p in paths if p not in archives]
    found = {raw: skill_archives_in([raw]) for raw in others}
    targets = resolve(others)
    problems = [p for p in targets.problems if not found.get(p.path)]  # a folder of archives
    run = ScanRun(usage_errors=problems)
    jobs: list[Any] = [lambda f=f, d=d: [read_package(f, d)] for f, d in targets.packages]
    for path in archives:
        jobs.append(lambda path=path: _archive_job(path, run))
    for path in sorted({a for inside in found.values() for a in inside} - set(archives)):
        jobs.append(lambda path=path: _found_archive_job(path, run))
    with _bar(progress and sys.stderr.isatty(), len(jobs)) as advance:
        for job in jobs:
            for package in job():
                run.reports.append(scan_package(package, run.internal_errors))
            advance()
    run.reports.sort(key=lambda r: r.path)
    compose(run.reports)
    return run


def _archive_job(path: str, run: ScanRun) -> list[Any]:
    packages, problems = archive_packages(path)
    run.usage_errors.extend(problems)
    return packages


def _found_archive_job(path: str, run: ScanRun) -> list[Any]:
    """The packages of a ``.skill`` archive found in a folder named, but not one that is the
    packed copy of the skill folder beside it (``x.skill`` beside ``x/``, the same files, as
    ``skillc build --archive`` writes them): that folder is scanned already. One that differs
    from its folder is scanned: a name cannot hide an archive."""
    from skillc.package.reader import read_package

    packages = _archive_job(path, run)
    twin = Path(path).with_suffix("")
    copy = len(packages) == 1 and twin.is_dir() and not twin.is_symlink()
    if copy and _contents(packages[0]) == _contents(read_package(twin)):
        return []
    return packages


def _contents(package: Any) -> list[tuple[str, str | None, int]]:
    return sorted((f.path, f.text, f.size) for f in package.files)


@contextmanager
def _bar(enabled: bool, total: int) -> Iterator[Callable[[], None]]:
    """A rich progress bar over the skills (a no-op when not on a terminal)."""
    if not enabled:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("scanning skills", total=total)
        yield lambda: bar.advance(task)


def _is_archive(path: str, suffix_of: object) -> bool:
    assert callable(suffix_of)
    return bool(suffix_of(path)) or path.lower().endswith(_ZIP_ALIASES)


def archive_packages(path: str) -> tuple[list[Any], list[Diagnostic]]:
    """The skill packages inside archive ``path`` (every folder holding a SKILL.md), and
    usage problems (an archive that cannot be opened, or holds no skill). Members the reader
    refuses (paths out of the archive, links, bombs, nested archives) stay with the package
    they were in, as problems the scan reports (RK212): never skipped silently."""
    from skillc.compiler.archives import ArchiveUnreadable, read_archive
    from skillc.package.reader import package_from_bytes

    try:
        with tempfile.TemporaryDirectory() as tmp:
            readable = Path(path)
            if path.lower().endswith(_ZIP_ALIASES):  # a zip under its own suffix
                readable = Path(tmp) / "archive.zip"
                readable.symlink_to(Path(path).resolve())
            contents = read_archive(readable, lambda _name: True)
    except ArchiveUnreadable as exc:
        return [], [_problem(path, f"cannot read the archive: {exc}")]
    members = {m.name: m.data for m in contents.members}
    roots = sorted({_folder(n) for n in members if n.rsplit("/", 1)[-1] in _SKILL_FILES})
    if not roots:
        return [], [_problem(path, "no skill in the archive (no SKILL.md)")]
    packages = []
    for root in roots:
        prefix = f"{root}/" if root else ""
        inside = {n[len(prefix) :]: d for n, d in members.items() if n.startswith(prefix)}
        inside = {n: d for n, d in inside.items() if not _in_other_skill(prefix + n, roots, root)}
        refused = tuple(
            Diagnostic(code="SK010", message=p.message, path=f"{path}!/{p.member}")
            for p in contents.problems
            if (p.name or p.member).startswith(prefix)
        )
        name = root.rsplit("/", 1)[-1] if root else Path(path).stem
        display = f"{path}!/{root}" if root else f"{path}!"
        packages.append(package_from_bytes(name, inside, display, refused))
    return packages, []


_SKILL_FILES = ("SKILL.md", "skill.md")


def _folder(name: str) -> str:
    return name.rsplit("/", 1)[0] if "/" in name else ""


def _in_other_skill(name: str, roots: list[str], mine: str) -> bool:
    """Whether member ``name`` belongs to a skill folder nested deeper than ``mine``."""
    return any(r != mine and len(r) > len(mine) and name.startswith(f"{r}/") for r in roots)
