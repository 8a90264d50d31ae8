"""E-mail exports: mbox files, ``.eml`` files and Maildir messages, read into threads, one
ticket each; a thread may span files (a Maildir holds one message a file).

Messages are parsed by the standard library's ``email`` package (each part decoded by the
charset it declares); a thread is the messages that share a root (``References`` /
``In-Reply-To``, else the subject without ``Re:``/``Fwd:``). The first message is the ticket:
its subject the title, its text the body; the replies are comments, each by the ``reporter``
(the first message's sender) or ``staff`` (anyone else). A thread with a reply by someone other
than the reporter is taken as answered: ``closed``. Quoted text (``>`` lines and the "On ...
wrote:" line before them) is dropped from replies: it repeats the message answered.

A message with broken MIME (no header/body separator, a part that does not decode, no sender)
is skipped with a warning at its line in the mbox. Sender addresses are compared to tell roles
apart and then dropped; they never reach the ticket.
"""

from __future__ import annotations

import email
import email.policy
import re
from collections import Counter
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import parseaddr

from skillc.compiler.frontends.tickets.reading import MAX_FIELD_CHARS, MailMessage, Reading

__all__ = ["mail_threads", "read_mail", "sniff_mail"]

_FROM_LINE = re.compile(rb"^From \S+.*$", re.MULTILINE)
#: An mbox separator as mail programs write it: ``From sender Mon Jan 12 09:00:00 2026``.
_FROM_LINE_DATED = re.compile(rb"^From \S+ .*\b\d{1,2}:\d{2}")
#: Reply and forward markers, and mailing-list tags (``[ART_HACK] Re: [list] Re: ...``): a
#: list's tag names the list, not the problem, and a reply may carry it in another place.
_SUBJECT_PREFIX = re.compile(
    r"^\s*((re|fwd?|aw|sv)\s*(\[\d+\])?\s*:\s*|\[[^\]\n]{1,40}\]\s*)+", re.IGNORECASE
)
_RULE = re.compile(r"^\s*[-=_*~]{3,}\s*$")
#: At most this many lines after a rule at the end of a message are taken as its signature.
_SIGNATURE_LINES = 7
_QUOTE_INTRO = re.compile(r"^On .{0,200}wrote:\s*$")
_HEADER = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]")
_MAIL_HEADERS = frozenset(
    {b"From", b"To", b"Cc", b"Subject", b"Date", b"Message-ID", b"Message-Id", b"Received",
     b"Return-Path", b"Delivered-To", b"MIME-Version", b"In-Reply-To", b"References"}
)  # fmt: skip
#: Defects that leave a message unreadable as its sender meant it (headers run into the body,
#: multipart parts that cannot be found); others (a missing MIME-Version) are harmless.
_BROKEN = re.compile(r"Header|Boundary|Multipart")


def sniff_mail(head: bytes) -> bool:
    """Whether bytes starting with ``head`` are an mbox (a dated ``From `` line, then headers)
    or one RFC 822 message (a Maildir file, an ``.eml``): every line before the first blank
    one is a header, and at least two of them are mail headers by their exact names (``From``,
    ``Subject``, ``Received``...), which a YAML file's lower-case keys are not."""
    lines = head.lstrip(b"\xef\xbb\xbf").split(b"\n")
    if _FROM_LINE_DATED.match(lines[0]) and len(lines) > 1 and _HEADER.match(lines[1]):
        return True
    names: set[bytes] = set()
    for line in lines[:-1]:  # the last line may be cut short
        if not line.strip():
            break
        if line[:1] in b" \t":  # a folded header's continuation
            continue
        if not _HEADER.match(line):
            return False
        names.add(line.split(b":", 1)[0])
    return len(names & _MAIL_HEADERS) >= 2


def read_mail(data: bytes, reading: Reading) -> None:
    """Every message of the mbox or message ``data`` into ``reading.mail``, threaded with the
    other exports' messages by `mail_threads` once all are read."""
    for line, chunk in _split(data):
        parsed = _parse(chunk, line, reading)
        if parsed is not None:
            reading.mail.append(parsed)


def mail_threads(readings: Sequence[Reading]) -> dict[str, Counter[str]]:
    """The messages of every reading grouped into threads, each thread a ticket of the reading
    that holds its first message: a Maildir or a folder of ``.eml`` files holds one message a
    file, and a reply is often in another file than the message it answers. Returns what was
    redacted, by the source id of the reading each thread's ticket went to."""
    messages = _unique([(reading, m) for reading in readings for m in reading.mail])
    by_id = {m.own_id: m for _, m in messages if m.own_id}
    # A thread's first message by its subject, for replies that lost their references (list
    # archives such as Pipermail drop In-Reply-To): "Re: subject" joins "subject".
    starters: dict[str, str] = {}
    for _, message in messages:
        if not message.root and message.own_id and not _is_reply(message.subject):
            starters.setdefault(_thread_subject(message.subject), message.own_id)
    threads: dict[str, list[tuple[Reading, MailMessage]]] = {}
    for reading, message in messages:
        subject = _thread_subject(message.subject)
        if message.root in by_id:  # a reply to a message of the build: its thread's root
            key = _first(message, by_id)
        elif not message.root and message.own_id and not _is_reply(message.subject):
            key = message.own_id  # a thread's first message
        else:  # a reply to a message not exported: its subject names the thread
            key = starters.get(subject) or subject or f"{reading.source}:{message.line}"
        threads.setdefault(key, []).append((reading, message))
    redacted: dict[str, Counter[str]] = {}
    for key, thread in threads.items():
        # The message that opened the thread is the ticket, wherever the export put it.
        thread.sort(key=lambda pair, key=key: pair[1].own_id != key)  # type: ignore[misc]
        counts = thread[0][0].builder.redactor.counts
        before = Counter(counts)
        _ticket(thread)
        redacted.setdefault(thread[0][0].source, Counter()).update(counts - before)
    for reading in readings:
        reading.mail.clear()  # the raw messages are not kept once they are tickets
    return redacted


