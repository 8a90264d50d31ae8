"""PK107: the skill name breaks the spec's name grammar."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from skillc.diagnostics import Applicability, Diagnostic, Fix, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import (
    NAME_RE,
    describe,
    folder_rename,
    kebab_name,
    kind,
    parsed,
    plain_or_quoted,
    replace_value,
    string_value,
)
from skillc.package.model import Field, Package


@rule("PK107", "invalid-skill-name", severity=Severity.ERROR, fix="unsafe")
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The skill name is not lowercase ASCII letters and digits joined by single hyphens.

    ## What it checks
    That `name` is a string matching `^[a-z0-9]+(-[a-z0-9]+)*$`: no uppercase letters, no
    non-ASCII letters, no spaces or other characters, no leading, trailing or doubled hyphen.
    The message names each problem. A name of another YAML type (`name: 123` is an integer) is
    reported too.

    The spec's prose allows "lowercase alphanumeric characters (`a-z`, `0-9`) and hyphens".
    The reference validator is looser: it NFKC-normalises the stripped name and accepts any
    Unicode letter or digit (`技能`, `café`), and it reads every scalar as a string. skillc
    follows the spec text (and Anthropic's `quick_validate.py`, which requires `^[a-z0-9-]+$`);
    the differences are listed in docs/lint-vs-reference-validator.md.

    ## Why it matters
    The name is the skill's identifier in every client's catalog and must equal the folder
    name; clients disagree on anything beyond ASCII kebab case (peers.md §4.4).

    ## Example
    ```yaml
    name: PDF_Tools
    ```

    ## Fix
    The unsafe fix rewrites the name in kebab case (`pdf-tools`) and renames the folder to
    match; references to the old name elsewhere are not updated, so review it.
    """
    if not parsed(pkg):
        return
    field = pkg.front_matter.get("name")
    if field is None:
        return
    field_kind = kind(field)
    if field_kind == "null":
        return  # PK106
    value = string_value(field)
    if value is None:
        message = f"skill name is {describe(field_kind, field.raw)}, not a string"
        yield diagnostic("PK107", message, span=field.value_span, fix=_fix(pkg, field, field.raw))
        return
    if not value.strip() or NAME_RE.match(value):
        return
    found = name_problems(value)
    problems = found[0] if len(found) == 1 else f"{', '.join(found[:-1])} and {found[-1]}"
    message = f"skill name `{value}` has {problems}"
    yield diagnostic("PK107", message, span=field.value_span, fix=_fix(pkg, field, value))


def name_problems(name: str) -> list[str]:
    """What is wrong with ``name``, in words, in a fixed order."""
    problems: list[str] = []
    upper = sorted({c for c in name if c.isascii() and c.isupper()})
    if upper:
        problems.append("uppercase letters (" + " ".join(upper) + ")")
    non_ascii = sorted({c for c in name if not c.isascii()})
    if non_ascii:
        shown = " ".join(_char(c) for c in non_ascii[:5])
        problems.append(f"non-ASCII characters ({shown})")
    if any(c.isspace() for c in name if c.isascii()):
        problems.append("whitespace")
    other = sorted(
        {c for c in name if c.isascii() and not (c.isalnum() or c == "-" or c.isspace())}
    )
    if other:
        shown = " ".join(other)
        problems.append(f"characters other than letters, digits and hyphens ({shown})")
    if name.startswith("-"):
        problems.append("a leading hyphen")
    if name.endswith("-"):
        problems.append("a trailing hyphen")
    if "--" in name:
        problems.append("consecutive hyphens")
    return problems or ["an invalid form"]


def _char(c: str) -> str:
    if c.isprintable() and not c.isspace():
        return c
    return f"U+{ord(c):04X} {unicodedata.name(c, '').lower()}".strip()


def _fix(pkg: Package, field: Field, value: str) -> Fix | None:
    new = kebab_name(value)
    if not new:
        return None
    edit = replace_value(pkg, field, plain_or_quoted(new))
    rename = folder_rename(pkg, new)
    what = f"rename the skill to `{new}`" + (" and its folder to match" if rename else "")
    return Fix(
        message=what[0].upper() + what[1:],
        applicability=Applicability.UNSAFE,
        edits=(edit,),
        rename=rename,
    )
