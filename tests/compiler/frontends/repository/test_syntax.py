"""tree-sitter reading of Python: spans that locate the text, literals without running code,
and files with syntax errors read around them."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillc.compiler.frontends.repository.python.click_cli import scan_click
from skillc.compiler.frontends.repository.python.syntax import (
    call_of,
    has_value,
    literal,
    parse_python,
    string_value,
)

SOURCE = '''\
# ünïcödé comment: byte and character offsets differ from here on
import click

HELP = "Größe" " in Bytes"


@click.command()
@click.option("--size", default=__import__("os").system("touch PWNED"), help=HELP)
@click.option("--name", default="ä", help=f"Name {HELP!r}.")
def main(size, name):
    """Größe."""


def broken(:
    pass
'''


def test_spans_locate_the_text_of_their_node() -> None:
    file = parse_python("cli.py", "pkg/cli.py", SOURCE)
    stack = [file.root]
    while stack:
        node = stack.pop()
        span = file.span(node)
        assert SOURCE[span.start : span.end] == file.text(node)
        lines = SOURCE.split("\n")
        assert lines[span.line - 1][span.col - 1 :].startswith(file.text(node).split("\n")[0])
        stack.extend(node.children)


def test_values_are_literals_never_evaluated_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    file = parse_python("cli.py", "cli.py", SOURCE)
    module = scan_click(file)
    command = module.build("main")
    assert command is not None
    size, name, _ = command.options
    assert size.default == '__import__("os").system("touch PWNED")'  # kept as written
    assert not (tmp_path / "PWNED").exists()
    assert name.default == "ä" and name.help == "Name {HELP!r}."


def test_string_values() -> None:
    file = parse_python("a.py", "a.py", 'f("a" "b", (\'c\'), b"x", 1 + 2, -3, ("d", None))\n')
    call = call_of(file.root.named_children[0].named_children[0])
    assert call is not None
    values = [literal(a) for a in call.args]
    assert values[:2] == ["ab", "c"]
    assert not has_value(values[2]) and not has_value(values[3])
    assert values[4:] == [-3, ("d", None)]
    assert string_value(call.args[0]) == "ab"


def test_syntax_errors_are_counted_and_the_rest_is_read() -> None:
    file = parse_python("cli.py", "cli.py", SOURCE)
    assert file.errors >= 1
    assert scan_click(file).build("main") is not None