def _split(data: bytes) -> list[tuple[int, bytes]]:
    """``(line, bytes)`` of each message: mbox messages start at ``From `` lines."""
    starts = [
        m.start()
        for m in _FROM_LINE.finditer(data)
        if m.start() == 0 or data[m.start() - 1 : m.start()] == b"\n"
    ]
    if not starts or starts[0] != 0:
        return [(1, data)]
    chunks = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(data)
        body_start = data.find(b"\n", start) + 1  # the From line is not a header
        chunks.append((data.count(b"\n", 0, start) + 1, data[body_start:end]))
    return chunks


def _parse(chunk: bytes, line: int, reading: Reading) -> MailMessage | None:
    if len(chunk) > MAX_FIELD_CHARS * 4:
        reading.skip(line, f"a message of {len(chunk):,} bytes is over the limit")
        return None
    message = email.message_from_bytes(chunk, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    broken = [type(d).__name__ for d in message.defects if _BROKEN.search(type(d).__name__)]
    sender = parseaddr(str(message.get("From", "")))[1].lower()
    if broken or not sender:
        reason = f"broken MIME ({', '.join(sorted(set(broken)))})" if broken else "no sender"
        reading.skip(line, reason)
        return None
    try:
        part = message.get_body(preferencelist=("plain", "html"))
        text = part.get_content() if part is not None else ""
    except LookupError:  # a charset Python does not know
        reading.skip(line, "text in an unknown charset")
        return None
    except (ValueError, AssertionError, UnicodeError) as error:
        reading.skip(line, f"broken MIME ({type(error).__name__})")
        return None
    if not isinstance(text, str):
        text = ""
    if len(text) > MAX_FIELD_CHARS:
        reading.skip(line, f"a body of {len(text):,} characters is over the limit")
        return None
    references = str(message.get("References", "")).split()
    reply_to = str(message.get("In-Reply-To", "")).strip()
    root = references[0] if references else reply_to
    return MailMessage(
        line=line,
        sender=sender,
        subject=str(message.get("Subject", "")),
        root=root,
        own_id=str(message.get("Message-ID", "")).strip(),
        time=str(message.get("Date", "")),
        text=text,
    )


def _first(message: MailMessage, by_id: dict[str, MailMessage]) -> str:
    """The id of the first message of the build in ``message``'s thread: a reply that names
    only its parent (``In-Reply-To``, no ``References``) is followed up the chain."""
    seen = {message.own_id}
    root = message.root
    while root in by_id and by_id[root].root in by_id and by_id[root].root not in seen:
        seen.add(root)
        root = by_id[root].root
    return root


def _unique(
    messages: list[tuple[Reading, MailMessage]],
) -> list[tuple[Reading, MailMessage]]:
    """The messages without repeats of one already seen (same Message-ID): overlapping
    archives, or a list fetched twice, hold the same message more than once."""
    seen: set[str] = set()
    kept = []
    for reading, message in messages:
        if message.own_id and message.own_id in seen:
            continue
        seen.add(message.own_id)
        kept.append((reading, message))
    return kept


def _is_reply(subject: str) -> bool:
    """Whether a subject says it answers another message (``Re:`` after any list tags)."""
    return (
        re.match(r"^\s*(\[[^\]\n]{1,40}\]\s*)*(re|aw|sv)\s*(\[\d+\])?\s*:", subject, re.I)
        is not None
    )


def _thread_subject(subject: str) -> str:
    return " ".join(_SUBJECT_PREFIX.sub("", subject).lower().split())


def _ticket(thread: list[tuple[Reading, MailMessage]]) -> None:
    (reading, first), replies = thread[0], thread[1:]
    builder = reading.builder
    comments = tuple(
        builder.comment(
            n,
            role="reporter" if m.sender == first.sender else "agent",
            time=m.time,
            text=_unquoted(m.text),
            line=m.line,
            source="" if where is reading else where.source,
        )
        for n, (where, m) in enumerate(replies, 1)
    )
    answered = any(m.sender != first.sender for _, m in replies)
    reading.tickets.append(
        builder.ticket(
            source=reading.source,
            line=first.line,
            key=f"{reading.source.rsplit('/', 1)[-1]}:{first.line}",  # unique per export
            title=_SUBJECT_PREFIX.sub("", first.subject),
            body=_unquoted(first.text),
            comments=comments,
            status="closed" if answered else "open",
        )
    )


def _unquoted(text: str) -> str:
    """A reply without the lines it quotes, the "On ... wrote:" line that introduces them
    (list archives often drop the quote and keep that line) and the signature."""
    kept = [
        line
        for line in _unsigned(text).split("\n")
        if not line.lstrip().startswith(">") and not _QUOTE_INTRO.match(line.strip())
    ]
    return "\n".join(kept).strip()


def _unsigned(text: str) -> str:
    """``text`` without its signature: what follows the ``-- `` line (RFC 3676) is the
    sender's name, employer and motto, never the problem or its fix."""
    lines = text.rstrip().split("\n")
    for i, line in enumerate(lines):
        if i == 0:
            continue
        if line.rstrip() == "--":
            return "\n".join(lines[:i])
        # A rule (``---``, ``=-=-=-=``) with a few lines after it, at the end: a sign-off.
        if _RULE.match(line) and len(lines) - i <= _SIGNATURE_LINES:
            return "\n".join(lines[:i])
    return text
