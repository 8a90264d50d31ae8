"""The risk scanner: static analysis of third-party skills before they are installed.

``skillc scan PATH...`` reads each skill package the way ``skillc lint`` does
(`skillc.package.reader`), cuts its files into units an agent would act on (`units`: SKILL.md
prose, code blocks, front matter, HTML comments, alt text, bundled scripts), derives normalised
views of each unit (`normalize`: decoded base64/base32/hex/URL blobs, joined string
concatenations, folded Unicode, stripped Markdown/HTML wrappers), runs the risk rules on raw and
normalised text (`rules`, one per module), and turns the findings into a verdict (`verdict`) and
reports (`report`: text, JSON, SARIF 2.1.0, Markdown).

Nothing from a scanned skill is ever imported or executed: scripts are parsed with tree-sitter
(`scripts`) and read as text. Layering: cli -> scan -> lint (shared detectors) -> package.
"""
