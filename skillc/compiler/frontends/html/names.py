"""Package names for pages whose file name says nothing: from the page's title instead.

Why: generators that chunk a manual into pages name the files by position, not by content:
latex2html writes ``node470.html``, DocBook XSL ``ch01.html``, ``ch01s02.html``, ``apa.html``,
``pr01.html``, Doxygen ``a00012.html``, and multilingual builds add a language (``ch01.en.html``).
A skill named ``ch01-en`` tells an agent choosing among skills nothing, so such a page is named
from its title ("Chapter 1. Overview" -> ``overview``). File names that are words (Sphinx's
``quickstart.html``, texinfo's ``Invoking-diff.html``) stay the name: they are stable across
releases and are what the site's own links use.

Guarantees: pure functions of their arguments; `title_name` never returns an empty string when
the title has a letter or digit; the normalize-names pass still makes every name unique.
"""

from __future__ import annotations

import posixpath
import re

from skillc.compiler.frontends.guide.textutil import kebab, name_stem

# A language tag before the suffix (``ch01.en.html``, ``index.zh-cn.html``).
_LANGUAGE = re.compile(r"\.[a-z]{2}(?:[-_][a-z]{2,4})?$", re.IGNORECASE)
# Position-only names: a generator's prefix and digits (latex2html node470, DocBook ch01s02,
# pr01, pt02, bk01, ix01, tex4ht x123, Doxygen a00012), a DocBook appendix letter (apa,
# apbs01), or texi2html's manual name and a number or part (gettext_11, gettext_toc,
# gettext_fot, gettext_abt), or DocBook's page of an image's long description, named by a
# generated id (ld-idm1389). Names of words and digits (fts3, base64, json1) are not positions.
_OPAQUE = re.compile(
    r"^(?:(?:(?:node|ch|chap|pr|pt|ar|bk|bi|go|ix|rn|re|sec|sect|s|x|a)\d+|ap[a-h])"
    r"(?:[a-z]{1,2}\d+)*|[a-z][a-z0-9+.-]*_(?:\d+|toc|fot|abt|ovr)|ld-id[a-z]*\d+)$"
)
# Numbering before a title: "Chapter 1.", "Appendix A.", "Part II.", "1.2.3", "A.1".
_NUMBERING = re.compile(
    r"^(?:(?:chapter|appendix|part|section|article|preface)\s+[0-9a-z]+(?:\.[0-9]+)*\.?"
    r"|[0-9]+(?:\.[0-9]+)*[.:]?|[A-Z]\.[0-9]+(?:\.[0-9]+)*\.?)\s+",
    re.IGNORECASE,
)


def page_name(source_id: str, title: str, *, titled: bool = False) -> str:
    """The package name of the page ``source_id`` titled ``title``, or ``""`` to keep the one
    its file name gives: the title's for a position-only file name, the file name without its
    language tag for a translated page (``index.en.html`` -> ``index``). ``index`` stays: it is
    what the same page's source (``index.rst``, ``index.md``) is named by the other frontends.
    ``titled``: the generator mangles file names (Doxygen's ``group__mdb__env.html``,
    ``struct_m_d_b__env.html``), so the title names every page."""
    path = source_id.replace("\\", "/")
    folder, base = posixpath.split(path)
    stem, dot, suffix = base.rpartition(".")
    if titled or opaque_file_name(source_id):
        return title_name(title)
    if not dot or not _LANGUAGE.search(stem):
        return ""
    untagged = posixpath.join(folder, _LANGUAGE.sub("", stem) + "." + suffix)
    return kebab(name_stem(untagged))


def opaque_file_name(source_id: str) -> bool:
    """Whether the page's file name is a position (``node470``, ``ch01.en``), not a word."""
    base = posixpath.basename(source_id.replace("\\", "/"))
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return bool(_OPAQUE.match(_LANGUAGE.sub("", stem).lower()))


def title_name(title: str) -> str:
    """The package name a title gives, without its chapter or section numbering."""
    text = " ".join(title.split())
    bare = _NUMBERING.sub("", text, count=1)
    return kebab(bare) or kebab(text)
