"""Inline Markdown: links, plain text and slugs, one definition each.

Frontends, passes, the backend and lint all read inline Markdown: they find links, reduce text
to plain words, and make slugs for file names. Each of those is defined here once, so a link
the backend writes is a link lint reads, and a heading's plain text is the same wherever it is
shown.

- `LINK` finds ``[text](target "title")`` and ``![alt](src)`` with the target as written;
  `LINK_TO_ANYTHING` the same links and images whatever the parentheses hold, to reduce them
  to their text (`link_texts`).
- `unmarked` drops code and emphasis marks (backticks, stars) and collapses whitespace: the
  plain text of a heading as titles and contents lists show it. `plain` goes further:
  every inline construct (code spans, links, images, autolinks, tags, emphasis, escapes)
  becomes its text.
- `slugify` makes ASCII kebab-case words: file names of reference parts, skill ids.
- `WORD` is a word for comparing texts whatever their markup; `split_words` lists them.
"""

from __future__ import annotations

import re
import unicodedata
from operator import itemgetter

__all__ = [
    "LINK",
    "LINK_TARGET",
    "LINK_TO_ANYTHING",
    "WORD",
    "link_texts",
    "plain",
    "slugify",
    "split_words",
    "squash",
    "unmarked",
    "without_targets",
]

#: ``[text](target "title")`` and ``![alt](src)``: groups ``(bang, text, target)``. Link text may
#: hold one level of brackets and backslash-escaped characters (``[\\[ticket\\]](...)``).
LINK = re.compile(
    r"(!?)\[((?:\\.|[^\[\]\\]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)"
)
#: A link or image whatever its parentheses hold (``[a](b c)`` too): groups ``(bang, text)``.
LINK_TO_ANYTHING = re.compile(r"(!?)\[((?:\\.|[^\[\]\\]|\[[^\[\]]*\])*)\]\([^)]*\)")
#: The target part of a link, ``](target)``: what `without_targets` drops.
LINK_TARGET = re.compile(r"\]\([^)]*\)")
#: A word for comparing texts whatever their markup: letters and digits, no underscores (so
#: Markdown escapes and emphasis marks do not matter).
WORD = re.compile(r"[^\W_]+")
#: Every ASCII byte that is not a letter or digit, as a space (`words`).
_NOT_ALNUM = bytes(c if chr(c).isalnum() else 0x20 for c in range(256))

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_PLAIN_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
#: An image by reference: ``![alt][ref]``, ``![alt][]`` or ``![alt]`` (after inline images).
_REF_IMAGE = re.compile(r"!\[([^\]]*)\](?:\[[^\]]*\])?")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
#: A code span: a run of backticks (not escaped), its text, the same run. Written to open with a
#: literal backtick (the lookbehind that turns down an escaped one is written after it, over
#: the backslash and the backtick), so the engine skips to backticks instead of trying the
#: pattern at every position: `re` only takes a literal or a set of first characters as a
#: prefix when the pattern opens with it, and an opening lookbehind hid it (the same matches,
#: ``group(2)`` the text; a third of the cost of a sentence's substitution).
_CODE_SPAN = re.compile(r"`(?<!\\`)(`*)(.+?)`\1", re.DOTALL)
#: Emphasis: its delimiter, its text, the same delimiter. An underscore opens it only when it
#: follows no letter, digit or underscore: checked by a lookbehind written after the
#: underscore (over the character before and the underscore), so that every alternative opens
#: with a literal ``*`` or ``_`` and the engine skips to those (as for `_CODE_SPAN`).
_EMPHASIS = re.compile(r"(\*\*|__|\*|_(?<!\w_))(?=\S)(.+?)(?<=\S)\1(?!\w)", re.DOTALL)
#: An underscore that can open emphasis (`_EMPHASIS`: not after a letter, digit or underscore).
#: Without one, a star or a double underscore, text has no emphasis to take out: most of the
#: underscores of a page about an API are inside names (``sqlite3_open``).
_OPENING_UNDERSCORE = re.compile(r"_(?<!\w_)")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_STAR = re.compile(r"\\\*|\*")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
#: `plain`'s placeholders for escapes and code spans set aside.
_ESCAPED = re.compile("\x01(\\d+)\x01")
_KEPT_SPAN = re.compile("\x00(\\d+)\x00")
#: What ``r"\1"`` and ``r"\2"`` substitute (a match's group, which always takes part in the
#: patterns `plain` uses them with), as C callables: given a template string, `re` calls back
#: into Python (``re._subx``) on every `sub` and expands the template in Python for every
#: match, three times the cost of a link's substitution.
_GROUP_1 = itemgetter(1)
_GROUP_2 = itemgetter(2)


def split_words(text: str) -> list[str]:
    """``WORD.findall(text)``; an ASCII text is split at spaces written over every byte that is
    not a letter or digit instead, a third faster: inventories split every text node of every
    page (sqlite: 950,000 words).

    >>> split_words("snake_case, 2*3 and x86-64"), split_words("naïve café")
    (['snake', 'case', '2', '3', 'and', 'x86', '64'], ['naïve', 'café'])
    """
    if text.isascii():
        return text.encode("ascii").translate(_NOT_ALNUM).decode("ascii").split()
    return WORD.findall(text)


