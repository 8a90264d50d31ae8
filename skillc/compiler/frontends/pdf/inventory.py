"""What a PDF holds that the frontend can be checked against: its outline titles.

See `skillc.compiler.frontends.guide.inventory` for what an inventory is and why.
"""

from __future__ import annotations

from skillc.compiler.frontends.guide.inventory import SourceInventory, inventory


def pdf_inventory(titles: list[str]) -> SourceInventory:
    """A PDF's outline titles. Its page text is what pypdf extracts, which the frontend reads
    whole (running headers and page numbers are dropped by design), so only the outline,
    which the frontend turns into headings, is worth checking."""
    return inventory([], [(title, 0) for title in titles])
