"""The intermediate stream between block reading and structure extraction.

Why: reading a guide (Markdown tokens, MyST directives, embedded RST) and extracting SSL
structure (steps, constraints, scenes) are separate concerns. The readers emit a flat,
document-ordered list of `Piece`s (a content block plus what the extractor needs to know about
it) and `Caution`s (warning admonitions); the extractor never looks at tokens again.

Guarantees: every piece and caution has a span inside its source; ``texts`` and ``items`` hold
the *raw* source of each paragraph (before role rewriting) so sentences can be located in the
source, and `Piece.rewrite` turns such a raw fragment into the Markdown the block emits.
"""

from __future__ import annotations

from dataclasses import dataclass

from skillc.compiler.frontends.guide.textutil import (
    NO_TARGETS,
    Roles,
    rewrite_roles,
    rewrite_rst_inline,
)
from skillc.ir.nodes import ContentBlock
from skillc.ir.span import Span

#: The two inline dialects a paragraph can be written in.
MARKDOWN = "md"
RST = "rst"


def rewrite(raw: str, dialect: str, roles: Roles = NO_TARGETS) -> str:
    """Raw inline text of ``dialect`` as the Markdown skillc emits (roles rewritten against
    ``roles``)."""
    return rewrite_rst_inline(raw, roles) if dialect == RST else rewrite_roles(raw, roles)


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeRef:
    """A code fence found inside a list item (kept in the item's text, not as a Code block)."""

    language: str
    text: str
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class Piece:
    """One content block (its ``id`` still empty) and the context the extractor needs.

    ``admonition`` is the innermost enclosing admonition directive (``note``, ``warning``...),
    ``""`` at top level. ``texts`` are the raw paragraph sources of a prose block; ``items`` the
    raw paragraph sources of each top-level list item; ``codes`` the fences nested in list items.
    """

    block: ContentBlock
    span: Span
    admonition: str = ""
    dialect: str = MARKDOWN
    texts: tuple[str, ...] = ()
    items: tuple[tuple[str, ...], ...] = ()
    codes: tuple[CodeRef, ...] = ()

    def rewrite(self, raw: str, roles: Roles) -> str:
        """A raw fragment of this piece as the Markdown its block emits."""
        return rewrite(raw, self.dialect, roles)


@dataclass(frozen=True, slots=True, kw_only=True)
class Caution:
    """A warning-class admonition: becomes a ``warning`` constraint with this text."""

    text: str
    span: Span


Event = Piece | Caution
