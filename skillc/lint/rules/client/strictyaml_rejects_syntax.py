"""PK211: YAML syntax the reference validator's parser (strictyaml) rejects."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import parsed, short, skill_display, skill_text
from skillc.package.model import Package, span_at


@rule("PK211", "strictyaml-rejects-syntax", severity=Severity.WARNING)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The front matter uses flow style, anchors, aliases or tags.

    ## What it checks
    Flow collections (`{a: b}`, `[a, b]`, reported once per outermost collection), anchors
    (`&x`), aliases (`*x`) and explicit tags (`!!str`), anywhere in the front matter.

    ## Why it matters
    They are valid YAML, so the spec rules accept them, but the reference validator parses the
    front matter with strictyaml, which refuses all four ("FlowMappingDisallowed", ...) and
    reports the skill invalid (peers.md §4.4: `metadata: {a: b}`). Only block style survives
    every client.

    ## Example
    ```yaml
    allowed-tools: [Read, Grep]
    metadata: {author: ada}
    ```

    ## Fix
    Use block style: `allowed-tools: Read Grep`, and `metadata:` with one indented
    `author: ada` line per entry. Replace anchors and aliases by the repeated value.
    """
    if not parsed(pkg) or pkg.front_matter.yaml().plain:
        return  # the plain reader takes none of these constructs
    text = skill_text(pkg)
    display = skill_display(pkg)
    offset = pkg.front_matter.offset
    for what, start, end in constructs(pkg.front_matter.text):
        span = span_at(display, text, offset + start, offset + end)
        written = short(text[offset + start : offset + end])
        message = f"{what} `{written}` in the front matter, which the reference validator rejects"
        yield diagnostic("PK211", message, span=span)


def constructs(yaml_text: str) -> Iterator[tuple[str, int, int]]:
    """``(what, start, end)`` of each construct, offsets in ``yaml_text``."""
    import yaml

    names = {
        yaml.AnchorToken: "anchor",
        yaml.AliasToken: "alias",
        yaml.TagToken: "tag",
    }
    opened: list[Any] = []
    try:
        for token in yaml.scan(yaml_text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.FlowMappingStartToken | yaml.FlowSequenceStartToken):
                opened.append(token)
            elif isinstance(token, yaml.FlowMappingEndToken | yaml.FlowSequenceEndToken):
                first = opened.pop() if opened else None
                if first is not None and not opened:
                    what = (
                        "flow mapping"
                        if isinstance(first, yaml.FlowMappingStartToken)
                        else "flow list"
                    )
                    yield what, first.start_mark.index, token.end_mark.index
            elif type(token) in names and not opened:
                yield names[type(token)], token.start_mark.index, token.end_mark.index
    except yaml.YAMLError:
        return
