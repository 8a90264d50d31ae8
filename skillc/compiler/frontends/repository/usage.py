"""Option lines of the usage text a program prints (``  -f, --filter <regex>  Only run ...``).

Why a module of its own: shell scripts and JavaScript programs parsed by hand (minimist,
``process.argv``) have no library that declares their options; the text they print for
``--help`` is where they say what they accept. The shell reader takes help and value names
from it for the options its ``case`` patterns parse; the JavaScript reader, for a program
that uses no option library, takes the options themselves from it (cited at the line of the
text). Lines are matched one at a time: names (``-p``, ``--port``, separated by a comma, a
bar or a space), an optional value (``<dir>``, ``DIR``, ``[path]``, ``[=headers]``), then
help after two spaces; help that starts on the next, deeper-indented line is taken too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["UsageLine", "manual_rows", "usage_lines"]

_NAME = r"(?:-[A-Za-z0-9]|--[A-Za-z0-9][\w-]*)"
_LINE = re.compile(
    rf"^\s{{0,8}}(?P<names>{_NAME}(?:(?:\s*[,|]\s*|\s){_NAME})*)"
    r"(?P<value>\[=?[^\]\s]+\]|[ =]<[^>]+>|[ =]\[[^\]]+\]|[ =][A-Z][A-Z_]+)?"
    r"(?:(?:\s{2,}|(?<=[>\]])\s)(?P<help>\S.*))?$"
)
#: A long option whose name fills the column, its help one space after (``--print-output-on-
#: failure Automatically print ...``): only when the help starts as aligned help starts.
_ALIGNED = re.compile(r"^\s{1,8}(?P<names>--[A-Za-z0-9][\w-]{18,})(?P<value>)\s(?P<help>[A-Z].*)$")
#: ``echo "  -n COUNT  help"``: a usage line printed one at a time (the words kept).
_ECHO = re.compile(r"""^\s*(?:echo|printf)\s+(?:-e\s+)?["']""")


@dataclass(frozen=True, slots=True)
class UsageLine:
    """One option line: its names, value name (``""`` for a switch), help, 0-based row."""

    names: tuple[str, ...]
    value: str
    help: str
    row: int


def usage_lines(rows: list[str]) -> list[UsageLine]:
    """The option lines among ``rows`` (text lines, or the strings a program prints)."""
    rows = [_ECHO.sub("", row).rstrip().rstrip("\"'") for row in rows]
    found = []
    for number, row in enumerate(rows):
        match = _LINE.match(row) or _ALIGNED.match(row)
        if match is None:
            continue
        value = (match.group("value") or "").strip(" =")
        help_text = (match.group("help") or "").strip()
        following = rows[number + 1] if number + 1 < len(rows) else ""
        if not help_text and re.match(r"^\s{12,}[^\s-]", following):  # help on the next line
            help_text = following.strip()
        names = tuple(n for n in re.split(r"\s*[,|]\s*|\s+", match.group("names")) if n)
        found.append(UsageLine(names=names, value=value, help=help_text, row=number))
    return found


_ROFF_ESCAPES = re.compile(r"\\f[BIRP]|\\\||\\\(bu|\\&|\\[,/]")
#: help2man's tagged paragraph, ``.IP "\fB\,--json\/\fR, \fB\,-j\/\fR"``: the option's names.
_TAGGED = re.compile(r'^\.IP\s+"(.*)"')


#: mdoc macros of a list item's head that only style the word after them.
_MDOC_STYLES = frozenset({"Sy", "Li", "Em", "Cm", "Ar", "Op", "Oo", "Oc", "Ns"})


def _mdoc_item(arguments: str) -> str:
    """The words of an mdoc ``.It`` line: quotes and styles dropped, ``Fl x`` as ``-x``.

    >>> _mdoc_item('Sy "--encode --decimal"'), _mdoc_item("Fl h , Fl -help")
    ('--encode --decimal', '-h, --help')
    """
    words: list[str] = []
    flag = False
    for word in arguments.replace('"', " ").split():
        if word == "Fl":
            flag = True
        elif word not in _MDOC_STYLES:
            words.append(f"-{word}" if flag else word)
            flag = False
    return " ".join(words).replace(" ,", ",")


def manual_rows(roff: str) -> list[str]:
    """A man page's text (roff, or the Markdown it is made from) as usage rows: escapes,
    directives and bullets dropped, and an option line
    followed by its help on the next line (marked's ``-o, --output [file]`` / ``.br`` /
    ``Specify file output.``) joined into one row, as a usage text writes it."""
    plain = []
    for row in roff.split("\n"):
        if row.startswith(".It "):  # an mdoc list item: ``.It Sy "--escape"``, ``.It Fl h``
            row = _mdoc_item(row[4:])
        elif tagged := _TAGGED.match(row):
            row = tagged.group(1)
        elif row.startswith((".", "'")):
            continue
        text = _ROFF_ESCAPES.sub("", row).replace("\\-", "-").replace("\\.", ".")
        text = text.replace("\\[dq]", '"').replace("\\[aq]", "'").strip()
        text = re.sub(r"^[*•]\s+", "", text)  # a Markdown man page's bullet
        if text:
            plain.append(text)
    rows = []
    for number, row in enumerate(plain):
        following = plain[number + 1] if number + 1 < len(plain) else ""
        joined = f"{row}  {following}" if following and not following.startswith("-") else row
        rows.append(joined if _LINE.match(row) and "  " not in row else row)
    return rows
