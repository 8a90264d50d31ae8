"""Codes of the tickets frontend: records skipped, data redacted, clusters left out, conflicts."""

from __future__ import annotations

from skillc.diagnostics import Severity
from skillc.diagnostics.table import register

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

register(
    "SK090",
    "ticket-record-skipped",
    WARNING,
    "tickets",
    """A record of a ticket export could not be read and was skipped; the others were read.

    ## What it checks
    Each record of a ticket export (a JSON object, a CSV row, an e-mail message) on its own:
    JSON that does not decode, a CSV row with more or fewer fields than the header or an
    unterminated quote, bytes that are not UTF-8, a field over one million characters, a
    message with broken MIME headers or without a sender. The warning names the export and
    the line the record starts on, never the record's content (it is not redacted yet).

    ## Why it matters
    The tickets of that record are not in any skill. One bad record should cost itself, not
    the export, and should not pass unnoticed either.

    ## Example
    `issues.csv:14:1: SK090 ticket record skipped: 7 fields where the header has 6`

    ## Fix
    Repair the record in the export (or export again); the line says where.
    """,
)
register(
    "SK091",
    "ticket-data-redacted",
    INFO,
    "tickets",
    """Personal data and secrets in a ticket export were replaced by placeholders.

    ## What it checks
    Before any other code reads a ticket, e-mail addresses, phone numbers, API keys and
    tokens, passwords, IP addresses, URL credentials, names in greetings and sign-offs and
    @mentions become typed placeholders (`<EMAIL-1>`, `<TOKEN-2>`...). The note says how many
    of each type one export held; the build's counts add them up. The values themselves are
    never written to an output, the cache, a log or a diagnostic.

    ## Why it matters
    Support history is customer data; a skill is shared widely. The count lets a reviewer
    see that redaction ran and on what scale.

    ## Example
    `tickets.json: SK091 personal data and secrets redacted before reading: e-mail address: 3,
    token or key: 1`

    ## Fix
    Nothing to fix. If a value that is not personal was replaced (a version number read as
    an IP address), the skill still reads, with the placeholder in its place.
    """,
)
register(
    "SK092",
    "ticket-cluster-not-emitted",
    INFO,
    "tickets",
    """A group of tickets about one problem made no troubleshooting skill.

    ## What it checks
    Tickets are clustered by problem; a cluster becomes a skill only when it has at least two
    tickets, at least one of them resolved, and at least one resolution step in the comments
    of its resolved tickets. The note names the cluster's tickets and which condition failed.

    ## Why it matters
    A single report, or a problem nobody solved, is no procedure to teach an agent; emitting
    it would crowd the catalogue with guesses. Reporting it keeps nothing hidden.

    ## Example
    `issues.json#requests#1234:1:1: SK092 tickets requests#1234 make no troubleshooting
    skill: fewer than 2 tickets`

    ## Fix
    Usually nothing. Add more history (more exports) for problems that matter, or write the
    procedure as a guide.
    """,
)
register(
    "SK093",
    "contradicting-ticket-steps",
    WARNING,
    "tickets",
    """Two resolution steps from different tickets of one problem contradict each other.

    ## What it checks
    Steps of one troubleshooting skill that open with opposite verbs on the same object:
    upgrade / downgrade, enable / disable, install / uninstall, add / remove, use / do not
    use. Both steps are kept, each citing its ticket, and listed under "Conflicting advice".

    ## Why it matters
    Merging them would tell an agent to do both; keeping one would hide that the history
    disagrees. A person should decide which advice still holds.

    ## Example
    `Troubleshoot SSLError: steps of tickets requests#12 and requests#40 contradict each other
    (version of 'urllib3'); both kept`

    ## Fix
    Edit the generated skill, or close the outdated ticket with a comment that says which
    advice is current.
    """,
)
register(
    "SK094",
    "records-not-tickets",
    INFO,
    "tickets",
    """Records of a ticket export that are not tickets were not read.

    ## What it checks
    Well-formed records that are not tickets: GitHub pull requests (which describe changes,
    not problems), comments whose issue is not in the build, objects of other shapes. The
    note counts them by kind.

    ## Why it matters
    Nothing is left out silently: the count shows what the export held besides tickets.

    ## Example
    `issues.json: SK094 records that are not tickets were not read (pull request: 3)`

    ## Fix
    Nothing, unless a kind listed is one you expected to be read.
    """,
)
register(
    "SK140",
    "ticket-field-not-found",
    ERROR,
    "tickets",
    """A ticket export lacks a column (or key) that the field mapping names.

    ## What it checks
    The columns named by `--ticket-field FIELD=COLUMN` (or a configuration's `tickets` table)
    against a CSV export's header or a JSON record's keys, compared without case, spaces or
    punctuation. The message lists every field whose column is missing and the columns the
    file does have.

    ## Why it matters
    A misspelt column would read the tickets without their titles or resolutions, and the
    skills built from them would be wrong without a word. The export is not read: the build
    names the file and exits 2 (the other exports are still built and written).

    ## Example
    `cases.csv:1:1: SK140 ticket export not read: no column for title=Summry; the header has
    'Case Number', 'Summary', 'Customer Complaint', 'Case State', 'Fix Applied'`

    ## Fix
    Correct the column name in the flag or configuration (copy it from the list in the
    message), or leave the field out to have it recognised by name.
    """,
)
