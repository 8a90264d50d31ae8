"""The project's Python modules, and the command line behind each console script.

Why: ``[project.scripts]`` says ``flask = "flask.cli:main"``; what an agent needs is the
command line ``main`` runs. `PythonTree` parses the project's own modules (not tests, examples
or docs: `skillc.compiler.frontends.repository.surface`), maps dotted module names to files
(``src/`` layouts included) and resolves a ``module:attribute`` target: a click command
object, a function whose body runs one (``cli.main()``, ``cli()``, also one imported from a
sibling module), or a function that builds an argparse parser (itself or in a function it
calls).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from skillc.compiler.frontends.repository.model import Command
from skillc.compiler.frontends.repository.python.argparse_cli import (
    ArgparseModule,
    scan_argparse,
)
from skillc.compiler.frontends.repository.python.click_cli import ClickModule, scan_click
from skillc.compiler.frontends.repository.python.syntax import (
    PyFile,
    call_of,
    dotted,
    parse_python,
)
from skillc.compiler.frontends.repository.python.typer_cli import TyperModule, scan_typer

__all__ = ["PythonTree", "absolute_module", "module_name"]


def module_name(path: str) -> str:
    """The dotted module name of the file at ``path`` (``src/`` dropped; a package's
    ``__init__.py`` is the package)."""
    parts = path.removesuffix(".py").split("/")
    if parts and parts[0] in ("src", "lib") and len(parts) > 1:
        parts = parts[1:]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


@dataclass(slots=True)
class _Module:
    file: PyFile
    click: ClickModule
    argparse: ArgparseModule
    typer: TyperModule


@dataclass(slots=True)
class PythonTree:
    """The project's Python files, parsed once each, by dotted module name."""

    files: dict[str, tuple[str, str]]
    prefix: str
    _parsed: dict[str, _Module] = field(default_factory=dict)
    #: Dotted module name -> path, the first path in sorted order winning.
    by_module: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for path in sorted(self.files):
            self.by_module.setdefault(module_name(path), path)

    def module(self, dotted: str) -> _Module | None:
        """The parsed module ``dotted``, None when the project has no such file."""
        path = self.by_module.get(dotted)
        if path is None:
            return None
        if path not in self._parsed:
            source, text = self.files[path]
            file = parse_python(path, source, text)
            self._parsed[path] = _Module(
                file, scan_click(file), scan_argparse(file), scan_typer(file)
            )
        return self._parsed[path]

    def parsed(self) -> list[PyFile]:
        """The files parsed so far, in path order (for syntax-error notes)."""
        return [self._parsed[p].file for p in sorted(self._parsed)]

    def command(self, target: str, program: str) -> Command | None:
        """The command line behind entry point ``target`` (``module:attribute``)."""
        dotted, _, attribute = target.partition(":")
        attribute = attribute.strip().split(".")[0]
        return self._resolve(dotted.strip(), attribute, program, 0)

    def main_modules(self) -> list[str]:
        """The top-level packages with a ``__main__`` module (``python -m package``)."""
        return sorted(
            name.removesuffix(".__main__")
            for name in self.by_module
            if name.endswith(".__main__") and name.count(".") == 1
        )

    def module_command(self, dotted: str, program: str) -> Command | None:
        """The command line module ``dotted`` runs at its top level (a ``__main__`` module:
        ``main()``, ``cli()``, ``app()``, also behind ``if __name__ == "__main__":``)."""
        module = self.module(dotted)
        if module is None:
            return None
        for called, argument in _called(module.file.root):
            name = called.removesuffix(".main")
            if called.rpartition(".")[2] == "run" and called in ("typer.run", "run"):
                return module.typer.function(argument, program)
            found = self._resolve(dotted, name, program, 1)
            if found is not None:
                return found
        return None

    def _resolve(self, dotted: str, name: str, program: str, depth: int) -> Command | None:
        module = self.module(dotted)
        if module is None or depth > 5:
            return None
        built = module.click.build(name) or module.typer.build(name, program)
        if built is not None:
            return built.renamed(program)
        if name in module.click.imports:
            origin, original = module.click.imports[name]
            return self._resolve(
                absolute_module(dotted, origin, self), original, program, depth + 1
            )
        function = module.click.functions.get(name)
        if function is None:
            return module.argparse.command("", program) if name == "" else None
        for called, argument in _called(function):
            if called.rpartition(".")[2] == "run" and called in ("typer.run", "run"):
                return module.typer.function(argument, program)
            found = self._resolve_call(module, dotted, called, program, depth)
            if found is not None:
                return found
        return module.argparse.command(name, program)

    def _resolve_call(
        self, module: _Module, dotted: str, called: str, program: str, depth: int
    ) -> Command | None:
        """A command run by a call to ``called`` (``cli.main``, ``cli``) in the module."""
        head = called.removesuffix(".main") if called.endswith(".main") else called
        if head in module.typer.apps:
            return module.typer.build(head, program)
        if head in module.click.commands:
            built = module.click.build(head)
            return built.renamed(program) if built is not None else None
        if head in module.click.imports:
            origin, original = module.click.imports[head]
            target = self.module(absolute_module(dotted, origin, self))
            if target is not None and original in target.click.commands:
                built = target.click.build(original)
                return built.renamed(program) if built is not None else None
        return None


def _called(function: Node) -> list[tuple[str, str]]:
    """The dotted names a function's body calls, in source order, each with its first
    argument when that is a name (``typer.run(main)``)."""
    names: list[tuple[str, str]] = []
    stack = [function]
    while stack:
        node = stack.pop()
        call = call_of(node)
        if call is not None and call.func:
            names.append((call.func, dotted(call.args[0]) if call.args else ""))
        stack.extend(reversed(node.named_children))
    return names


def absolute_module(here: str, origin: str, tree: PythonTree) -> str:
    """The dotted name of module ``origin`` imported from module ``here`` (relative imports:
    ``.cli`` in package ``flask``, or in ``flask/__init__.py`` itself)."""
    if not origin.startswith("."):
        return origin
    dots = len(origin) - len(origin.lstrip("."))
    package = here.split(".")
    is_package = tree.by_module.get(here, "").endswith("__init__.py")
    base = package if is_package else package[:-1]
    base = base[: len(base) - (dots - 1)] if dots > 1 else base
    rest = origin[dots:]
    return ".".join([*base, rest]) if rest else ".".join(base)
