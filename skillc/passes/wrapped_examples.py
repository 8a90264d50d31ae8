"""Examples wrapped in made-up tag lines: which show the wrong way, and their code.

Skills mark examples with tags on lines of their own, the fence inside (kaizen,
test-driven-development and writing-skills in npm claude-code-skills 0.5.0)::

    <Bad>
    ```typescript
    // Trying to do everything at once
    ...
    ```
    Overwhelming, error-prone, hard to verify
    </Bad>

The Markdown frontend reads such a wrapper as one raw HTML block
(`skillc.compiler.frontends.markdown.wrapped_html`), a paragraph to compress-body, so however
long its code it never moved. A wrapper whose tag says the code is the wrong way ("Bad",
"Wrong", "Incorrect", "Avoid", "Anti-pattern") illustrates a rule the body states beside it;
compress-body judges its code as it judges a fenced example. A wrapper that shows the right
way ("Good", "Correct") may be the only statement of what to do and stays, as the "✅ Correct
Configuration:" example does (`skillc.passes.body_guidance.is_specification`).

Linear in the block's text; deterministic.
"""

from __future__ import annotations

import re

from skillc.ir.nodes import Code, ContentBlock, Prose

_WRAPPED = re.compile(r"\A<([A-Za-z][\w-]*)(?:\s[^<>]*)?>\n(.*)\n</\1\s*>\s*\Z", re.DOTALL)
_FENCED = re.compile(
    r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)\n(?P<code>.*?)\n {0,3}(?P=fence)[`~]*[ \t]*$",
    re.DOTALL | re.MULTILINE,
)
#: Tag names that call the wrapped code the wrong way.
_WRONG_WAY = re.compile(
    r"^(?:bad|wrong|incorrect|avoid|dont|do-?not|anti-?pattern|bad-?example|wrong-?example)$",
    re.IGNORECASE,
)


def is_wrapped(block: ContentBlock) -> bool:
    """Whether ``block`` is a paragraph of a fence wrapped in tag lines (any tag)."""
    return isinstance(block, Prose) and _WRAPPED.match(block.text) is not None


def wrong_way(block: ContentBlock) -> tuple[Code, str] | None:
    """``(the first fenced code, the wrapper's text outside its fences)`` when ``block`` is a
    fence wrapped in tag lines whose tag says the code is the wrong way, else None.

    >>> code, caption = wrong_way(Prose(id="p", text="<Bad>\\n```ts\\nx()\\n```\\nSlow\\n</Bad>"))
    >>> code.language, code.text, caption
    ('ts', 'x()', 'Slow')
    >>> wrong_way(Prose(id="p", text="<Good>\\n```ts\\nx()\\n```\\n</Good>")) is None
    True
    """
    if not isinstance(block, Prose):
        return None
    wrapped = _WRAPPED.match(block.text)
    if wrapped is None or not _WRONG_WAY.match(wrapped.group(1)):
        return None
    inner = wrapped.group(2)
    fenced = _FENCED.search(inner)
    if fenced is None:
        return None
    info = fenced.group("info").strip()
    code = Code(id=block.id, text=fenced.group("code"), language=info.split()[0] if info else "")
    caption = " ".join(_FENCED.sub(" ", inner).split())
    return code, caption