def link_texts(text: str) -> str:
    """``text`` with every link and image reduced to its text.

    >>> link_texts("see [the `api`](api.md) and ![logo](l.png)")
    'see the `api` and logo'
    """
    if "](" not in text:
        return text
    return LINK_TO_ANYTHING.sub(_text_group, text)


def _text_group(match: re.Match[str]) -> str:
    return match.group(2)


def without_targets(text: str) -> str:
    """``text`` with links as ``[text]``: the same page's links differ in target from copy to
    copy. Linear: it only looks for ``](``, never for the opening bracket.

    >>> without_targets("see [a](x.md) and ![b](y.png)")
    'see [a] and ![b]'
    """
    return LINK_TARGET.sub("]", text) if "](" in text else text


def unmarked(text: str) -> str:
    """``text`` without backticks and stars, whitespace collapsed: a heading as a title.

    Code spans keep their text as written: ``dict(**items)`` and ``__init__`` stay whole.

    >>> unmarked("The `run`  **command** on `f(**kw)`")
    'The run command on f(**kw)'
    """
    parts: list[str] = []
    at = 0
    for match in _CODE_SPAN.finditer(text):
        parts += [_unstarred(text[at : match.start()]), match.group(2).strip()]
        at = match.end()
    parts.append(_unstarred(text[at:]))
    return " ".join("".join(parts).split())


def _unstarred(text: str) -> str:
    """Text outside code spans without emphasis stars and stray backticks; an escaped star
    (``\\*args``) is a star."""
    return _STAR.sub(lambda m: "*" if len(m.group()) == 2 else "", text).replace("`", "")


def plain(markdown: str) -> str:
    """Markdown inline text as plain words: markup removed, whitespace collapsed.

    Backslash escapes are set aside before any markup pattern runs (``\\*`` is a star, not
    emphasis; ``\\<`` is not a tag) and put back as their plain character at the end. Roles
    (MyST, reStructuredText) are the frontends' to rewrite first. Text without a character any
    step acts on (`_ACTED_ON`: over a third of a guide's sentences) is only squashed, without
    the set-up: this runs for every sentence a frontend reads.

    >>> plain(r"**Use** \\*args with \\<tag\\> and `code`")
    'Use *args with <tag> and code'
    """
    if _ACTED_ON.search(markdown) is None:
        return squash(markdown)
    return _unmarked_text(markdown)


#: The characters `plain`'s steps act on: each runs only when the text holds one (a backtick,
#: a backslash, ``](`` or ``][``, ``<``, ``*`` or ``_``, or its own placeholders ``\x00`` and
#: ``\x01``).
_ACTED_ON = re.compile(r"[`\\\]<*_\x00\x01]")


def _unmarked_text(markdown: str) -> str:
    """`plain` of text that may hold markup: every step, each where its character occurs."""
    spans: list[str] = []
    escapes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        spans.append(match.group(2).strip())
        return f"\x00{len(spans) - 1}\x00"

    def escape(match: re.Match[str]) -> str:
        escapes.append(match.group(1))
        return f"\x01{len(escapes) - 1}\x01"

    # Each pattern runs only when the character it starts with is in the text: most text is
    # plain words, and this is called for every sentence a frontend reads (the result is the
    # same; a pattern that cannot match changes nothing).
    text = _CODE_SPAN.sub(keep, markdown) if "`" in markdown else markdown
    if "\\" in text:
        text = _ESCAPE.sub(escape, text)
    if "](" in text:
        text = _PLAIN_LINK.sub(_GROUP_1, _IMAGE.sub(_GROUP_1, text))
    if "![" in text:  # reference images: badges (``[![Build Status]][travis]``) were kept whole
        text = _REF_IMAGE.sub(_GROUP_1, text)
    if "][" in text:
        text = _REF_LINK.sub(_GROUP_1, text)
    if "<" in text:
        text = _TAG.sub("", _AUTOLINK.sub(_GROUP_1, text))
    if "*" in text or "__" in text or ("_" in text and _OPENING_UNDERSCORE.search(text)):
        emphasised = _EMPHASIS.sub(_GROUP_2, text)
        # nested emphasis such as ***x*** takes a second pass (none when the first found none)
        text = emphasised if emphasised == text else _EMPHASIS.sub(_GROUP_2, emphasised)
    if "\x01" in text:
        text = _ESCAPED.sub(lambda m: escapes[int(m.group(1))], text)
    if "\x00" in text:
        text = _KEPT_SPAN.sub(lambda m: spans[int(m.group(1))], text)
    return squash(text)


def squash(text: str) -> str:
    r"""Whitespace runs collapsed to one space, ends stripped: ``" ".join(text.split())``,
    which is ``re.sub(r"\s+", " ", text).strip()`` (both split at ``str.isspace``) at a
    quarter of the cost; `plain` does it for every sentence a frontend reads."""
    return " ".join(text.split())


def slugify(text: str, limit: int = 0) -> str:
    """ASCII kebab-case words of ``text`` (accents folded); when ``limit`` is given, cut at a
    hyphen to at most ``limit`` characters.

    >>> slugify("Options with `multiple` Values!"), slugify("Ünïcode stuff", limit=9)
    ('options-with-multiple-values', 'unicode')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if limit and len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug
