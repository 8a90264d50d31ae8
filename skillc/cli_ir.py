"""``skillc ir`` (dump, parse, verify the SSL IR) and ``skillc passes`` (list, plan): the
commands that inspect the compiler itself rather than build with it.

Imports are lazy (inside each command), as in cli.py, so ``skillc --help`` starts fast.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from skillc.cli_build import echo_diagnostics as _echo_diagnostics
from skillc.cli_build import run_command as _run
from skillc.cli_levels import OPT_LEVELS
from skillc.diagnostics import Diagnostic, Severity, SkillcError


@click.group()
def ir() -> None:
    """Inspect the SSL IR: dump, parse, verify."""


def _load_module(path: str, pipeline: str | None) -> Any:
    """A module from IR text (.ssl), an SSL JSON record (.json) or guides (files or folders)."""
    from pathlib import Path

    if path == "-" or Path(path).suffix in {".ssl", ".json"}:
        return _read_ir_file(path)
    from skillc.compiler.driver import BuildOptions, compile_module, read_sources
    from skillc.compiler.inputs import collect
    from skillc.compiler.page_failures import page_errors

    files = collect([path])
    module, diagnostics = read_sources(files)
    errors = page_errors(files, diagnostics)  # a PDF that does not open: exit 2, not an empty IR
    if errors:
        raise SkillcError(*errors)
    if pipeline:
        module, diagnostics, _ = compile_module(module, BuildOptions(pipeline=pipeline))
        _echo_diagnostics(diagnostics, quiet=True)
    return module


def _read_ir_file(path: str) -> Any:
    from pathlib import Path

    from skillc.compiler.inputs import decode
    from skillc.ir.reader import parse
    from skillc.ir.record import module_from_json

    name = "<stdin>" if path == "-" else path
    data = sys.stdin.buffer.read() if path == "-" else _read_bytes(path)
    problems: list[Diagnostic] = []
    text = decode(Path(name), data, problems)
    if text is None:
        raise SkillcError(*problems)
    if name.endswith(".json") or (path == "-" and text.lstrip().startswith(("{", "["))):
        return module_from_json(text, path=name)
    return parse(text, source=name)


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise SkillcError(
            Diagnostic(code="SK010", message=f"cannot read: {exc.strerror or exc}", path=path)
        ) from exc


def _emit_module(module: Any, fmt: str) -> None:
    if fmt == "json":
        from skillc.ir.record import module_to_json

        click.echo(module_to_json(module), nl=False)
    else:
        from skillc.ir.printer import dump

        click.echo(dump(module), nl=False)


@ir.command("dump")
@click.argument("source")
@click.option("-O", "--opt-level", type=click.Choice(sorted(OPT_LEVELS)), default=None)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def ir_dump(source: str, opt_level: str | None, fmt: str) -> None:
    """Print the IR of SOURCE (a guide, a folder, .ssl text or an SSL .json record)."""

    def body() -> int:
        pipeline = OPT_LEVELS[opt_level] if opt_level else None
        _emit_module(_load_module(source, pipeline), fmt)
        return 0

    _run(body)


@ir.command("parse")
@click.argument("file")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def ir_parse(file: str, fmt: str) -> None:
    """Read IR text from FILE (or - for stdin); print it in canonical form or as SSL JSON."""

    def body() -> int:
        _emit_module(_read_ir_file(file), fmt)
        return 0

    _run(body)


@ir.command("verify")
@click.argument("source")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def ir_verify(source: str, fmt: str) -> None:
    """Check the SSL hard rules on SOURCE; exit 1 when any error is found."""

    def body() -> int:
        from skillc.ir.verify import verify

        found = verify(_load_module(source, None))
        if fmt == "json":
            import json

            click.echo(json.dumps([_diagnostic_json(d) for d in found], indent=2))
        else:
            _echo_diagnostics(found, quiet=False)
        return 1 if any(d.severity is Severity.ERROR for d in found) else 0

    _run(body)


def _diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    span = d.span
    where = {"line": span.line, "column": span.col} if span else {}
    filename = span.source if span else d.path
    return {
        "code": d.code,
        "severity": d.severity.value,
        "message": d.message,
        "filename": filename,
        **where,
    }


@click.group()
def passes() -> None:
    """List the registered passes and show pipeline plans."""


@passes.command("list")
def passes_list() -> None:
    """Every registered pass: name, kind, requirements and purpose."""

    def body() -> int:
        from skillc.passes import load_all
        from skillc.passes.registry import PASSES

        load_all()
        for name in sorted(PASSES):
            info = PASSES[name]
            needs = f" (requires {', '.join(info.requires)})" if info.requires else ""
            click.echo(f"{name:24} {info.kind.value:9} {info.doc}{needs}")
        return 0

    _run(body)


@passes.command("plan")
@click.argument("pipeline")
@click.option("--disable", multiple=True, help="Leave a pass out of the plan.")
def passes_plan(pipeline: str, disable: tuple[str, ...]) -> None:
    """The resolved, ordered passes of PIPELINE (O0, O1, Os, or comma-separated pass names)."""

    def body() -> int:
        from skillc.passes import load_all
        from skillc.passes.manager import plan
        from skillc.passes.pipelines import PIPELINES

        load_all()
        name = pipeline.lstrip("-")
        wanted: str | list[str] = name if name in PIPELINES else pipeline.split(",")
        for position, info in enumerate(plan(wanted, disable=disable), start=1):
            click.echo(f"{position:3}. {info.name:24} {info.kind.value}")
        return 0

    _run(body)
