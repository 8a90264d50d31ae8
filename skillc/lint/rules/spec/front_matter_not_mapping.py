"""PK104: the front matter is not a mapping of keys to values."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import opening_span
from skillc.package.model import Package


@rule("PK104", "front-matter-not-mapping", severity=Severity.ERROR)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The front matter is empty, or is a YAML list or scalar instead of `key: value` pairs.

    ## What it checks
    That the YAML between the `---` lines is a mapping. An empty block (or one holding only
    comments) is reported as empty.

    ## Why it matters
    The spec's fields are keys of a mapping; the reference validator reports "SKILL.md
    frontmatter must be a YAML mapping".

    ## Example
    ```yaml
    ---
    - name: pdf-tools
    ---
    ```

    ## Fix
    Write one `key: value` line per field, starting at column 1.
    """
    fm = pkg.front_matter
    file = pkg.skill_file
    if file is None or file.text is None or not fm.closed or fm.error or fm.is_mapping:
        return
    what = _what(fm.text)
    yield diagnostic("PK104", f"front matter is {what}", span=fm.span or opening_span(pkg))


def _what(text: str) -> str:
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        node = None
    if node is None:
        return "empty"
    if isinstance(node, yaml.SequenceNode):
        return "a YAML list, not a mapping of keys to values"
    return "a single YAML value, not a mapping of keys to values"
