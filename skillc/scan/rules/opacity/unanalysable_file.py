"""RK212: a file whose content cannot be read as text: bytecode, executables, archives,
office documents, or a file too large to read. It is reported, never skipped: a payload in a
`.pyc` or a `.docx` is a published way past scanners that read only text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from skillc.diagnostics import Diagnostic, Severity
from skillc.scan.context import ScanContext
from skillc.scan.model import Channel, Dimension, Finding, RuleMeta

META = RuleMeta(
    code="RK212",
    channel=Channel.RISKY,
    dimensions=((Dimension.COVERT, 3),),
    owasp="AST08",
    skillscan="supply chain",
)

_KINDS: dict[str, str] = {
    **dict.fromkeys((".pyc", ".pyo", ".class", ".wasm"), "compiled bytecode"),
    **dict.fromkeys(
        (
            ".exe",
            ".dll",
            ".so",
            ".dylib",
            ".elf",
            ".msi",
            ".com",
            ".scr",
            ".app",
            ".o",
            ".a",
        ),
        "an executable or library",
    ),
    **dict.fromkeys(
        (
            ".zip",
            ".tar",
            ".gz",
            ".tgz",
            ".bz2",
            ".xz",
            ".7z",
            ".rar",
            ".jar",
            ".whl",
            ".skill",
            ".zst",
            ".deb",
            ".rpm",
            ".dmg",
            ".pkg",
            ".iso",
            ".egg",
        ),
        "an archive",
    ),
    **dict.fromkeys(
        (
            ".docx",
            ".docm",
            ".doc",
            ".xlsx",
            ".xlsm",
            ".xls",
            ".pptx",
            ".pptm",
            ".ppt",
            ".odt",
            ".ods",
            ".odp",
            ".rtf",
        ),
        "an office document",
    ),
}
#: Suffixes that name no format: ``.bin`` holds firmware, model weights or any data, and was
#: reported as "an executable or library" whatever it held. Its magic number decides.
_GENERIC_BINARY: dict[str, str] = {".bin": "binary data of no format its first bytes name"}
#: Magic numbers, whatever the file is called.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x7fELF", "an executable or library"),
    (b"MZ", "an executable or library"),
    (b"\xcf\xfa\xed\xfe", "an executable or library"),
    (b"\xca\xfe\xba\xbe", "an executable or library"),
    (b"PK\x03\x04", "an archive"),
    (b"\x1f\x8b", "an archive"),
    (b"7z\xbc\xaf", "an archive"),
    (b"Rar!", "an archive"),
    (b"\xd0\xcf\x11\xe0", "an office document"),
)
#: Binary assets a skill legitimately ships (images, fonts, media): opaque but inert.
_ASSETS = frozenset(
    (
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".ico",
        ".bmp",
        ".tif",
        ".tiff",
        ".ttf",
        ".otf",
        ".woff",
        ".woff2",
        ".eot",
        ".mp3",
        ".mp4",
        ".wav",
        ".ogg",
        ".webm",
        ".pdf",
        ".avif",
        ".heic",
    )
)


def check(ctx: ScanContext) -> Iterator[Finding]:
    """Every file of the package that is not text, by suffix and by magic number."""
    yield from _unread(ctx)
    for file in ctx.package.files:
        suffix = Path(file.path).suffix.lower()
        kind: str | None
        if suffix in _GENERIC_BINARY:  # the first bytes say what it is, or nothing does
            kind = _magic(ctx.package.root / file.path) or _GENERIC_BINARY[suffix]
        else:
            kind = _KINDS.get(suffix) or _magic(ctx.package.root / file.path)
        if kind is None and file.text is None and suffix not in _ASSETS:
            kind = f"a file that cannot be read as text ({file.problem or 'binary'})"
        if kind is None:
            continue
        yield _finding(f"{file.path} is {kind}: its content cannot be analysed", file.display)


def _unread(ctx: ScanContext) -> Iterator[Finding]:
    """What the reader could not read at all: links out of the skill or in a loop, archive
    members refused (paths that climb out, links, bombs, nested archives)."""
    for problem in ctx.package.diagnostics:
        yield _finding(f"not read: {problem.message}", problem.path)


def _finding(message: str, path: str) -> Finding:
    """An RK212 finding about a whole file (no span: nothing in it was read)."""
    diagnostic = Diagnostic(code="RK212", message=message, severity=Severity.WARNING, path=path)
    return Finding(
        diagnostic=diagnostic,
        channel=META.channel,
        dimensions=META.dimensions,
        owasp=META.owasp,
        skillscan=META.skillscan,
    )


def _magic(path: Path) -> str | None:
    """The kind of binary the first bytes of ``path`` announce (only the magic number is read,
    to name the type; the content is reported as unanalysable either way)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return None
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), None)
